#pragma once
// The one place that builds and parses state keys. Everything here is on disk.
//
// Layout of every key: one KeyKind byte, then the kind's fields. Integers are big-endian (signed
// ones with the sign bit flipped) so byte order equals numeric order and a RocksDB scan walks
// keys in time order. Strings are length-prefixed (varint length, then bytes), so ("a", "bc")
// and ("ab", "c") never collide, and a string followed by more fields is unambiguous.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/status.h"
#include "core/time.h"

namespace consentry {

// Column families. The values are stable identifiers used in code and metrics; the on-disk
// identity is FamilyName(). NEVER RENUMBER OR RENAME: APPEND ONLY.
enum class Family : uint8_t {
  kConsent = 0,      // consent ledger per subject
  kCampaigns = 1,    // latest campaign declaration per campaign
  kSuppression = 2,  // do-not-contact entries
  kWindows = 3,      // bucketed counters (merge operator)
  kSketches = 4,     // fan-out sketches, sender baselines
  kDedup = 5,        // event ids seen (expired by a compaction filter)
  kPending = 6,      // verdicts held until the watermark passes
  kIncidents = 7,
  kAudit = 8,
  kMeta = 9,  // input and changelog offsets, schema version
  kVerdicts = 10,  // judged messages kept for the correction horizon
};
inline constexpr int kFamilyCount = 11;

// "consent", "campaigns", ..., "meta": the RocksDB column family names.
std::string_view FamilyName(Family family);
// Every family, in enum order.
const std::array<Family, kFamilyCount>& AllFamilies();

// First byte of every key. NEVER RENUMBER OR REUSE A VALUE: APPEND ONLY. 0 is never used, so
// a zeroed or empty key cannot parse as anything.
enum class KeyKind : uint8_t {
  kConsent = 1,        // family consent: subject
  kCampaign = 2,       // family campaigns: campaign id
  kPendingV1 = 3,      // retired: (partition, sent_at, event id) lacked the tenant; never written

  kInputOffset = 4,    // family meta: topic, partition
  kSchemaVersion = 5,  // family meta: (no fields)
  kSuppression = 6,    // family suppression: subject
  kDedupV1 = 7,        // retired: (tenant, event id) lacked the partition that owns it; never
                       // written since the changelog, expired by family dedup's filter
  kPending = 8,        // family pending: partition, sent_at, tenant, event id
  kVerdict = 9,        // family verdicts: subject, sent_at, tenant, event id
  kHonouringDelayV1 = 10,  // retired: (day, policy, channel) honouring delays of one instance,
                           // never mirrored; replaced by kStatsCell, never written since
  kJudgedThrough = 11,   // family meta: partition
  kExpiryFloor = 12,     // family meta: (no fields)
  kFrequencyWindow = 13,  // family windows: subject (frequency.cap counters, merge operands)
  kSenderState = 14,      // family sketches: partition, owner, owner's key (sender stage)
  kDedup = 15,            // family dedup: partition, tenant, event id
  kChangelogOffset = 16,  // family meta: topic, partition (this instance's restore position)
  kInstanceId = 17,       // family meta: (no fields)
  kIncident = 18,         // family incidents (serve): incident id
  kAlertPlacement = 19,   // family incidents (serve): alert id
  kIncidentLatest = 20,   // family incidents (serve): incident key
  kIncidentSnooze = 21,   // family incidents (serve): incident key
  kAuditEntry = 22,       // family audit (serve): sequence number
  kAuditHead = 23,        // family audit (serve): (no fields)
  kIncidentAlert = 24,    // family incidents (serve): incident id, alert id
  kWebhookOutbox = 25,    // family incidents (serve): sequence number
  kSubjectAlert = 26,     // family incidents (serve): subject digest, alert id
  kStatsCell = 27,        // family windows: partition, day, tenant, channel, purpose,
                          // jurisdiction (regulator-report aggregates, state/stats_cell.h)
  kEngineCampaign = 28,   // family campaigns: engine, campaign id (see CampaignKey)
};

// Who a key belongs to, for the changelog (state/changelog.h): a subject (the key moves with
// the input partition its subject hashes to), a partition (the key moves with it), or this
// instance alone (never mirrored: schema version, expiry floor, restore positions, the campaign
// table read whole at every start).
struct KeyOwner {
  enum class Kind { kSubject, kPartition, kInstance };
  Kind kind = Kind::kInstance;
  std::string_view subject;  // kSubject: a view into the key
  int32_t partition = 0;     // kPartition
};
// InvalidArgument if `key` is not a key this file builds.
StatusOr<KeyOwner> OwnerOf(std::string_view key);

// All of one subject's consent, in one value.
std::string ConsentKey(const SubjectId& subject);
// A campaign's declarations as engine `engine` of the store's engines has read them (each reads
// the whole campaign table at its own pace, so each keeps its own copy; the first one's key
// carries no engine).
std::string CampaignKey(const CampaignId& campaign, int engine = 0);
// All of one subject's do-not-contact entries, in one value.
std::string SuppressionKey(const SubjectId& subject);
// An outbound message seen on input partition `partition`, for idempotency: event ids are unique
// per tenant. The partition leads, so the entry moves with it (a reused id is therefore found
// among the messages of one partition; several instances never see each other's anyway).
std::string DedupKey(int32_t partition, const TenantId& tenant, const EventId& event_id);

// A held verdict. Ordered by partition, then sent_at (negative times before positive), then
// tenant, then event id.
std::string PendingKey(int32_t partition, Timestamp sent_at, const TenantId& tenant,
                       const EventId& event_id);
// The common prefix of every PendingKey of `partition`.
std::string PendingPrefix(int32_t partition);
// The prefix of the retired kPendingV1 keys of `partition`, for the one-time re-keying of held
// messages written before keys carried the tenant.
std::string PendingV1Prefix(int32_t partition);
struct PendingKeyParts {
  int32_t partition = 0;
  Timestamp sent_at;
  TenantId tenant;
  EventId event_id;
};
// InvalidArgument if `key` is not exactly a PendingKey.
StatusOr<PendingKeyParts> ParsePendingKey(std::string_view key);

// A judged message kept so a late input can correct its verdict. Ordered by subject, then
// sent_at, then tenant and event id: one prefix scan finds a subject's verdicts in time order.
std::string VerdictKey(const SubjectId& subject, Timestamp sent_at, const TenantId& tenant,
                       const EventId& event_id);
std::string VerdictPrefix(const SubjectId& subject);
// The sent_at of a VerdictKey (for expiry); InvalidArgument if `key` is not one.
StatusOr<Timestamp> VerdictTime(std::string_view key);

// The report aggregates (state/stats_cell.h) of one input partition (the cell moves with it),
// UTC day (days since the epoch) of sent_at, tenant, channel, purpose and jurisdiction.
struct StatsKeyParts {
  int32_t partition = 0;
  int32_t day = 0;
  std::string tenant;
  std::string channel;
  std::string purpose;
  std::string jurisdiction;
};
std::string StatsKey(const StatsKeyParts& parts);
// InvalidArgument if `key` is not exactly a StatsKey.
StatusOr<StatsKeyParts> ParseStatsKey(std::string_view key);

// ---- frequency.cap (state/frequency_window.h): all of one subject's message counters, every
// tenant, in one value of family windows, written with merge operands (state/frequency_merge.h).
std::string FrequencyWindowKey(const SubjectId& subject);
// InvalidArgument if `key` is not exactly a FrequencyWindowKey.
StatusOr<SubjectId> ParseFrequencyWindowKey(std::string_view key);
// True when `key` starts with the kFrequencyWindow kind byte (the merge operator and the
// compaction filter of family windows use it to leave other keys alone).
bool IsFrequencyWindowKey(std::string_view key);
// ---- end of frequency.cap

// ---- serve's incidents (alerts/incident_store.h), in serve's own store: each key is one kind
// byte and one string (an incident id, an alert id, or an incident key).
std::string IncidentStoreKey(KeyKind kind, std::string_view id);
// The prefix of every key of `kind`.
std::string IncidentStorePrefix(KeyKind kind);
// The string of an IncidentStoreKey of `kind`; InvalidArgument if `key` is not exactly one.
StatusOr<std::string> ParseIncidentStoreKey(KeyKind kind, std::string_view key);
// An alert record of an incident, as received: ordered by incident, so one prefix scan lists
// an incident's alerts.
std::string IncidentAlertKey(std::string_view incident_id, const AlertId& alert);
std::string IncidentAlertPrefix(std::string_view incident_id);
// An alert about a subject, under the subject's digest (the id itself stays out of serve's keys
// and audit log), so one prefix scan lists the subject's alerts.
std::string SubjectAlertKey(const SubjectId& subject, const AlertId& alert);
std::string SubjectAlertPrefix(const SubjectId& subject);
StatusOr<AlertId> ParseSubjectAlertKey(std::string_view key);
// 32 hex characters of the subject id's SHA-256.
std::string SubjectDigest(const SubjectId& subject);
// A webhook message waiting to be delivered (alerts/webhook.h), in the order it was queued.
std::string WebhookOutboxKey(int64_t seq);
std::string WebhookOutboxPrefix();
// serve's audit log (alerts/audit_store.h): entry `seq` (big-endian: scans in order), the head.
std::string AuditEntryKey(int64_t seq);
std::string AuditEntryPrefix();
std::string AuditHeadKey();
// ---- end of serve's incidents

// ---- sender stage (pipeline/sender_stage.h): one entry of by-sender partition `partition`,
// owned by a sender detector (its name) or by the stage itself (owner ""), under the owner's own
// key. Ordered by partition first, so one prefix scan restores a partition that moves here.
std::string SenderStateKey(int32_t partition, std::string_view owner, std::string_view key);
std::string SenderStatePrefix(int32_t partition);
struct SenderStateKeyParts {
  int32_t partition = 0;
  std::string owner;
  std::string key;
};
// InvalidArgument if `key` is not exactly a SenderStateKey.
StatusOr<SenderStateKeyParts> ParseSenderStateKey(std::string_view key);
// ---- end of sender stage

// The next input offset to read for (topic, partition).
std::string InputOffsetKey(std::string_view topic, int32_t partition);
struct InputOffsetKeyParts {
  std::string topic;
  int32_t partition = 0;
};
StatusOr<InputOffsetKeyParts> ParseInputOffsetKey(std::string_view key);

// The latest sent_at judged in `partition`: an input at or before it is late (its verdicts are
// corrected, pipeline/verdict_keeper.h).
std::string JudgedThroughKey(int32_t partition);

// The expiry floor of the families that expire by event time (state/expiry_filter.h).
std::string ExpiryFloorKey();

// The store's schema version (family meta).
std::string SchemaVersionKey();

// The next offset of changelog (topic, partition) this store has applied (family meta): restore
// reads the changelog from there.
std::string ChangelogOffsetKey(std::string_view topic, int32_t partition);
// This store's instance id (family meta): names its Kafka transactional producer.
std::string InstanceIdKey();

}  // namespace consentry
