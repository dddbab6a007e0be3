#pragma once
// What `consentry serve` does, without Kafka or HTTP: it takes batches of records from the
// alerts topic into incidents (alerts/incident_book.h) and the audit log, durable in its own
// RocksDB store with the batch's input offsets (one WriteBatch, so a restart resumes exactly
// where the last batch ended: nothing lost, nothing doubled), and answers the API's questions
// and reviewer actions. app/serve_api.h puts HTTP in front of it; app/serve_command.cc Kafka.
//
// Thread-safe: the consume loop and the HTTP thread share it (one mutex).

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "alerts/audit_log.h"
#include "alerts/incident_book.h"
#include "alerts/incident_store.h"
#include "app/serve_config.h"
#include "core/record.h"
#include "core/time.h"
#include "state/store.h"

namespace consentry {

struct ServeStats {
  int64_t records = 0;    // alerts topic records read
  int64_t malformed = 0;  // records that were not alert.v1 (logged and skipped)
  int64_t notices = 0;    // incident notices (opened, escalated, reopened, resolved)
  int64_t actions = 0;    // reviewer actions applied
  int64_t audit_entries = 0;
  int64_t webhooks_queued = 0;
};

struct IncidentFilter {
  std::optional<IncidentState> state;
  std::string detector;
  std::string tenant;
  // Newest or largest first.
  enum class Sort { kLastSeen, kCount, kFirstSeen } sort = Sort::kLastSeen;
  size_t limit = 50;
  size_t offset = 0;
};

struct IncidentPage {
  size_t total = 0;  // matching the filter, before limit and offset
  std::vector<Incident> incidents;
};

// An alert received about one subject, as `LookUpSubject` finds it.
struct SubjectAlert {
  Alert alert;  // as received (its evidence quotes the decisions it rests on)
  std::string incident_id;
  bool retracted = false;
};

struct SubjectAlerts {
  size_t total = 0;  // every alert about the subject (of the tenant, when one was asked for)
  std::vector<SubjectAlert> alerts;  // at most the limit, oldest event first
};

class ServeCore {
 public:
  // `store` is serve's own; LoadIncidents and the audit head are read by Open.
  static StatusOr<std::unique_ptr<ServeCore>> Open(Store& store, const ServeConfig& config,
                                                   const Clock& clock);

  // One batch of records of the alerts topic; returns the next offset of each partition read,
  // durable. A record that is not alert.v1 is counted and skipped (logged without content).
  StatusOr<std::map<TopicPartition, int64_t>> Ingest(const std::vector<InputRecord>& records);
  // Where to resume reading a partition of `topic` (nullopt: from its start).
  StatusOr<std::optional<int64_t>> ResumeAt(const std::string& topic, int32_t partition);

  IncidentPage List(const IncidentFilter& filter) const;
  std::optional<Incident> Get(std::string_view incident_id) const;
  // The incident's alert records as received (JSON), at most `limit`, in alert id order.
  StatusOr<std::vector<std::string>> Alerts(std::string_view incident_id, size_t limit) const;
  // A reviewer's action, audited under `actor`. NotFound, FailedPrecondition (the state does
  // not allow it) or InvalidArgument (a reason is missing) as alerts/incident.h says.
  StatusOr<Incident> Act(std::string_view incident_id, IncidentAction action,
                         std::string_view reason, std::string_view actor);
  // Marks the notices of the incident's key snoozed until `until`, audited under `actor`.
  // NotFound for an unknown incident, InvalidArgument without a reason or with `until` not
  // after now.
  StatusOr<Incident> Snooze(std::string_view incident_id, Timestamp until, std::string_view reason,
                            std::string_view actor);
  // The snooze in force on the incident's key, if any.
  std::optional<Timestamp> SnoozedUntil(const Incident& incident) const;
  // The alerts received about `subject` (of `tenant`, unless empty), at most `limit`. The
  // lookup is audited under `actor` (kind "subject_lookup", with the subject's digest: the audit
  // log never holds a subject id). DataLoss on a malformed stored record.
  StatusOr<SubjectAlerts> LookUpSubject(const SubjectId& subject, const TenantId& tenant,
                                        size_t limit, std::string_view actor);
  // The audit log as an export (alerts/audit_log.h), its head signed when an audit key is set.
  StatusOr<std::string> AuditExport() const;

  ServeStats stats() const;
  // FailedPrecondition once a write to the store failed: memory (incidents, the audit chain) is
  // then ahead of the store, so every later change is refused and serve must restart from it.
  Status Usable() const;
  // How many incidents are in each state.
  std::map<IncidentState, int64_t> CountByState() const;
  // Called after a write that queued webhook messages (WebhookSender::Wake).
  void OnWebhookQueued(std::function<void()> wake) { on_queued_ = std::move(wake); }

 private:
  ServeCore(Store& store, const ServeConfig& config, const Clock& clock);
  void Audit(std::string kind, std::string payload, StoreBatch& writes);
  // Queues the webhook messages of `notices` (when a webhook is configured and the incident's
  // key is not snoozed), numbered after the audit entry about to be appended, and logs them.
  void Notify(const std::vector<IncidentNotice>& notices, StoreBatch& writes);
  // Writes `writes`; a failure marks the core unusable.
  Status Commit(StoreBatch& writes);

  Store& store_;
  const ServeConfig& config_;
  const Clock& clock_;
  std::string audit_key_pem_;  // read from config.audit_key at Open
  mutable std::mutex mu_;
  StoredPlacements placements_;
  IncidentBook book_;
  AuditChain chain_;
  ServeStats stats_;
  std::function<void()> on_queued_;
  bool queued_ = false;  // this write queued webhook messages
  Status failed_;        // the failed write, once there was one
};

}  // namespace consentry
