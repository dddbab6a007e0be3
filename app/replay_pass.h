#pragma once
// One pass of the engine over a mixed JSONL stream (file order = arrival order): what `replay`
// writes to files and what a shadow run (app/shadow_run.h) does twice, once per config. Wall
// time never moves a watermark here, and the end of the file releases every held message, so
// the same file always gives the same alerts. Sender-level detectors run in process: the
// engine's by-sender records go straight to the sender stage after each batch
// (pipeline/sender_link.h), as through the topic in a run. Memory is bounded whatever the input
// holds: lines come from a LineReader that cuts a line at the decoder's record limit
// (ingest/line_reader.h), and batches are cut by bytes as well as by records.

#include <optional>
#include <string>

#include "app/config.h"
#include "core/status.h"
#include "core/time.h"
#include "pipeline/sink.h"

namespace consentry {

struct ReplayPass {
  std::string input;             // the JSONL file
  std::string state_dir;         // empty: a scratch directory, removed afterwards
  int64_t progress_s = 5;        // a progress line every this many seconds; 0: none
  std::optional<Timestamp> now;  // what replay takes as now (default: the wall clock)
};

// Runs every detector of `config` over `pass.input`, emitting alerts and dead letters to `sink`
// (which never sees a by-sender record), then prints the pass's summary.
Status RunReplayPass(const Config& config, const ReplayPass& pass, Sink& sink);

}  // namespace consentry
