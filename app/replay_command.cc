// consentry replay: the same engine over a mixed JSONL stream (file order = arrival order),
// writing alerts and DLQ records to files. Wall time never moves a watermark here, and the end
// of the file releases every held message, so the same file always gives the same alerts.
// Sender-level detectors run in process: the engine's by-sender records go straight to the
// sender stage after each batch (pipeline/sender_link.h), as through the topic in a run.
// Memory is bounded whatever the input holds: lines come from a LineReader that cuts a line at
// the decoder's record limit (ingest/line_reader.h), and batches are cut by bytes as well as by
// records.

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "app/command_util.h"
#include "app/commands.h"
#include "app/output_paths.h"
#include "app/run_report.h"
#include "ingest/line_reader.h"
#include "pipeline/engine.h"
#include "pipeline/file_sink.h"
#include "pipeline/sender_link.h"
#include "pipeline/sender_stage.h"
#include "state/store.h"

namespace consentry {
namespace {

// A fresh state directory for a backtest, removed when the replay ends (unless --state-dir).
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "consentry-replay-XXXXXX").string();
    if (::mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Status Replay(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfigFromFlags(flags));
  const std::string input = flags.Get("input");
  const std::string alerts_out = flags.Get("alerts-out");
  const int64_t progress_s = flags.Int("progress");
  // Opened before any output is created or truncated.
  CONSENTRY_ASSIGN_OR_RETURN(
      LineReader reader,
      LineReader::Open(input, {.max_line_bytes = config.decode_limits.max_record_bytes}));
  ScratchDir scratch;
  const std::string state_dir = flags.Has("state-dir") ? flags.Get("state-dir") : scratch.path();
  if (state_dir.empty()) return Unavailable("cannot create a scratch state directory");

  CONSENTRY_ASSIGN_OR_RETURN(auto store, Store::Open(state_dir, StoreOptions{}));
  CONSENTRY_ASSIGN_OR_RETURN(auto detectors, MakeDetectors(config));
  CONSENTRY_ASSIGN_OR_RETURN(auto sender_detectors, MakeSenderDetectors(config));
  CONSENTRY_ASSIGN_OR_RETURN(auto files, FileSink::Open(alerts_out, flags.Get("dlq-out")));
  // Replay never reads the wall clock for decisions; detected_at is the only use.
  SystemClock clock;
  EngineOptions options = EngineOptionsFor(config);
  const DetectorEnv env{config.taxonomy, config.policies};
  options.env = &env;
  options.replay = true;
  if (flags.Has("now")) options.replay_now = *ParseRfc3339(flags.Get("now"));  // checked
  const bool two_stages = !sender_detectors.empty();
  if (two_stages) options.sender_partitions = 1;
  SenderStage stage(*store, std::move(sender_detectors), *files, clock,
                    {.sources = 1, .topic = config.topics.by_sender});
  SenderLink link(*files, stage);
  Engine engine(*store, std::move(detectors), link, clock, options);
  CONSENTRY_RETURN_IF_ERROR(engine.Assign({{"", 0}}).status());

  RunReport report(engine.stats(), std::chrono::seconds(progress_s));
  if (two_stages) report.AddSenderStage(stage.stats());
  // A batch is cut by records and by bytes. A line longer than the decoder's record limit
  // arrives cut to that limit plus one byte, so it costs no more than a record that fits and
  // the decoder dead-letters it as oversize.
  std::vector<InputRecord> batch;
  size_t batch_bytes = 0;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    CONSENTRY_RETURN_IF_ERROR(engine.Process(batch).status());
    batch.clear();
    batch_bytes = 0;
    report.MaybePrint(engine.held());
    return Status::Ok();
  };
  Line line;
  while (true) {
    CONSENTRY_ASSIGN_OR_RETURN(const bool more, reader.Next(line));
    if (!more) break;
    // Even an empty line goes through the decoder: it lands in the DLQ, nothing is skipped.
    batch_bytes += line.text.size();
    batch.push_back(InputRecord{.offset = line.number, .value = std::move(line.text)});
    if (batch.size() >= config.batch_size || batch_bytes >= config.max_batch_bytes) {
      CONSENTRY_RETURN_IF_ERROR(flush());
    }
  }
  CONSENTRY_RETURN_IF_ERROR(flush());
  CONSENTRY_RETURN_IF_ERROR(engine.ReleaseAll());
  report.PrintSummary(engine.held());
  return Status::Ok();
}

// Usage errors: a --now that is not a time, or an output that is the input or the other output.
Status CheckReplayFlags(const Flags& flags) {
  if (flags.Has("now") && !ParseRfc3339(flags.Get("now")).ok()) {
    return InvalidArgument("--now must be an RFC 3339 time such as 2026-11-01T00:00:00Z");
  }
  return CheckDistinctFiles({{"input", flags.Get("input")},
                             {"alerts-out", flags.Get("alerts-out")},
                             {"dlq-out", flags.Get("dlq-out")}});
}

}  // namespace

Command ReplayCommand() {
  return {
      .spec = {.name = "replay",
               .summary = "The same pipeline over a JSONL file, without Kafka (backtests). Event "
                          "times past --now plus the configured future skew go to the DLQ.",
               .flags = {ConfigFlag(),
                         {.name = "input",
                          .value_name = "FILE",
                          .help = "the records, JSON lines of any input schema",
                          .required = true},
                         {.name = "alerts-out",
                          .value_name = "FILE",
                          .help = "where the alerts go, JSON lines (replaced)",
                          .required = true},
                         {.name = "dlq-out",
                          .value_name = "FILE",
                          .help = "where dead letters go (default: not written, only counted)"},
                         StateDirFlag("the state to build on (default: a scratch directory, "
                                      "removed afterwards)"),
                         {.name = "progress",
                          .type = FlagType::kInt,
                          .value_name = "SECONDS",
                          .help = "a progress line every this many seconds; 0: none",
                          .default_value = "5"},
                         {.name = "now",
                          .value_name = "RFC3339",
                          .help = "the time replay takes as now (default: the wall clock)"}}},
      .check_usage = CheckReplayFlags,
      .run = Replay};
}

}  // namespace consentry
