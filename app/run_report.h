#pragma once
// Progress lines while a job runs and the summary when it ends, on stderr. With several engines
// (run's processing.engines) each reports its own progress and the job adds their totals up.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/engine.h"
#include "pipeline/sender_stage.h"

namespace consentry {

class RunReport {
 public:
  // What one engine's life did; several engines' add up.
  struct Totals {
    EngineStats engine;
    std::optional<SenderStageStats> sender;
    size_t held = 0;
    std::chrono::steady_clock::time_point start;
    // Unset (the epoch of the steady clock): no batch yet.
    std::chrono::steady_clock::time_point first_batch, last_batch;
    int64_t records_before_first_batch = 0;

    Totals& operator+=(const Totals& other);
  };

  // `who` prefixes the progress lines ("engine 2: "); empty for a job with one engine.
  RunReport(const EngineStats& stats, std::chrono::seconds every, std::string who = "");
  // Also report the sender stage (its inputs, repeats, late inputs and window alerts).
  void AddSenderStage(const SenderStageStats& stats) { sender_ = &stats; }
  // Prints a progress line if `every` has passed since the last one (never when every is 0).
  void MaybePrint(size_t held);
  // A batch of input was processed (for the throughput between the first and last batch).
  void NoteBatch();
  Totals totals(size_t held) const;
  // Records, judged, alerts by detector, DLQ by reason, rate.
  void PrintSummary(size_t held) const { Print(totals(held), who_, /*throughput=*/true); }
  // The summary of `totals`, one log entry of several lines; `throughput` adds the rate from the
  // first to the last batch (left out of each engine's own summary when several add up).
  static void Print(const Totals& totals, std::string_view who, bool throughput);

 private:
  const EngineStats& stats_;
  const SenderStageStats* sender_ = nullptr;
  std::chrono::seconds every_;
  std::string who_;
  std::chrono::steady_clock::time_point start_, last_;
  std::chrono::steady_clock::time_point first_batch_{}, last_batch_{};
  int64_t records_at_first_batch_ = 0;
};

}  // namespace consentry
