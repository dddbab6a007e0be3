#pragma once
// An incident: the alerts of one incident key (detector, tenant, campaign or sender;
// MakeIncidentKey) that came within a window of each other, so 10,000 bad messages of one
// campaign are one thing to review, with a count, not 10,000 pages (design section 6).
//
// What it keeps is what a reviewer needs and nothing that names a person: counts, the first
// and last event time, how many distinct subjects are affected (a count: the subjects are kept
// only as 64-bit hashes, to count them and to take a retracted alert's subject out again),
// channels and jurisdictions, and the ids of a few sample alerts.
//
// States: open -> acknowledged -> resolved | false_positive (a reason is required for both).
// A resolved incident reopens when a new alert joins it; a false positive absorbs new alerts of
// its window without reopening (the reviewer judged the pattern) until the window passes, after
// which the next alert opens a new incident. A retraction takes its alert out; an incident
// whose alerts are all retracted is resolved with the reason "every alert was retracted".

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/alert.h"
#include "core/status.h"
#include "core/time.h"

namespace consentry {

enum class IncidentState : uint8_t {
  // Stored as these numbers: never renumber.
  kOpen = 0,
  kAcknowledged = 1,
  kResolved = 2,
  kFalsePositive = 3,
};
std::string_view Name(IncidentState state);

enum class IncidentAction { kAcknowledge, kResolve, kFalsePositive, kReopen };
std::string_view Name(IncidentAction action);
// "acknowledge", "resolve", "false_positive", "reopen"; InvalidArgument naming them otherwise.
StatusOr<IncidentAction> ParseIncidentAction(std::string_view name);

struct Incident {
  std::string id;   // 16 hex characters: SHA-256 of the key and the alert that opened it
  std::string key;  // the incident key
  std::string detector;
  TenantId tenant;
  std::string severity;  // the highest of its alerts'
  IncidentState state = IncidentState::kOpen;
  std::string state_reason;  // why it was resolved or called a false positive
  Timestamp state_changed_at;
  int64_t count = 0;         // alerts in it now (retracted ones taken out)
  int64_t reopened = 0;      // times a new alert reopened it after it was resolved
  Timestamp first_seen;      // event time of its earliest alert
  Timestamp last_seen;       // event time of its latest alert
  std::map<uint64_t, int32_t> subjects;  // subject hash -> its alerts here
  std::set<std::string> channels;
  std::set<std::string> jurisdictions;
  std::vector<AlertId> samples;  // the first few alerts, in arrival order
  // Handling times, for the regulator report: when serve opened it (the detected_at of its first
  // alert), first acknowledged it, and last closed it (resolved or called a false positive;
  // none while it is open again). Unknown (nullopt) for incidents stored before these were kept.
  std::optional<Timestamp> opened_at;
  std::optional<Timestamp> acknowledged_at;
  std::optional<Timestamp> closed_at;

  int64_t affected_subjects() const { return static_cast<int64_t>(subjects.size()); }
  bool closed() const {
    return state == IncidentState::kResolved || state == IncidentState::kFalsePositive;
  }
};

// The one-way hash an incident keeps of a subject id.
uint64_t SubjectHash(const SubjectId& subject);

// Applies a reviewer's action at `now`. FailedPrecondition when the state does not allow it
// (naming the state), InvalidArgument when a reason is required and empty.
Status ApplyAction(Incident& incident, IncidentAction action, std::string_view reason,
                   Timestamp now);

// The incident as the API and the webhook show it: a JSON object with every field but the
// subject hashes (docs/api.md), and `snoozed_until` when a snooze is in force.
class JsonWriter;
void WriteIncidentJson(JsonWriter& w, const Incident& incident,
                       std::optional<Timestamp> snoozed_until);

// Stored form (family incidents of `serve`'s store), versioned.
std::string EncodeIncident(const Incident& incident);
// DataLoss on anything malformed; never crashes on any input (fuzz/).
StatusOr<Incident> DecodeIncident(std::string_view bytes);

}  // namespace consentry
