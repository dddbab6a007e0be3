#include "app/run_report.h"

#include <fmt/format.h>

#include "core/log.h"

namespace consentry {

RunReport::RunReport(const EngineStats& stats, std::chrono::seconds every)
    : stats_(stats), every_(every), start_(std::chrono::steady_clock::now()), last_(start_) {}

void RunReport::MaybePrint(size_t held) {
  const auto now = std::chrono::steady_clock::now();
  if (every_.count() == 0 || now - last_ < every_) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  log::Info("", fmt::format("{} records ({:.0f}/s), {} judged, {} held, {} alerts, {} dlq",
                            stats_.records, stats_.records / (secs > 0 ? secs : 1),
                            stats_.judged, held, stats_.alerts, stats_.dlq));
}

void RunReport::NoteBatch() {
  last_batch_ = std::chrono::steady_clock::now();
  if (first_batch_ == std::chrono::steady_clock::time_point{}) {
    first_batch_ = last_batch_;
    records_at_first_batch_ = stats_.records;
  }
}

// One log entry of several lines (a table for people; one JSON object in the JSON format).
void RunReport::PrintSummary(size_t held) const {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const EngineStats& s = stats_;
  std::string out = fmt::format(
      "done in {:.1f}s: {} records ({} messages, {} consent decisions, {} feedback, {} "
      "suppression entries, {} campaigns), {} judged, {} still held, {} alerts, {} dlq\n",
      secs, s.records, s.outbound, s.consent, s.feedback, s.suppression, s.campaigns, s.judged,
      held, s.alerts, s.dlq);
  out += fmt::format(
      "  late inputs {} (corrections: {} retractions, {} late alerts); redeliveries absorbed {}; "
      "sent inside an honouring window {}; misrouted {}",
      s.late_inputs, s.retractions, s.late_alerts, s.redeliveries, s.inside_window, s.misrouted);
  const double busy = std::chrono::duration<double>(last_batch_ - first_batch_).count();
  if (busy > 0) {
    out += fmt::format("\n  throughput from the first to the last batch: {:.0f} records/s",
                       (s.records - records_at_first_batch_) / busy);
  }
  for (const auto& [detector, n] : s.alerts_by_detector) {
    out += fmt::format("\n  alerts {:<28} {}", detector, n);
  }
  for (const auto& [reason, n] : s.dlq_by_reason) {
    out += fmt::format("\n  dlq    {:<28} {}", reason, n);
  }
  if (sender_ != nullptr) {
    const SenderStageStats& t = *sender_;
    out += fmt::format(
        "\n  sender stage: {} records ({} messages, {} feedback, {} watermarks), {} repeats "
        "absorbed, {} late, {} malformed, {} window alerts",
        t.records, t.messages, t.feedback, t.watermarks, t.repeats, t.late, t.malformed, t.alerts);
    for (const auto& [detector, n] : t.alerts_by_detector) {
      out += fmt::format("\n  alerts {:<28} {}", detector, n);
    }
  }
  log::Info("", out);
}

}  // namespace consentry
