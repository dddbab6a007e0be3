#include "app/serve_core.h"

#include <fmt/format.h>

#include <algorithm>

#include "alerts/alert_decode.h"
#include "alerts/audit_store.h"
#include "alerts/webhook.h"
#include "app/command_util.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "state/keys.h"

namespace consentry {

ServeCore::ServeCore(Store& store, const ServeConfig& config, const Clock& clock)
    : store_(store),
      config_(config),
      clock_(clock),
      placements_(store),
      book_(config.incidents, placements_) {}

StatusOr<std::unique_ptr<ServeCore>> ServeCore::Open(Store& store, const ServeConfig& config,
                                                     const Clock& clock) {
  std::unique_ptr<ServeCore> core(new ServeCore(store, config, clock));
  CONSENTRY_RETURN_IF_ERROR(LoadIncidents(store, core->book_));
  CONSENTRY_ASSIGN_OR_RETURN(const AuditEntry last, LastAuditEntry(store));
  core->chain_ = AuditChain(last);
  if (!config.audit_key.empty()) {
    auto pem = ReadWholeFile(config.audit_key);
    if (!pem.ok()) {
      return FailedPrecondition("serve.audit_key: " + pem.status().message() +
                                " (make a key pair with `consentry keys generate`)");
    }
    core->audit_key_pem_ = std::move(*pem);
  }
  return core;
}

Status ServeCore::Usable() const {
  std::lock_guard lock(mu_);
  if (failed_.ok()) return Status::Ok();
  return FailedPrecondition("serve's store failed a write (" + failed_.ToString() +
                            "); restart serve to carry on from what the store holds");
}

Status ServeCore::Commit(StoreBatch& writes) {
  if (!failed_.ok()) return FailedPrecondition("serve's store failed an earlier write");
  if (Status s = store_.Write(writes); !s.ok()) {
    failed_ = s;
    return s;
  }
  if (std::exchange(queued_, false) && on_queued_) on_queued_();
  return Status::Ok();
}

void ServeCore::Audit(std::string kind, std::string payload, StoreBatch& writes) {
  PutAuditEntry(writes, chain_.Append(std::move(kind), std::move(payload), clock_.Now()));
  ++stats_.audit_entries;
}

void ServeCore::Notify(const std::vector<IncidentNotice>& notices, StoreBatch& writes) {
  // At most a handful of notices per entry (opened, reopened, escalations): 8 numbers each.
  const int64_t first = (chain_.seq() + 1) * 8;
  for (size_t i = 0; i < notices.size(); ++i) {
    const IncidentNotice& notice = notices[i];
    ++stats_.notices;
    log::Info("serve",
              fmt::format("incident {} {} ({} alerts){}", notice.incident_id, Name(notice.kind),
                          notice.count, notice.snoozed ? ", snoozed: no webhook" : ""));
    if (config_.webhook.url.empty() || notice.snoozed || i >= 8) continue;
    const WebhookMessage message = MakeWebhookMessage(
        notice, *book_.Find(notice.incident_id), first + static_cast<int64_t>(i), clock_.Now());
    writes.Put(Family::kIncidents, WebhookOutboxKey(message.seq), EncodeWebhookMessage(message));
    ++stats_.webhooks_queued;
    queued_ = true;
  }
}

StatusOr<std::map<TopicPartition, int64_t>> ServeCore::Ingest(
    const std::vector<InputRecord>& records) {
  std::lock_guard lock(mu_);
  if (!failed_.ok()) return FailedPrecondition("serve's store failed an earlier write");
  std::map<TopicPartition, int64_t> next;
  std::vector<std::pair<const InputRecord*, Alert>> alerts;
  for (const InputRecord& record : records) {
    ++stats_.records;
    next[{record.topic, record.partition}] = record.offset + 1;
    auto alert = DecodeAlert(record.value);
    if (!alert.ok()) {
      ++stats_.malformed;
      log::Warn("serve", fmt::format("skipped {}/{}@{}: {}", record.topic, record.partition,
                                     record.offset, alert.status().message()));
      continue;
    }
    alerts.emplace_back(&record, std::move(*alert));
  }
  std::vector<AlertId> ids;
  for (const auto& [record, alert] : alerts) ids.push_back(alert.alert_id);
  CONSENTRY_RETURN_IF_ERROR(placements_.Load(ids));
  StoreBatch writes;
  for (const auto& [record, alert] : alerts) {
    Notify(book_.Add(alert), writes);
    if (const auto placed = placements_.Find(alert.alert_id); placed && alert.kind == "alert") {
      writes.Put(Family::kIncidents, IncidentAlertKey(placed->incident_id, alert.alert_id),
                 record->value);
      if (!alert.subject.empty()) {
        writes.Put(Family::kIncidents, SubjectAlertKey(alert.subject, alert.alert_id),
                   placed->incident_id);
      }
    }
    Audit("alert", record->value, writes);
  }
  placements_.Flush(writes);
  FlushIncidents(book_, writes);
  for (const auto& [tp, offset] : next) writes.PutInputOffset(tp.first, tp.second, offset);
  CONSENTRY_RETURN_IF_ERROR(Commit(writes));
  return next;
}

StatusOr<std::optional<int64_t>> ServeCore::ResumeAt(const std::string& topic, int32_t partition) {
  return store_.ReadInputOffset(topic, partition);
}

IncidentPage ServeCore::List(const IncidentFilter& filter) const {
  std::lock_guard lock(mu_);
  std::vector<const Incident*> matching;
  for (const auto& [id, in] : book_.incidents()) {
    if (filter.state && in.state != *filter.state) continue;
    if (!filter.detector.empty() && in.detector != filter.detector) continue;
    if (!filter.tenant.empty() && in.tenant.value() != filter.tenant) continue;
    matching.push_back(&in);
  }
  const auto key = [&](const Incident* in) {
    switch (filter.sort) {
      case IncidentFilter::Sort::kLastSeen:
        return std::make_tuple(in->last_seen.time_since_epoch().count(), in->count);
      case IncidentFilter::Sort::kFirstSeen:
        return std::make_tuple(in->first_seen.time_since_epoch().count(), in->count);
      case IncidentFilter::Sort::kCount:
        return std::make_tuple(in->count, in->last_seen.time_since_epoch().count());
    }
    return std::make_tuple(int64_t{0}, int64_t{0});
  };
  // Newest or largest first; ties by id, so pages are stable.
  std::sort(matching.begin(), matching.end(), [&](const Incident* a, const Incident* b) {
    const auto ka = key(a), kb = key(b);
    return ka != kb ? ka > kb : a->id < b->id;
  });
  IncidentPage page;
  page.total = matching.size();
  for (size_t i = filter.offset; i < matching.size() && page.incidents.size() < filter.limit; ++i) {
    page.incidents.push_back(*matching[i]);
  }
  return page;
}

std::optional<Incident> ServeCore::Get(std::string_view incident_id) const {
  std::lock_guard lock(mu_);
  const Incident* in = book_.Find(incident_id);
  return in ? std::optional<Incident>(*in) : std::nullopt;
}

StatusOr<std::vector<std::string>> ServeCore::Alerts(std::string_view incident_id,
                                                     size_t limit) const {
  std::vector<std::string> out;
  CONSENTRY_RETURN_IF_ERROR(store_.ScanPrefix(Family::kIncidents, IncidentAlertPrefix(incident_id),
                                              [&](std::string_view, std::string_view value) {
                                                out.emplace_back(value);
                                                return out.size() < limit;
                                              }));
  return out;
}

StatusOr<SubjectAlerts> ServeCore::LookUpSubject(const SubjectId& subject, const TenantId& tenant,
                                                 size_t limit, std::string_view actor) {
  std::lock_guard lock(mu_);
  if (!failed_.ok()) return FailedPrecondition("serve's store failed an earlier write");
  // The index: alert id -> incident id. Then each alert's record and placement in two reads.
  std::vector<std::pair<AlertId, std::string>> index;
  Status bad_key;
  CONSENTRY_RETURN_IF_ERROR(store_.ScanPrefix(
      Family::kIncidents, SubjectAlertPrefix(subject),
      [&](std::string_view key, std::string_view value) {
        auto alert = ParseSubjectAlertKey(key);
        if (!alert.ok()) {
          bad_key = DataLoss("serve's subject index: " + alert.status().message());
          return false;
        }
        index.emplace_back(std::move(*alert), std::string(value));
        return true;
      }));
  CONSENTRY_RETURN_IF_ERROR(bad_key);
  std::vector<std::string> record_keys, placement_keys;
  for (const auto& [alert, incident] : index) {
    record_keys.push_back(IncidentAlertKey(incident, alert));
    placement_keys.push_back(IncidentStoreKey(KeyKind::kAlertPlacement, alert.value()));
  }
  std::vector<std::optional<std::string>> records, placements;
  CONSENTRY_RETURN_IF_ERROR(store_.MultiGet(Family::kIncidents, record_keys, &records));
  CONSENTRY_RETURN_IF_ERROR(store_.MultiGet(Family::kIncidents, placement_keys, &placements));
  SubjectAlerts out;
  for (size_t i = 0; i < index.size(); ++i) {
    if (!records[i] || !placements[i]) {
      return DataLoss("serve's subject index names alert " + index[i].first.value() +
                      ", which the store does not hold");
    }
    auto alert = DecodeAlert(*records[i]);
    if (!alert.ok()) return DataLoss("a stored alert record: " + alert.status().message());
    CONSENTRY_ASSIGN_OR_RETURN(const AlertPlacement placement, DecodePlacement(*placements[i]));
    if (!tenant.empty() && alert->tenant != tenant) continue;
    out.alerts.push_back({std::move(*alert), index[i].second, !placement.active});
  }
  out.total = out.alerts.size();
  std::sort(out.alerts.begin(), out.alerts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.alert.event_time, a.alert.alert_id) <
           std::tie(b.alert.event_time, b.alert.alert_id);
  });
  if (out.alerts.size() > limit) out.alerts.resize(limit);
  JsonWriter json;
  json.BeginObject()
      .Field("actor", actor)
      .Field("subject_sha256", SubjectDigest(subject))
      .Field("tenant", tenant.value())
      .Field("alerts", static_cast<int64_t>(out.total));
  json.EndObject();
  StoreBatch writes;
  Audit("subject_lookup", json.Take(), writes);
  CONSENTRY_RETURN_IF_ERROR(Commit(writes));
  return out;
}

StatusOr<Incident> ServeCore::Act(std::string_view incident_id, IncidentAction action,
                                  std::string_view reason, std::string_view actor) {
  std::lock_guard lock(mu_);
  if (!failed_.ok()) return FailedPrecondition("serve's store failed an earlier write");
  const Timestamp now = clock_.Now();
  CONSENTRY_ASSIGN_OR_RETURN(const auto notices, book_.Act(incident_id, action, reason, now));
  ++stats_.actions;
  const Incident& incident = *book_.Find(incident_id);
  JsonWriter json;
  json.BeginObject()
      .Field("incident", incident.id)
      .Field("action", Name(action))
      .Field("reason", reason)
      .Field("actor", actor)
      .Field("state", Name(incident.state));
  json.EndObject();
  StoreBatch writes;
  Notify(notices, writes);
  Audit("action", json.Take(), writes);
  FlushIncidents(book_, writes);
  CONSENTRY_RETURN_IF_ERROR(Commit(writes));
  return incident;
}

StatusOr<Incident> ServeCore::Snooze(std::string_view incident_id, Timestamp until,
                                     std::string_view reason, std::string_view actor) {
  std::lock_guard lock(mu_);
  if (!failed_.ok()) return FailedPrecondition("serve's store failed an earlier write");
  const Incident* incident = book_.Find(incident_id);
  if (incident == nullptr) return NotFound("no incident " + std::string(incident_id));
  const Timestamp now = clock_.Now();
  if (until <= now) return InvalidArgument("until must be in the future");
  CONSENTRY_RETURN_IF_ERROR(book_.Snooze(incident->key, until, reason));
  ++stats_.actions;
  JsonWriter json;
  json.BeginObject()
      .Field("incident", incident->id)
      .Field("action", "snooze")
      .Field("key", incident->key)
      .Field("until", FormatRfc3339(until))
      .Field("reason", reason)
      .Field("actor", actor);
  json.EndObject();
  StoreBatch writes;
  Audit("action", json.Take(), writes);
  FlushIncidents(book_, writes);
  CONSENTRY_RETURN_IF_ERROR(Commit(writes));
  return *incident;
}

std::optional<Timestamp> ServeCore::SnoozedUntil(const Incident& incident) const {
  std::lock_guard lock(mu_);
  return book_.SnoozedUntil(incident.key, clock_.Now());
}

StatusOr<std::string> ServeCore::AuditExport() const {
  std::lock_guard lock(mu_);
  std::string out;
  CONSENTRY_RETURN_IF_ERROR(ScanAudit(store_, [&](const AuditEntry& e) {
    out += ExportLine(e);
    out += '\n';
    return true;
  }));
  if (!audit_key_pem_.empty()) {
    CONSENTRY_ASSIGN_OR_RETURN(const SignedHead head, chain_.Sign(audit_key_pem_));
    out += ExportHeadLine(head);
    out += '\n';
  }
  return out;
}

std::map<IncidentState, int64_t> ServeCore::CountByState() const {
  std::lock_guard lock(mu_);
  std::map<IncidentState, int64_t> out;
  for (const auto& [id, in] : book_.incidents()) ++out[in.state];
  return out;
}

ServeStats ServeCore::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace consentry
