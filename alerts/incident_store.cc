#include "alerts/incident_store.h"

#include <functional>

#include "state/codec.h"
#include "state/event_codec.h"
#include "state/keys.h"

namespace consentry {
namespace {

constexpr uint8_t kVersion = 1;

std::string EncodeSnooze(Timestamp until) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  wire::PutTimestamp(w, until);
  return out;
}

StatusOr<Timestamp> DecodeSnooze(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version = 0;
  Timestamp until;
  if (!r.ReadU8(&version) || version != kVersion || !wire::ReadTimestamp(r, &until) ||
      !r.empty()) {
    return DataLoss("incident store: a malformed snooze");
  }
  return until;
}

// Visits every entry of `kind` with the string of its key.
Status ScanKind(Store& store, KeyKind kind,
                const std::function<Status(std::string, std::string_view)>& visit) {
  Status failure;
  CONSENTRY_RETURN_IF_ERROR(store.ScanPrefix(
      Family::kIncidents, IncidentStorePrefix(kind),
      [&](std::string_view key, std::string_view value) {
        auto id = ParseIncidentStoreKey(kind, key);
        failure = id.ok() ? visit(std::move(*id), value)
                          : DataLoss("incident store: " + id.status().message());
        return failure.ok();
      }));
  return failure;
}

}  // namespace

std::string EncodePlacement(const AlertPlacement& p) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  w.PutString(p.incident_id);
  w.PutFixed64BE(p.subject_hash);
  w.PutBool(p.active);
  return out;
}

StatusOr<AlertPlacement> DecodePlacement(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version = 0;
  AlertPlacement p;
  if (!r.ReadU8(&version) || version != kVersion || !r.ReadString(&p.incident_id) ||
      !r.ReadFixed64BE(&p.subject_hash) || !r.ReadBool(&p.active) || !r.empty()) {
    return DataLoss("incident store: a malformed alert placement");
  }
  return p;
}

Status StoredPlacements::Load(const std::vector<AlertId>& alerts) {
  std::vector<std::string> keys;
  std::vector<const AlertId*> wanted;
  for (const AlertId& alert : alerts) {
    if (loaded_.contains(alert.value())) continue;
    keys.push_back(IncidentStoreKey(KeyKind::kAlertPlacement, alert.value()));
    wanted.push_back(&alert);
    loaded_[alert.value()];  // a repeat within `alerts` is asked once
  }
  if (keys.empty()) return Status::Ok();
  std::vector<std::optional<std::string>> values;
  CONSENTRY_RETURN_IF_ERROR(store_.MultiGet(Family::kIncidents, keys, &values));
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!values[i]) continue;
    CONSENTRY_ASSIGN_OR_RETURN(AlertPlacement p, DecodePlacement(*values[i]));
    loaded_[wanted[i]->value()] = std::move(p);
  }
  return Status::Ok();
}

std::optional<AlertPlacement> StoredPlacements::Find(const AlertId& alert) const {
  const auto it = loaded_.find(alert.value());
  CONSENTRY_CHECK(it != loaded_.end());  // Load first: the caller's bug otherwise
  return it->second;
}

void StoredPlacements::Put(const AlertId& alert, const AlertPlacement& placement) {
  loaded_[alert.value()] = placement;
  changed_[alert.value()] = placement;
}

void StoredPlacements::Flush(StoreBatch& writes) {
  for (const auto& [alert, placement] : changed_) {
    writes.Put(Family::kIncidents, IncidentStoreKey(KeyKind::kAlertPlacement, alert),
               EncodePlacement(placement));
  }
  changed_.clear();
  loaded_.clear();
}

Status LoadIncidents(Store& store, IncidentBook& book) {
  CONSENTRY_RETURN_IF_ERROR(
      ScanKind(store, KeyKind::kIncident, [&](std::string id, std::string_view value) -> Status {
        CONSENTRY_ASSIGN_OR_RETURN(Incident incident, DecodeIncident(value));
        if (incident.id != id) {
          return DataLoss("incident store: incident " + id + " names another id");
        }
        book.Restore(std::move(incident));
        return Status::Ok();
      }));
  CONSENTRY_RETURN_IF_ERROR(ScanKind(
      store, KeyKind::kIncidentLatest, [&](std::string key, std::string_view value) -> Status {
        book.RestoreLatest(std::move(key), std::string(value));
        return Status::Ok();
      }));
  return ScanKind(store, KeyKind::kIncidentSnooze,
                  [&](std::string key, std::string_view value) -> Status {
                    CONSENTRY_ASSIGN_OR_RETURN(const Timestamp until, DecodeSnooze(value));
                    book.RestoreSnooze(std::move(key), until);
                    return Status::Ok();
                  });
}

void FlushIncidents(IncidentBook& book, StoreBatch& writes) {
  const IncidentChanges changes = book.TakeChanges();
  for (const Incident& incident : changes.incidents) {
    writes.Put(Family::kIncidents, IncidentStoreKey(KeyKind::kIncident, incident.id),
               EncodeIncident(incident));
  }
  for (const auto& [key, id] : changes.latest) {
    writes.Put(Family::kIncidents, IncidentStoreKey(KeyKind::kIncidentLatest, key), id);
  }
  for (const auto& [key, until] : changes.snoozes) {
    writes.Put(Family::kIncidents, IncidentStoreKey(KeyKind::kIncidentSnooze, key),
               EncodeSnooze(until));
  }
}

}  // namespace consentry
