#include "pipeline/report_stats.h"

#include <chrono>

#include "core/partitioner.h"

namespace consentry {

StatsCellKey ReportStats::KeyOf(const SubjectId& subject, Timestamp sent_at,
                                const TenantId& tenant, std::string channel, std::string purpose,
                                std::string jurisdiction) const {
  const auto day = std::chrono::floor<std::chrono::days>(sent_at).time_since_epoch().count();
  return StatsCellKey{
      .partition = input_partitions_ > 0 ? KafkaPartition(subject.value(), input_partitions_) : 0,
      .day = static_cast<int32_t>(day),
      .tenant = tenant,
      .channel = std::move(channel),
      .purpose = std::move(purpose),
      .jurisdiction = std::move(jurisdiction)};
}

void ReportStats::Judged(const OutboundEvent& message) {
  Change& change = changes_[KeyOf(message.subject, message.sent_at, message.tenant,
                                  std::string(Name(message.channel)), message.purpose,
                                  message.jurisdiction)];
  ++change.screened;
  if (message.content.ai_generated.value_or(false)) {
    ++change.ai_generated;
    if (message.content.ai_disclosed.value_or(false)) ++change.ai_disclosed;
  }
}

void ReportStats::Honoured(const OutboundEvent& message, Duration delay) {
  changes_[KeyOf(message.subject, message.sent_at, message.tenant,
                 std::string(Name(message.channel)), message.purpose, message.jurisdiction)]
      .delays.push_back(delay);
}

void ReportStats::Alerted(const Alert& alert) {
  if (alert.window_start) return;  // sender-level
  changes_[KeyOf(alert.subject, alert.event_time, alert.tenant, alert.channel, alert.purpose,
                 alert.jurisdiction)]
      .violations.emplace_back(alert.detector, alert.kind == "alert" ? 1 : -1);
}

StatusOr<std::vector<StatsRecord>> ReportStats::Apply(BatchOverlay& overlay, Store& store) {
  std::vector<StatsRecord> changed;
  if (changes_.empty()) return changed;
  for (const auto& [key, change] : changes_) overlay.WantStats(key);
  CONSENTRY_RETURN_IF_ERROR(overlay.Load(store));
  changed.reserve(changes_.size());
  for (const auto& [key, change] : changes_) {
    StatsCell& cell = overlay.MutableStats(key);
    cell.screened += change.screened;
    cell.ai_generated += change.ai_generated;
    cell.ai_disclosed += change.ai_disclosed;
    for (const auto& [detector, delta] : change.violations) {
      if (delta > 0) {
        cell.AddViolation(detector);
      } else {
        cell.RetractViolation(detector);
      }
    }
    for (Duration delay : change.delays) cell.honoured.Add(delay);
    changed.push_back({key, cell});
  }
  changes_.clear();
  return changed;
}

}  // namespace consentry
