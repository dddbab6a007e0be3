#pragma once
// Groups alert.v1 records into incidents (alerts/incident.h) and keeps which incident holds
// which alert, so a redelivered alert counts once and a retraction finds its alert.
//
// Grouping is by event time: an alert joins the latest incident of its key when its event time
// is within `window` of that incident's last alert (either side: alerts of one campaign come out
// of order across partitions); otherwise it opens a new incident. Every change that an
// operations team should hear of is returned as a notification: opened, escalated (the count
// crossed one of `escalate_at`), reopened, resolved (by a reviewer, or because every alert was
// retracted). A snooze of an incident key, until a time, keeps grouping and counting but
// marks the notifications of that key `snoozed` (the webhook skips them).
//
// Deterministic: the same alerts in the same order give the same incidents and ids.
// Thread-compatible.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/alert.h"
#include "alerts/incident.h"

namespace consentry {

struct IncidentOptions {
  Duration window = std::chrono::hours(24);
  size_t samples = 5;
  std::vector<int64_t> escalate_at = {100, 1000, 10000};
};

// Where an alert was counted, kept per alert id by an AlertPlacements: in memory (the default,
// for tests and replays) or in RocksDB (serve, alerts/incident_store.h).
struct AlertPlacement {
  std::string incident_id;
  uint64_t subject_hash = 0;  // 0: no subject (a window alert)
  bool active = true;         // false once retracted

  friend bool operator==(const AlertPlacement&, const AlertPlacement&) = default;
};

class AlertPlacements {
 public:
  virtual ~AlertPlacements() = default;
  virtual std::optional<AlertPlacement> Find(const AlertId& alert) const = 0;
  virtual void Put(const AlertId& alert, const AlertPlacement& placement) = 0;
};

class MemoryPlacements final : public AlertPlacements {
 public:
  std::optional<AlertPlacement> Find(const AlertId& alert) const override {
    const auto it = placed_.find(alert.value());
    return it == placed_.end() ? std::nullopt : std::optional<AlertPlacement>(it->second);
  }
  void Put(const AlertId& alert, const AlertPlacement& placement) override {
    placed_[alert.value()] = placement;
  }

 private:
  std::unordered_map<std::string, AlertPlacement> placed_;
};

struct IncidentNotice {
  enum class Kind { kOpened, kEscalated, kReopened, kResolved };
  Kind kind;
  std::string incident_id;
  int64_t count = 0;
  bool snoozed = false;
};
std::string_view Name(IncidentNotice::Kind kind);

// What changed since the last TakeChanges, for the owner to persist.
struct IncidentChanges {
  std::vector<Incident> incidents;
  std::map<std::string, std::string> latest;  // incident key -> its latest incident id
  std::map<std::string, Timestamp> snoozes;   // incident key -> until
};

class IncidentBook {
 public:
  // With placements kept in memory.
  explicit IncidentBook(IncidentOptions options = {});
  // With placements kept by `placements`, which must outlive the book.
  IncidentBook(IncidentOptions options, AlertPlacements& placements);

  // One record from the alerts topic (kind "alert" or "retraction"). A repeat of a record
  // already counted, and a retraction of an alert never seen, change nothing.
  std::vector<IncidentNotice> Add(const Alert& alert);

  // A reviewer's action (alerts/incident.h ApplyAction); NotFound for an unknown id.
  StatusOr<std::vector<IncidentNotice>> Act(std::string_view incident_id, IncidentAction action,
                                            std::string_view reason, Timestamp now);

  // Notifications of `key` are marked snoozed until `until`. InvalidArgument without a reason.
  Status Snooze(std::string_view key, Timestamp until, std::string_view reason);
  // The snooze of `key` in force at `now`, if any.
  std::optional<Timestamp> SnoozedUntil(std::string_view key, Timestamp now) const;

  const Incident* Find(std::string_view incident_id) const;
  const std::map<std::string, Incident, std::less<>>& incidents() const { return incidents_; }

  // Everything changed since the last call (each incident once, as it is now).
  IncidentChanges TakeChanges();
  // A book rebuilt from what TakeChanges returned before (its placements kept apart). The time
  // snoozes are judged against resumes from the latest state change restored.
  void Restore(Incident incident);
  void RestoreLatest(std::string key, std::string incident_id);
  void RestoreSnooze(std::string key, Timestamp until);

 private:
  Incident& Open(const Alert& alert);
  void Count(Incident& incident, const Alert& alert, AlertPlacement& placed,
             std::vector<IncidentNotice>& notices);
  void Retract(const AlertId& alert, AlertPlacement placed, std::vector<IncidentNotice>& notices);
  IncidentNotice Notice(IncidentNotice::Kind kind, const Incident& incident) const;

  IncidentOptions options_;
  std::unique_ptr<MemoryPlacements> own_placements_;  // when none was given
  AlertPlacements& placements_;
  std::map<std::string, Incident, std::less<>> incidents_;       // by id
  std::map<std::string, std::string, std::less<>> latest_;       // key -> latest incident id
  std::map<std::string, Timestamp, std::less<>> snoozed_until_;  // key -> until
  Timestamp now_ = Timestamp::min();  // the latest detected_at seen: what "now" is for snoozes
  std::set<std::string> changed_incidents_, changed_latest_, changed_snoozes_;
};

}  // namespace consentry
