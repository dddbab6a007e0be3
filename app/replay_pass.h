#pragma once
// One pass of the engine over a mixed stream of records (their order is the arrival order): a
// JSONL file, or a range of topics read from Kafka. What `replay` writes to files and what a
// shadow run (app/shadow_run.h) does twice, once per config. Wall
// time never moves a watermark here, and the end of the file releases every held message, so
// the same file always gives the same alerts. Sender-level detectors run in process: the
// engine's by-sender records go straight to the sender stage after each batch
// (pipeline/sender_link.h), as through the topic in a run. Memory is bounded whatever the input
// holds: lines come from a LineReader that cuts a line at the decoder's record limit
// (ingest/line_reader.h), and batches are cut by bytes as well as by records.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "core/status.h"
#include "core/time.h"
#include "ingest/line_reader.h"
#include "pipeline/sink.h"

namespace consentry {

// Where a pass reads: calls `emit` with each record in arrival order, and returns at the end (or
// with emit's first error).
using RecordSource = std::function<Status(const std::function<Status(InputRecord&&)>& emit)>;

// The lines of an open JSONL reader, read once (a pipe can only be read once). A line longer
// than the reader's limit arrives cut to that plus one byte (the decoder dead-letters it as
// oversize), so memory stays bounded.
RecordSource LineSource(std::shared_ptr<LineReader> reader);
// The lines of a JSONL file, opened anew by every pass (a shadow run reads it twice).
RecordSource FileSource(std::string path, size_t max_line_bytes);
// Records already read (a topic range), in their order; the vector must outlive the source.
RecordSource MemorySource(const std::vector<InputRecord>& records);

struct ReplayPass {
  RecordSource source;
  std::string state_dir;         // empty: a scratch directory, removed afterwards
  int64_t progress_s = 5;        // a progress line every this many seconds; 0: none
  std::optional<Timestamp> now;  // what replay takes as now (default: the wall clock)
};

// Runs every detector of `config` over `pass.source`, emitting alerts and dead letters to `sink`
// (which never sees a by-sender record), then prints the pass's summary.
Status RunReplayPass(const Config& config, const ReplayPass& pass, Sink& sink);

}  // namespace consentry
