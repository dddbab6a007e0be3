#include "app/shadow_run.h"

#include <fmt/format.h>

#include <fstream>

#include "core/json_writer.h"
#include "core/log.h"

namespace consentry {
namespace {

std::string Describe(const std::string& id, const ShadowAlert& a) {
  return fmt::format("{} {} {} {} [{}] {}", id, a.tenant, a.about, FormatRfc3339(a.at), a.severity,
                     a.reason);
}

}  // namespace

Status NetAlertSink::Emit(const Alert& alert) {
  if (alert.kind == "retraction") {
    alerts_.erase(alert.alert_id.value());
    return Status::Ok();
  }
  const bool window = alert.window_start.has_value();
  alerts_[alert.alert_id.value()] =
      ShadowAlert{.detector = alert.detector,
                  .tenant = alert.tenant.value(),
                  .about = window ? alert.entity : alert.event_id.value(),
                  .at = window ? *alert.window_start : alert.event_time,
                  .severity = alert.severity,
                  .reason = alert.reason};
  return Status::Ok();
}

Status NetAlertSink::Emit(const DlqEntry&) {
  ++dead_letters_;
  return Status::Ok();
}

Status NetAlertSink::Emit(const SenderRecord&) {
  return FailedPrecondition("a shadow run hands sender records to its sender stage, not a sink");
}

Status NetAlertSink::Commit(StoreBatch&, const std::map<TopicPartition, int64_t>&) {
  return Status::Ok();
}

bool ShadowDiff::changed() const {
  for (const auto& [name, d] : by_detector) {
    if (!d.added.empty() || !d.removed.empty() || !d.changed.empty()) return true;
  }
  return false;
}

ShadowDiff DiffAlerts(const std::map<std::string, ShadowAlert>& baseline,
                      const std::map<std::string, ShadowAlert>& proposed) {
  ShadowDiff diff;
  diff.baseline_alerts = static_cast<int64_t>(baseline.size());
  diff.proposed_alerts = static_cast<int64_t>(proposed.size());
  for (const auto& [id, was] : baseline) {
    const auto it = proposed.find(id);
    DetectorDiff& d = diff.by_detector[was.detector];
    if (it == proposed.end()) {
      d.removed.emplace_back(id, was);
    } else if (it->second.severity == was.severity) {
      ++d.unchanged;
      d.reworded += it->second.reason != was.reason;
    } else {
      d.changed.emplace_back(id, std::make_pair(was, it->second));
    }
  }
  for (const auto& [id, is] : proposed) {
    if (!baseline.contains(id)) diff.by_detector[is.detector].added.emplace_back(id, is);
  }
  return diff;
}

std::string RenderShadowDiff(const ShadowDiff& diff, size_t samples) {
  std::string out = fmt::format("standing alerts: {} under the baseline, {} under the new config\n",
                                diff.baseline_alerts, diff.proposed_alerts);
  std::string unchanged;
  for (const auto& [detector, d] : diff.by_detector) {
    if (d.added.empty() && d.removed.empty() && d.changed.empty()) {
      unchanged += fmt::format("{}{} ({})", unchanged.empty() ? "" : ", ", detector, d.unchanged);
      continue;
    }
    out +=
        fmt::format("{}: {} added, {} removed, {} changed, {} unchanged ({} reworded)\n", detector,
                    d.added.size(), d.removed.size(), d.changed.size(), d.unchanged, d.reworded);
    for (size_t i = 0; i < d.added.size() && i < samples; ++i) {
      out += "  + " + Describe(d.added[i].first, d.added[i].second) + "\n";
    }
    for (size_t i = 0; i < d.removed.size() && i < samples; ++i) {
      out += "  - " + Describe(d.removed[i].first, d.removed[i].second) + "\n";
    }
    for (size_t i = 0; i < d.changed.size() && i < samples; ++i) {
      const auto& [id, change] = d.changed[i];
      out += "  ~ " + Describe(id, change.first) + "\n    now [" + change.second.severity + "]\n";
    }
  }
  if (!unchanged.empty()) out += "unchanged: " + unchanged + "\n";
  out += diff.changed() ? "the new config changes what is flagged\n"
                        : "no difference: the new config flags exactly what the baseline does\n";
  return out;
}

namespace {

void WriteChange(std::ofstream& out, std::string_view change, const std::string& id,
                 const ShadowAlert& a, const ShadowAlert* was) {
  JsonWriter w;
  w.BeginObject()
      .Field("change", change)
      .Field("alert_id", id)
      .Field("detector", a.detector)
      .Field("tenant", a.tenant)
      .Field("about", a.about)
      .Field("at", FormatRfc3339(a.at))
      .Field("severity", a.severity)
      .Field("reason", a.reason);
  if (was != nullptr) w.Field("was_severity", was->severity);
  w.EndObject();
  out << w.Take() << '\n';
}

}  // namespace

Status WriteShadowDiff(const ShadowDiff& diff, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return FailedPrecondition("cannot write " + path);
  for (const auto& [detector, d] : diff.by_detector) {
    for (const auto& [id, a] : d.added) WriteChange(out, "added", id, a, nullptr);
    for (const auto& [id, a] : d.removed) WriteChange(out, "removed", id, a, nullptr);
    for (const auto& [id, c] : d.changed) WriteChange(out, "changed", id, c.second, &c.first);
  }
  out.flush();
  if (!out) return Unavailable("writing " + path + " failed");
  return Status::Ok();
}

StatusOr<ShadowDiff> RunShadow(const Config& proposed, const Config& baseline,
                               const ReplayPass& pass) {
  NetAlertSink before, after;
  log::Info("replay", "shadow run 1/2: the baseline " + baseline.path);
  CONSENTRY_RETURN_IF_ERROR(RunReplayPass(baseline, pass, before));
  log::Info("replay", "shadow run 2/2: the new config " + proposed.path);
  CONSENTRY_RETURN_IF_ERROR(RunReplayPass(proposed, pass, after));
  return DiffAlerts(before.alerts(), after.alerts());
}

}  // namespace consentry
