#pragma once
// Sink to JSONL files (replay and backtests): one alert.v1 / dlq.v1 / stats.v1 document per line.
// The stats file holds every change of a cell; the last line of each cell is its value, as the
// compacted topic would keep it (reports read it so).

#include <cstdio>
#include <memory>
#include <string>

#include "pipeline/sink.h"

namespace consentry {

class FileSink final : public Sink {
 public:
  // Either path may be empty: that output is then discarded (but still counted by the engine).
  static StatusOr<std::unique_ptr<FileSink>> Open(const std::string& alerts_path,
                                                  const std::string& dlq_path,
                                                  const std::string& stats_path = "");
  ~FileSink() override;

  Status Emit(const Alert& alert) override;
  Status Emit(const DlqEntry& entry) override;
  Status Emit(const StatsRecord& record) override;
  // A replay hands sender records to its in-process sender stage (pipeline/sender_link.h), never
  // to a file: FailedPrecondition.
  Status Emit(const SenderRecord& record) override;
  // Flushes both files (a replay has no offsets and no changelog).
  Status Commit(StoreBatch& writes,
                const std::map<TopicPartition, int64_t>& next_offsets) override;

 private:
  FileSink() = default;
  Status WriteLine(std::FILE* file, const std::string& line);
  std::FILE* alerts_ = nullptr;
  std::FILE* dlq_ = nullptr;
  std::FILE* stats_ = nullptr;
};

}  // namespace consentry
