#include "app/replay_pass.h"

#include <unistd.h>

#include <filesystem>

#include "app/command_util.h"
#include "app/run_report.h"
#include "ingest/line_reader.h"
#include "pipeline/config_stamp_sink.h"
#include "pipeline/engine.h"
#include "pipeline/sender_link.h"
#include "pipeline/sender_stage.h"
#include "state/store.h"

namespace consentry {
namespace {

// A fresh state directory for a backtest, removed when the pass ends.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "consentry-replay-XXXXXX").string();
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

}  // namespace

RecordSource LineSource(std::shared_ptr<LineReader> reader) {
  return [reader = std::move(reader)](const std::function<Status(InputRecord &&)>& emit) -> Status {
    Line line;
    while (true) {
      CONSENTRY_ASSIGN_OR_RETURN(const bool more, reader->Next(line));
      if (!more) return Status::Ok();
      // Even an empty line goes through the decoder: it lands in the DLQ, nothing is skipped.
      CONSENTRY_RETURN_IF_ERROR(
          emit(InputRecord{.offset = line.number, .value = std::move(line.text)}));
    }
  };
}

RecordSource FileSource(std::string path, size_t max_line_bytes) {
  return [path = std::move(path),
          max_line_bytes](const std::function<Status(InputRecord &&)>& emit) -> Status {
    CONSENTRY_ASSIGN_OR_RETURN(LineReader reader,
                               LineReader::Open(path, {.max_line_bytes = max_line_bytes}));
    return LineSource(std::make_shared<LineReader>(std::move(reader)))(emit);
  };
}

RecordSource MemorySource(const std::vector<InputRecord>& records) {
  return [&records](const std::function<Status(InputRecord &&)>& emit) -> Status {
    int64_t number = 0;
    for (const InputRecord& r : records) {
      CONSENTRY_RETURN_IF_ERROR(emit(InputRecord{.offset = number++, .value = r.value}));
    }
    return Status::Ok();
  };
}

Status RunReplayPass(const Config& config, const ReplayPass& pass, Sink& sink) {
  std::optional<ScratchDir> scratch;
  if (pass.state_dir.empty()) scratch.emplace();
  const std::string& state_dir = scratch ? scratch->path() : pass.state_dir;
  if (state_dir.empty()) return Unavailable("cannot create a scratch state directory");

  CONSENTRY_ASSIGN_OR_RETURN(auto store, Store::Open(state_dir, StoreOptionsFor(config)));
  CONSENTRY_ASSIGN_OR_RETURN(auto detectors, MakeDetectors(config));
  CONSENTRY_ASSIGN_OR_RETURN(auto sender_detectors, MakeSenderDetectors(config));
  // Replay never reads the wall clock for decisions; detected_at is the only use.
  SystemClock clock;
  EngineOptions options = EngineOptionsFor(config);
  const DetectorEnv env{config.taxonomy, config.policies};
  options.env = &env;
  options.replay = true;
  options.replay_now = pass.now;
  const bool two_stages = !sender_detectors.empty();
  if (two_stages) options.sender_partitions = 1;
  ConfigStampSink stamped(sink, config.sha256);
  SenderStage stage(*store, std::move(sender_detectors), stamped, clock,
                    {.sources = 1, .topic = config.topics.by_sender});
  SenderLink link(stamped, stage);
  Engine engine(*store, std::move(detectors), link, clock, options);
  CONSENTRY_RETURN_IF_ERROR(engine.Assign({{"", 0}}).status());

  RunReport report(engine.stats(), std::chrono::seconds(pass.progress_s));
  if (two_stages) report.AddSenderStage(stage.stats());
  // A batch is cut by records and by bytes. A file's line longer than the decoder's record
  // limit arrives cut to that limit plus one byte, so it costs no more than a record that fits
  // and the decoder dead-letters it as oversize.
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
  CONSENTRY_RETURN_IF_ERROR(pass.source([&](InputRecord&& record) -> Status {
    batch_bytes += record.value.size();
    batch.push_back(std::move(record));
    if (batch.size() >= config.batch_size || batch_bytes >= config.max_batch_bytes) {
      return flush();
    }
    return Status::Ok();
  }));
  CONSENTRY_RETURN_IF_ERROR(flush());
  CONSENTRY_RETURN_IF_ERROR(engine.ReleaseAll());
  report.PrintSummary(engine.held());
  return Status::Ok();
}

}  // namespace consentry
