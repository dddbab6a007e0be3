#include "app/run_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/log.h"

namespace consentry {

RunReport::Totals& RunReport::Totals::operator+=(const Totals& o) {
  engine += o.engine;
  AddSenderStats(sender, o.sender);
  held += o.held;
  start = std::min(start, o.start);
  const auto unset = std::chrono::steady_clock::time_point{};
  if (o.first_batch != unset) {
    first_batch = first_batch == unset ? o.first_batch : std::min(first_batch, o.first_batch);
    last_batch = std::max(last_batch, o.last_batch);
  }
  records_before_first_batch += o.records_before_first_batch;
  return *this;
}

RunReport::RunReport(const EngineStats& stats, std::chrono::seconds every, std::string who)
    : stats_(stats),
      every_(every),
      who_(std::move(who)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void RunReport::MaybePrint(size_t held) {
  const auto now = std::chrono::steady_clock::now();
  if (every_.count() == 0 || now - last_ < every_) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  log::Info("", fmt::format("{}{} records ({:.0f}/s), {} judged, {} held, {} alerts, {} dlq", who_,
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

RunReport::Totals RunReport::totals(size_t held) const {
  Totals t;
  t.engine = stats_;
  if (sender_ != nullptr) t.sender = *sender_;
  t.held = held;
  t.start = start_;
  t.first_batch = first_batch_;
  t.last_batch = last_batch_;
  // Records of the first batch count as before it: the rate is over the batches after it.
  t.records_before_first_batch = records_at_first_batch_;
  return t;
}

void RunReport::Print(const Totals& totals, std::string_view who, bool throughput) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - totals.start).count();
  const EngineStats& s = totals.engine;
  std::string out = fmt::format(
      "{}done in {:.1f}s: {} records ({} messages, {} consent decisions, {} feedback, {} "
      "suppression entries, {} campaigns), {} judged, {} still held, {} alerts, {} dlq\n",
      who, secs, s.records, s.outbound, s.consent, s.feedback, s.suppression, s.campaigns,
      s.judged, totals.held, s.alerts, s.dlq);
  out += fmt::format(
      "  late inputs {} (corrections: {} retractions, {} late alerts); redeliveries absorbed {}; "
      "sent inside an honouring window {}; misrouted {}",
      s.late_inputs, s.retractions, s.late_alerts, s.redeliveries, s.inside_window, s.misrouted);
  const double busy =
      std::chrono::duration<double>(totals.last_batch - totals.first_batch).count();
  if (throughput && busy > 0) {
    out += fmt::format("\n  throughput from the first to the last batch: {:.0f} records/s",
                       (s.records - totals.records_before_first_batch) / busy);
  }
  for (const auto& [detector, n] : s.alerts_by_detector) {
    out += fmt::format("\n  alerts {:<28} {}", detector, n);
  }
  for (const auto& [reason, n] : s.dlq_by_reason) {
    out += fmt::format("\n  dlq    {:<28} {}", reason, n);
  }
  if (totals.sender) {
    const SenderStageStats& t = *totals.sender;
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
