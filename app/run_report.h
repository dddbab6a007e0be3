#pragma once
// Progress lines while a job runs and the summary when it ends, on stderr.

#include <chrono>

#include "pipeline/engine.h"

namespace consentry {

class RunReport {
 public:
  RunReport(const EngineStats& stats, std::chrono::seconds every);
  // Prints a progress line if `every` has passed since the last one (never when every is 0).
  void MaybePrint(size_t held);
  // Records, judged, alerts by detector, DLQ by reason, rate.
  void PrintSummary(size_t held) const;

 private:
  const EngineStats& stats_;
  std::chrono::seconds every_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace consentry
