#include "pipeline/report_stats.h"

#include "core/partitioner.h"

namespace consentry {

ReportStats::Change& ReportStats::CellOf(int32_t partition, Timestamp sent_at,
                                         const TenantId& tenant, std::string_view channel,
                                         const std::string& purpose,
                                         const std::string& jurisdiction) {
  return changes_[StatsCellKey{.partition = partition,
                               .day = DayOf(sent_at),
                               .tenant = tenant,
                               .channel = std::string(channel),
                               .purpose = purpose,
                               .jurisdiction = jurisdiction}];
}

void ReportStats::Judged(int32_t partition, const OutboundEvent& message,
                         const std::vector<Finding>& findings, std::optional<Duration> honoured) {
  Change& change = CellOf(partition, message.sent_at, message.tenant, Name(message.channel),
                          message.purpose, message.jurisdiction);
  ++change.screened;
  if (message.content.ai_generated.value_or(false)) {
    ++change.ai_generated;
    if (message.content.ai_disclosed.value_or(false)) ++change.ai_disclosed;
  }
  if (honoured) change.delays.push_back(*honoured);
  for (const Finding& finding : findings) ++change.violations[finding.detector];
}

void ReportStats::Corrected(const Alert& alert) {
  // A replay reads no partitions: everything is on partition 0.
  const int32_t partition =
      input_partitions_ > 0 ? KafkaPartition(alert.subject.value(), input_partitions_) : 0;
  Change& change = CellOf(partition, alert.event_time, alert.tenant, alert.channel, alert.purpose,
                          alert.jurisdiction);
  change.violations[alert.detector] += alert.kind == "alert" ? 1 : -1;
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
      for (int64_t i = 0; i < delta; ++i) cell.AddViolation(detector);
      for (int64_t i = 0; i > delta; --i) cell.RetractViolation(detector);
    }
    for (Duration delay : change.delays) cell.honoured.Add(delay);
    changed.push_back({key, cell});
  }
  changes_.clear();
  return changed;
}

}  // namespace consentry
