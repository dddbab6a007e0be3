#pragma once
// Progress lines while a job runs and the summary when it ends, on stderr.

#include <chrono>

#include "pipeline/engine.h"
#include "pipeline/sender_stage.h"

namespace consentry {

class RunReport {
 public:
  RunReport(const EngineStats& stats, std::chrono::seconds every);
  // Also report the sender stage (its inputs, repeats, late inputs and window alerts).
  void AddSenderStage(const SenderStageStats& stats) { sender_ = &stats; }
  // Prints a progress line if `every` has passed since the last one (never when every is 0).
  void MaybePrint(size_t held);
  // A batch of input was processed (for the throughput between the first and last batch).
  void NoteBatch();
  // Records, judged, alerts by detector, DLQ by reason, rate.
  void PrintSummary(size_t held) const;

 private:
  const EngineStats& stats_;
  const SenderStageStats* sender_ = nullptr;
  std::chrono::seconds every_;
  std::chrono::steady_clock::time_point start_, last_;
  std::chrono::steady_clock::time_point first_batch_{}, last_batch_{};
  int64_t records_at_first_batch_ = 0;
};

}  // namespace consentry
