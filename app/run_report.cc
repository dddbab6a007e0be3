#include "app/run_report.h"

#include <cstdio>

namespace consentry {

RunReport::RunReport(const EngineStats& stats, std::chrono::seconds every)
    : stats_(stats), every_(every), start_(std::chrono::steady_clock::now()), last_(start_) {}

void RunReport::MaybePrint(size_t held) {
  const auto now = std::chrono::steady_clock::now();
  if (every_.count() == 0 || now - last_ < every_) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr,
               "consentry: %lld records (%.0f/s), %lld judged, %lld held, %lld alerts, %lld dlq\n",
               static_cast<long long>(stats_.records), stats_.records / (secs > 0 ? secs : 1),
               static_cast<long long>(stats_.judged), static_cast<long long>(held),
               static_cast<long long>(stats_.alerts), static_cast<long long>(stats_.dlq));
}

void RunReport::NoteBatch() {
  last_batch_ = std::chrono::steady_clock::now();
  if (first_batch_ == std::chrono::steady_clock::time_point{}) {
    first_batch_ = last_batch_;
    records_at_first_batch_ = stats_.records;
  }
}

void RunReport::PrintSummary(size_t held) const {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const auto n = [](int64_t v) { return static_cast<long long>(v); };
  std::fprintf(stderr,
               "consentry: done in %.1fs: %lld records (%lld messages, %lld consent decisions, "
               "%lld feedback, %lld suppression entries, %lld campaigns), %lld judged, "
               "%zu still held, %lld alerts, %lld dlq\n",
               secs, n(stats_.records), n(stats_.outbound), n(stats_.consent), n(stats_.feedback),
               n(stats_.suppression), n(stats_.campaigns), n(stats_.judged), held,
               n(stats_.alerts), n(stats_.dlq));
  std::fprintf(stderr,
               "  late inputs %lld (corrections: %lld retractions, %lld late alerts); "
               "redeliveries absorbed %lld; sent inside an honouring window %lld; "
               "misrouted %lld\n",
               n(stats_.late_inputs), n(stats_.retractions), n(stats_.late_alerts),
               n(stats_.redeliveries), n(stats_.inside_window), n(stats_.misrouted));
  const double busy = std::chrono::duration<double>(last_batch_ - first_batch_).count();
  if (busy > 0) {
    std::fprintf(stderr, "  throughput from the first to the last batch: %.0f records/s\n",
                 (stats_.records - records_at_first_batch_) / busy);
  }
  for (const auto& [detector, n] : stats_.alerts_by_detector) {
    std::fprintf(stderr, "  alerts %-28s %lld\n", detector.c_str(), static_cast<long long>(n));
  }
  for (const auto& [reason, n] : stats_.dlq_by_reason) {
    std::fprintf(stderr, "  dlq    %-28s %lld\n", reason.c_str(), static_cast<long long>(n));
  }
  if (sender_ == nullptr) return;
  std::fprintf(stderr,
               "  sender stage: %lld records (%lld messages, %lld feedback, %lld watermarks), "
               "%lld repeats absorbed, %lld late, %lld malformed, %lld window alerts\n",
               n(sender_->records), n(sender_->messages), n(sender_->feedback),
               n(sender_->watermarks), n(sender_->repeats), n(sender_->late),
               n(sender_->malformed), n(sender_->alerts));
  for (const auto& [detector, count] : sender_->alerts_by_detector) {
    std::fprintf(stderr, "  alerts %-28s %lld\n", detector.c_str(), n(count));
  }
}

}  // namespace consentry
