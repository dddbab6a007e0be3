// consentry replay: the engine over a JSONL file (app/replay_pass.h), writing alerts and DLQ
// records to files; or, with --baseline-config, a shadow run over a file or a range of topics
// (app/topic_range.h) that writes nothing and reports what the config adds, removes and changes
// against the baseline (app/shadow_run.h).

#include <fmt/format.h>

#include <filesystem>

#include "app/command_util.h"
#include "app/commands.h"
#include "app/output_paths.h"
#include "app/replay_pass.h"
#include "app/shadow_run.h"
#include "app/topic_range.h"
#include "core/log.h"
#include "ingest/line_reader.h"
#include "pipeline/file_sink.h"

namespace consentry {
namespace {

// How many added, removed and changed alerts a shadow run shows per detector.
constexpr size_t kShadowSamples = 5;
// A shadow run's exit status when the configs flag different alerts.
constexpr int kShadowChanged = 3;

// The comma-separated names of --topic.
std::vector<std::string> TopicNames(const std::string& list) {
  std::vector<std::string> out;
  for (size_t start = 0; start <= list.size();) {
    const size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) out.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

StatusOr<int> Replay(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfigFromFlags(flags));
  std::optional<Config> baseline;  // loaded first: a broken file fails before a long read
  if (flags.Has("baseline-config")) {
    CONSENTRY_ASSIGN_OR_RETURN(baseline, LoadConfig(flags.Get("baseline-config")));
  }
  ReplayPass pass{.state_dir = flags.Get("state-dir"), .progress_s = flags.Int("progress")};
  if (flags.Has("now")) pass.now = *ParseRfc3339(flags.Get("now"));  // checked
  std::vector<InputRecord> range;  // a shadow run over Kafka reads it once for both passes
  if (flags.Has("topic")) {
    TopicRange wanted{.topics = TopicNames(flags.Get("topic")),
                      .from_offset = flags.Int("from-offset")};
    if (flags.Has("to-offset")) wanted.to_offset = flags.Int("to-offset");
    CONSENTRY_ASSIGN_OR_RETURN(range, ReadTopicRange(config.kafka, wanted));
    log::Info("replay", fmt::format("{} records in the range", range.size()));
    pass.source = MemorySource(range);
  } else if (baseline) {
    pass.source = FileSource(flags.Get("input"), config.decode_limits.max_record_bytes);
  } else {
    // Opened once (it may be a pipe), before any output is created or truncated.
    CONSENTRY_ASSIGN_OR_RETURN(
        LineReader reader,
        LineReader::Open(flags.Get("input"),
                         {.max_line_bytes = config.decode_limits.max_record_bytes}));
    pass.source = LineSource(std::make_shared<LineReader>(std::move(reader)));
  }
  if (baseline) {
    CONSENTRY_ASSIGN_OR_RETURN(const ShadowDiff diff, RunShadow(config, *baseline, pass));
    const std::string report = RenderShadowDiff(diff, kShadowSamples);
    std::fwrite(report.data(), 1, report.size(), stdout);
    if (flags.Has("diff-out")) {
      CONSENTRY_RETURN_IF_ERROR(WriteShadowDiff(diff, flags.Get("diff-out")));
    }
    return diff.changed() ? kShadowChanged : 0;
  }
  CONSENTRY_ASSIGN_OR_RETURN(auto files,
                             FileSink::Open(flags.Get("alerts-out"), flags.Get("dlq-out"),
                                            flags.Get("stats-out")));
  CONSENTRY_RETURN_IF_ERROR(RunReplayPass(config, pass, *files));
  return 0;
}

// Usage errors: a --now that is not a time, not exactly one of --input and --topic, a topic
// range outside a shadow run or with offsets that make no range, an output that is the input or
// the other output, no --alerts-out for a replay, an output or a state directory for a shadow
// run.
Status CheckReplayFlags(const Flags& flags) {
  if (flags.Has("now") && !ParseRfc3339(flags.Get("now")).ok()) {
    return InvalidArgument("--now must be an RFC 3339 time such as 2026-11-01T00:00:00Z");
  }
  if (flags.Has("input") == flags.Has("topic")) {
    return InvalidArgument("give --input FILE, or --topic NAMES for a shadow run over Kafka");
  }
  if (!flags.Has("topic")) {
    for (const char* name : {"from-offset", "to-offset", "bootstrap"}) {
      if (flags.Has(name)) return InvalidArgument("--" + std::string(name) + " goes with --topic");
    }
  } else {
    if (!flags.Has("baseline-config")) {
      return InvalidArgument(
          "--topic is for a shadow run: give --baseline-config too (a replay "
          "of a topic range produces nothing)");
    }
    if (TopicNames(flags.Get("topic")).empty()) return InvalidArgument("--topic names no topic");
    if (flags.Int("from-offset") < 0) return InvalidArgument("--from-offset must be 0 or more");
    if (flags.Has("to-offset") && flags.Int("to-offset") <= flags.Int("from-offset")) {
      return InvalidArgument("--to-offset must be above --from-offset (it is not included)");
    }
  }
  if (flags.Has("baseline-config")) {
    if (flags.Has("input") && !std::filesystem::is_regular_file(flags.Get("input"))) {
      return InvalidArgument(
          "a shadow run reads --input twice (once per config): give a regular "
          "file, not a pipe or a directory");
    }
    for (const char* name : {"alerts-out", "dlq-out", "stats-out", "state-dir"}) {
      if (flags.Has(name)) {
        return InvalidArgument("--" + std::string(name) +
                               " has no use in a shadow run (--baseline-config), which writes "
                               "nothing and judges each config from empty state");
      }
    }
    return CheckDistinctFiles({{"input", flags.Get("input")}, {"diff-out", flags.Get("diff-out")}});
  }
  if (flags.Has("diff-out")) {
    return InvalidArgument("--diff-out is for a shadow run (--baseline-config)");
  }
  if (flags.Get("alerts-out").empty()) {
    return InvalidArgument(
        "missing required flag --alerts-out (a replay writes its alerts there; a "
        "shadow run with --baseline-config writes nothing)");
  }
  return CheckDistinctFiles({{"input", flags.Get("input")},
                             {"alerts-out", flags.Get("alerts-out")},
                             {"dlq-out", flags.Get("dlq-out")},
                             {"stats-out", flags.Get("stats-out")}});
}

}  // namespace

Command ReplayCommand() {
  return {
      .spec = {.name = "replay",
               .summary = "The same pipeline over a JSONL file, without Kafka (backtests). Event "
                          "times past --now plus the configured future skew go to the DLQ. With "
                          "--baseline-config, a shadow run: both configs judge the input, nothing "
                          "is written, and what --config adds, removes and changes against the "
                          "baseline is printed per detector; exit 0 when nothing differs, 3 when "
                          "something does.",
               .flags = {ConfigFlag(),
                         {.name = "input",
                          .value_name = "FILE",
                          .help = "the records, JSON lines of any input schema (or --topic)"},
                         {.name = "alerts-out",
                          .value_name = "FILE",
                          .help = "where the alerts go, JSON lines (replaced); required but in a "
                                  "shadow run"},
                         {.name = "baseline-config",
                          .value_name = "FILE",
                          .help = "a shadow run against this config (the live one)"},
                         {.name = "topic",
                          .value_name = "A,B",
                          .help = "a shadow run over these topics, read from Kafka (every "
                                  "partition, in the order of the records' timestamps)"},
                         {.name = "from-offset",
                          .type = FlagType::kInt,
                          .value_name = "OFFSET",
                          .help = "with --topic: the first offset read in each partition",
                          .default_value = "0"},
                         {.name = "to-offset",
                          .type = FlagType::kInt,
                          .value_name = "OFFSET",
                          .help = "with --topic: read up to this offset, not included (default: "
                                  "the end when the read starts)"},
                         BootstrapFlag(),
                         {.name = "diff-out",
                          .value_name = "FILE",
                          .help = "a shadow run's every change there, JSON lines (replaced)"},
                         {.name = "dlq-out",
                          .value_name = "FILE",
                          .help = "where dead letters go (default: not written, only counted)"},
                         {.name = "stats-out",
                          .value_name = "FILE",
                          .help = "where the report aggregates go, stats.v1 JSON lines, each "
                                  "cell's last line its value (`consentry report --stats`)"},
                         StateDirFlag("the state to build on (default: a scratch directory, "
                                      "removed afterwards)"),
                         ProgressFlag(),
                         {.name = "now",
                          .value_name = "RFC3339",
                          .help = "the time replay takes as now (default: the wall clock)"}}},
      .check_usage = CheckReplayFlags,
      .run = Replay};
}

}  // namespace consentry
