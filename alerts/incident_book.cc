#include "alerts/incident_book.h"

#include <algorithm>
#include <array>

#include "core/digest.h"

namespace consentry {
namespace {

int SeverityRank(std::string_view severity) {
  constexpr std::array<std::string_view, 5> kOrder = {"info", "low", "medium", "high",
                                                      "critical"};
  const auto it = std::find(kOrder.begin(), kOrder.end(), severity);
  return it == kOrder.end() ? -1 : static_cast<int>(it - kOrder.begin());
}

}  // namespace

std::string_view Name(IncidentNotice::Kind kind) {
  switch (kind) {
    case IncidentNotice::Kind::kOpened:
      return "opened";
    case IncidentNotice::Kind::kEscalated:
      return "escalated";
    case IncidentNotice::Kind::kReopened:
      return "reopened";
    case IncidentNotice::Kind::kResolved:
      return "resolved";
  }
  return "?";
}

IncidentBook::IncidentBook(IncidentOptions options)
    : options_(std::move(options)),
      own_placements_(std::make_unique<MemoryPlacements>()),
      placements_(*own_placements_) {}

IncidentBook::IncidentBook(IncidentOptions options, AlertPlacements& placements)
    : options_(std::move(options)), placements_(placements) {}

std::vector<IncidentNotice> IncidentBook::Add(const Alert& alert) {
  now_ = std::max(now_, alert.detected_at);
  std::vector<IncidentNotice> notices;
  std::optional<AlertPlacement> placed = placements_.Find(alert.alert_id);
  // A placement whose incident is unknown here (a store that lost it) counts as never seen.
  if (placed && !incidents_.contains(placed->incident_id)) placed.reset();
  if (alert.kind == "retraction") {
    if (placed && placed->active) Retract(alert.alert_id, *placed, notices);
    return notices;
  }
  if (placed) {
    if (placed->active) return notices;  // delivered again
    // Raised again after its retraction (a later input corrected the verdict back).
    placed->active = true;
    Count(incidents_.at(placed->incident_id), alert, *placed, notices);
    placements_.Put(alert.alert_id, *placed);
    return notices;
  }
  Incident* incident = nullptr;
  if (const auto latest = latest_.find(alert.incident_key); latest != latest_.end()) {
    const auto candidate = incidents_.find(latest->second);
    if (candidate != incidents_.end() &&
        alert.event_time >= candidate->second.first_seen - options_.window &&
        alert.event_time <= candidate->second.last_seen + options_.window) {
      incident = &candidate->second;
    }
  }
  const bool opened = incident == nullptr;
  if (opened) incident = &Open(alert);
  AlertPlacement where{incident->id, alert.subject.empty() ? 0 : SubjectHash(alert.subject),
                       true};
  Count(*incident, alert, where, notices);
  placements_.Put(alert.alert_id, where);
  if (opened) notices.insert(notices.begin(), Notice(IncidentNotice::Kind::kOpened, *incident));
  return notices;
}

Incident& IncidentBook::Open(const Alert& alert) {
  std::string seed = alert.incident_key;
  seed += '\0';
  seed += alert.alert_id.value();
  Incident incident;
  incident.id = Sha256Hex(seed).substr(0, 16);
  incident.key = alert.incident_key;
  incident.detector = alert.detector;
  incident.tenant = alert.tenant;
  incident.severity = alert.severity;
  incident.state_changed_at = alert.detected_at;
  incident.opened_at = alert.detected_at;
  incident.first_seen = incident.last_seen = alert.event_time;
  auto& latest = latest_[incident.key];
  const auto previous = incidents_.find(latest);
  if (previous == incidents_.end() || previous->second.last_seen < incident.last_seen) {
    latest = incident.id;
    changed_latest_.insert(incident.key);
  }
  const std::string id = incident.id;
  return incidents_.emplace(id, std::move(incident)).first->second;
}

void IncidentBook::Count(Incident& incident, const Alert& alert, AlertPlacement& placed,
                         std::vector<IncidentNotice>& notices) {
  changed_incidents_.insert(incident.id);
  const int64_t before = incident.count;
  ++incident.count;
  incident.first_seen = std::min(incident.first_seen, alert.event_time);
  incident.last_seen = std::max(incident.last_seen, alert.event_time);
  if (placed.subject_hash != 0) ++incident.subjects[placed.subject_hash];
  if (!alert.channel.empty()) incident.channels.insert(alert.channel);
  if (!alert.jurisdiction.empty()) incident.jurisdictions.insert(alert.jurisdiction);
  if (incident.samples.size() < options_.samples &&
      std::find(incident.samples.begin(), incident.samples.end(), alert.alert_id) ==
          incident.samples.end()) {
    incident.samples.push_back(alert.alert_id);
  }
  if (SeverityRank(alert.severity) > SeverityRank(incident.severity)) {
    incident.severity = alert.severity;
  }
  if (incident.state == IncidentState::kResolved) {
    incident.state = IncidentState::kOpen;
    incident.state_reason.clear();
    incident.state_changed_at = alert.detected_at;
    incident.closed_at.reset();
    ++incident.reopened;
    notices.push_back(Notice(IncidentNotice::Kind::kReopened, incident));
  }
  for (int64_t threshold : options_.escalate_at) {
    if (before < threshold && incident.count >= threshold && !incident.closed()) {
      notices.push_back(Notice(IncidentNotice::Kind::kEscalated, incident));
    }
  }
}

void IncidentBook::Retract(const AlertId& alert, AlertPlacement placed,
                           std::vector<IncidentNotice>& notices) {
  Incident& incident = incidents_.at(placed.incident_id);
  changed_incidents_.insert(incident.id);
  placed.active = false;
  placements_.Put(alert, placed);
  --incident.count;
  if (placed.subject_hash != 0) {
    const auto subject = incident.subjects.find(placed.subject_hash);
    if (subject != incident.subjects.end() && --subject->second == 0) {
      incident.subjects.erase(subject);
    }
  }
  if (incident.count == 0 && !incident.closed()) {
    incident.state = IncidentState::kResolved;
    incident.state_reason = "every alert was retracted";
    incident.state_changed_at = now_;
    incident.closed_at = now_;
    notices.push_back(Notice(IncidentNotice::Kind::kResolved, incident));
  }
}

StatusOr<std::vector<IncidentNotice>> IncidentBook::Act(std::string_view incident_id,
                                                        IncidentAction action,
                                                        std::string_view reason, Timestamp now) {
  const auto it = incidents_.find(incident_id);
  if (it == incidents_.end()) return NotFound("no incident " + std::string(incident_id));
  CONSENTRY_RETURN_IF_ERROR(ApplyAction(it->second, action, reason, now));
  changed_incidents_.insert(it->first);
  std::vector<IncidentNotice> notices;
  if (it->second.closed()) notices.push_back(Notice(IncidentNotice::Kind::kResolved, it->second));
  if (action == IncidentAction::kReopen) {
    notices.push_back(Notice(IncidentNotice::Kind::kReopened, it->second));
  }
  return notices;
}

Status IncidentBook::Snooze(std::string_view key, Timestamp until, std::string_view reason) {
  if (reason.find_first_not_of(" \t\n") == std::string_view::npos) {
    return InvalidArgument("a snooze needs a reason");
  }
  snoozed_until_[std::string(key)] = until;
  changed_snoozes_.insert(std::string(key));
  return Status::Ok();
}

IncidentChanges IncidentBook::TakeChanges() {
  IncidentChanges changes;
  for (const std::string& id : changed_incidents_) changes.incidents.push_back(incidents_.at(id));
  for (const std::string& key : changed_latest_) changes.latest[key] = latest_.at(key);
  for (const std::string& key : changed_snoozes_) changes.snoozes[key] = snoozed_until_.at(key);
  changed_incidents_.clear();
  changed_latest_.clear();
  changed_snoozes_.clear();
  return changes;
}

void IncidentBook::Restore(Incident incident) {
  now_ = std::max(now_, incident.state_changed_at);
  const std::string id = incident.id;
  incidents_[id] = std::move(incident);
}

void IncidentBook::RestoreLatest(std::string key, std::string incident_id) {
  latest_[std::move(key)] = std::move(incident_id);
}

void IncidentBook::RestoreSnooze(std::string key, Timestamp until) {
  snoozed_until_[std::move(key)] = until;
}

std::optional<Timestamp> IncidentBook::SnoozedUntil(std::string_view key, Timestamp now) const {
  const auto it = snoozed_until_.find(key);
  if (it == snoozed_until_.end() || it->second <= now) return std::nullopt;
  return it->second;
}

const Incident* IncidentBook::Find(std::string_view incident_id) const {
  const auto it = incidents_.find(incident_id);
  return it == incidents_.end() ? nullptr : &it->second;
}

IncidentNotice IncidentBook::Notice(IncidentNotice::Kind kind, const Incident& incident) const {
  return IncidentNotice{kind, incident.id, incident.count,
                        SnoozedUntil(incident.key, now_).has_value()};
}

}  // namespace consentry
