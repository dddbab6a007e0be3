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
#include <optional>
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

struct IncidentNotice {
  enum class Kind { kOpened, kEscalated, kReopened, kResolved };
  Kind kind;
  std::string incident_id;
  int64_t count = 0;
  bool snoozed = false;
};
std::string_view Name(IncidentNotice::Kind kind);

class IncidentBook {
 public:
  explicit IncidentBook(IncidentOptions options = {}) : options_(std::move(options)) {}

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

 private:
  // Where an alert was counted.
  struct Placed {
    std::string incident_id;
    uint64_t subject_hash = 0;  // 0: no subject (a window alert)
    bool active = true;         // false once retracted
  };

  Incident& Open(const Alert& alert);
  void Count(Incident& incident, const Alert& alert, Placed& placed,
             std::vector<IncidentNotice>& notices);
  void Retract(Placed& placed, std::vector<IncidentNotice>& notices);
  IncidentNotice Notice(IncidentNotice::Kind kind, const Incident& incident) const;

  IncidentOptions options_;
  std::map<std::string, Incident, std::less<>> incidents_;       // by id
  std::map<std::string, std::string, std::less<>> latest_;       // key -> latest incident id
  std::unordered_map<std::string, Placed> placed_;               // alert id -> where
  std::map<std::string, Timestamp, std::less<>> snoozed_until_;  // key -> until
  Timestamp now_ = Timestamp::min();  // the latest detected_at seen: what "now" is for snoozes
};

}  // namespace consentry
