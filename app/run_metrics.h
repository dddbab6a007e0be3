#pragma once
// What `run` counts for /metrics (docs/operations.md lists every metric): records read per
// topic and the batch times, kept across the rebuilds of one run, and, rendered beside them,
// what the current engines, sender stages, consumers and store report.
//
// Thread-safe: every engine of the run notes its batches here.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/histogram.h"
#include "core/record.h"
#include "pipeline/engine.h"
#include "pipeline/sender_stage.h"
#include "state/store.h"

namespace consentry {

// What the current lives of the job's engines report when the metrics are rendered: each
// engine's, added up (app/engine_board.h).
struct RunMetricsView {
  EngineStats engine;
  std::optional<SenderStageStats> sender;  // absent: no sender stage
  size_t held = 0;
  std::map<TopicPartition, int64_t> lag;  // records behind the end, per assigned partition
  Store::Size store_size;                 // the one store's: not added up
  ReadCounters reads;  // the engine threads' RocksDB block reads since they started
  bool degraded = false;

  // Adds another engine's figures (all but store_size).
  RunMetricsView& operator+=(const RunMetricsView& other);
};

class RunMetrics {
 public:
  // A batch of `stage` ("subject" or "sender") read these records and took `seconds`.
  void NoteBatch(std::string_view stage, const std::vector<InputRecord>& records, double seconds);
  // The job rebuilt itself after a failed batch (its engine's counters start over).
  void NoteRebuild() {
    const std::lock_guard lock(mu_);
    ++rebuilds_;
  }
  // A config reload was applied, or refused (the rules in force stayed).
  void NoteReload(bool applied) {
    const std::lock_guard lock(mu_);
    ++(applied ? reloads_applied_ : reloads_refused_);
  }

  // The Prometheus text of everything.
  std::string Render(const RunMetricsView& view) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, int64_t>> records_by_topic_;  // few topics: a short list
  std::map<std::string, Histogram, std::less<>> batch_seconds_;
  int64_t rebuilds_ = 0;
  int64_t reloads_applied_ = 0, reloads_refused_ = 0;
};

}  // namespace consentry
