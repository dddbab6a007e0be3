#include "state/keys.h"

#include <array>

#include "core/digest.h"
#include "state/codec.h"

namespace consentry {
namespace {

constexpr std::array<std::string_view, kFamilyCount> kFamilyNames{
    "consent", "campaigns", "suppression", "windows", "sketches", "dedup",
    "pending", "incidents", "audit",       "meta",    "verdicts",
};
constexpr std::array<Family, kFamilyCount> kFamilies{
    Family::kConsent,  Family::kCampaigns, Family::kSuppression, Family::kWindows,
    Family::kSketches, Family::kDedup,     Family::kPending,     Family::kIncidents,
    Family::kAudit,    Family::kMeta,      Family::kVerdicts,
};

std::string KeyOf(KeyKind kind, size_t reserve) {
  std::string key;
  key.reserve(1 + reserve);
  key.push_back(static_cast<char>(kind));
  return key;
}

// kind, topic, partition: the keys of a Kafka topic partition's offsets.
std::string TopicPartitionKey(KeyKind kind, std::string_view topic, int32_t partition) {
  std::string key = KeyOf(kind, topic.size() + 6);
  ByteWriter w(&key);
  w.PutString(topic);
  w.PutFixed32BE(OrderedFromSigned32(partition));
  return key;
}

// Checks the kind byte and returns a reader over the rest.
bool StartParse(std::string_view key, KeyKind kind, ByteReader* r) {
  uint8_t k;
  *r = ByteReader(key);
  return r->ReadU8(&k) && k == static_cast<uint8_t>(kind);
}

Status BadKey(std::string_view what) {
  return InvalidArgument("not a " + std::string(what) + " key");
}

}  // namespace

std::string_view FamilyName(Family family) {
  const auto i = static_cast<size_t>(family);
  CONSENTRY_CHECK(i < kFamilyNames.size());
  return kFamilyNames[i];
}

const std::array<Family, kFamilyCount>& AllFamilies() { return kFamilies; }

std::string ConsentKey(const SubjectId& subject) {
  std::string key = KeyOf(KeyKind::kConsent, subject.value().size() + 2);
  ByteWriter(&key).PutString(subject.value());
  return key;
}

std::string CampaignKey(const CampaignId& campaign, int engine) {
  if (engine == 0) {
    std::string key = KeyOf(KeyKind::kCampaign, campaign.value().size() + 2);
    ByteWriter(&key).PutString(campaign.value());
    return key;
  }
  std::string key = KeyOf(KeyKind::kEngineCampaign, campaign.value().size() + 6);
  ByteWriter w(&key);
  w.PutFixed32BE(static_cast<uint32_t>(engine));
  w.PutString(campaign.value());
  return key;
}

std::string SuppressionKey(const SubjectId& subject) {
  std::string key = KeyOf(KeyKind::kSuppression, subject.value().size() + 2);
  ByteWriter(&key).PutString(subject.value());
  return key;
}

std::string DedupKey(int32_t partition, const TenantId& tenant, const EventId& event_id) {
  std::string key = KeyOf(KeyKind::kDedup, tenant.value().size() + event_id.value().size() + 8);
  ByteWriter w(&key);
  w.PutFixed32BE(OrderedFromSigned32(partition));
  w.PutString(tenant.value());
  w.PutString(event_id.value());
  return key;
}

std::string PendingPrefix(int32_t partition) {
  std::string key = KeyOf(KeyKind::kPending, 4);
  ByteWriter(&key).PutFixed32BE(OrderedFromSigned32(partition));
  return key;
}

std::string PendingV1Prefix(int32_t partition) {
  std::string key = KeyOf(KeyKind::kPendingV1, 4);
  ByteWriter(&key).PutFixed32BE(OrderedFromSigned32(partition));
  return key;
}

std::string VerdictPrefix(const SubjectId& subject) {
  std::string key = KeyOf(KeyKind::kVerdict, subject.value().size() + 2);
  ByteWriter(&key).PutString(subject.value());
  return key;
}

std::string VerdictKey(const SubjectId& subject, Timestamp sent_at, const TenantId& tenant,
                       const EventId& event_id) {
  std::string key = VerdictPrefix(subject);
  ByteWriter w(&key);
  w.PutFixed64BE(OrderedFromSigned64(ToMicros(sent_at)));
  w.PutString(tenant.value());
  w.PutString(event_id.value());
  return key;
}

StatusOr<Timestamp> VerdictTime(std::string_view key) {
  ByteReader r(key);
  std::string_view subject, tenant, id;
  uint64_t micros;
  if (!StartParse(key, KeyKind::kVerdict, &r) || !r.ReadStringView(&subject) ||
      !r.ReadFixed64BE(&micros) || !r.ReadStringView(&tenant) || !r.ReadStringView(&id) ||
      !r.empty()) {
    return BadKey("verdict");
  }
  return FromMicros(SignedFromOrdered64(micros));
}

std::string StatsKey(const StatsKeyParts& parts) {
  std::string key = KeyOf(KeyKind::kStatsCell, 12 + parts.tenant.size() + parts.channel.size() +
                                                   parts.purpose.size() + parts.jurisdiction.size());
  ByteWriter w(&key);
  w.PutFixed32BE(OrderedFromSigned32(parts.partition));
  w.PutFixed32BE(OrderedFromSigned32(parts.day));
  w.PutString(parts.tenant);
  w.PutString(parts.channel);
  w.PutString(parts.purpose);
  w.PutString(parts.jurisdiction);
  return key;
}

StatusOr<StatsKeyParts> ParseStatsKey(std::string_view key) {
  ByteReader r(key);
  StatsKeyParts parts;
  uint32_t partition, day;
  std::string_view tenant, channel, purpose, jurisdiction;
  if (!StartParse(key, KeyKind::kStatsCell, &r) || !r.ReadFixed32BE(&partition) ||
      !r.ReadFixed32BE(&day) || !r.ReadStringView(&tenant) || !r.ReadStringView(&channel) ||
      !r.ReadStringView(&purpose) || !r.ReadStringView(&jurisdiction) || !r.empty()) {
    return BadKey("stats");
  }
  parts.partition = SignedFromOrdered32(partition);
  parts.day = SignedFromOrdered32(day);
  parts.tenant = tenant;
  parts.channel = channel;
  parts.purpose = purpose;
  parts.jurisdiction = jurisdiction;
  return parts;
}

std::string PendingKey(int32_t partition, Timestamp sent_at, const TenantId& tenant,
                       const EventId& event_id) {
  std::string key = KeyOf(KeyKind::kPending, 16 + tenant.value().size() + event_id.value().size());
  ByteWriter w(&key);
  w.PutFixed32BE(OrderedFromSigned32(partition));
  w.PutFixed64BE(OrderedFromSigned64(ToMicros(sent_at)));
  w.PutString(tenant.value());
  w.PutString(event_id.value());
  return key;
}

StatusOr<PendingKeyParts> ParsePendingKey(std::string_view key) {
  ByteReader r(key);
  uint32_t partition;
  uint64_t micros;
  std::string_view tenant, id;
  if (!StartParse(key, KeyKind::kPending, &r) || !r.ReadFixed32BE(&partition) ||
      !r.ReadFixed64BE(&micros) || !r.ReadStringView(&tenant) || !r.ReadStringView(&id) ||
      !r.empty()) {
    return BadKey("pending");
  }
  return PendingKeyParts{SignedFromOrdered32(partition), FromMicros(SignedFromOrdered64(micros)),
                         TenantId(std::string(tenant)), EventId(std::string(id))};
}

std::string InputOffsetKey(std::string_view topic, int32_t partition) {
  return TopicPartitionKey(KeyKind::kInputOffset, topic, partition);
}

StatusOr<InputOffsetKeyParts> ParseInputOffsetKey(std::string_view key) {
  ByteReader r(key);
  std::string_view topic;
  uint32_t partition;
  if (!StartParse(key, KeyKind::kInputOffset, &r) || !r.ReadStringView(&topic) ||
      !r.ReadFixed32BE(&partition) || !r.empty()) {
    return BadKey("input offset");
  }
  return InputOffsetKeyParts{std::string(topic), SignedFromOrdered32(partition)};
}

// ---- frequency.cap
std::string FrequencyWindowKey(const SubjectId& subject) {
  std::string key = KeyOf(KeyKind::kFrequencyWindow, subject.value().size() + 2);
  ByteWriter(&key).PutString(subject.value());
  return key;
}

StatusOr<SubjectId> ParseFrequencyWindowKey(std::string_view key) {
  ByteReader r(key);
  std::string_view subject;
  if (!StartParse(key, KeyKind::kFrequencyWindow, &r) || !r.ReadStringView(&subject) ||
      !r.empty()) {
    return BadKey("frequency window");
  }
  return SubjectId(std::string(subject));
}

bool IsFrequencyWindowKey(std::string_view key) {
  return !key.empty() &&
         static_cast<uint8_t>(key[0]) == static_cast<uint8_t>(KeyKind::kFrequencyWindow);
}
// ---- end of frequency.cap

std::string SchemaVersionKey() { return KeyOf(KeyKind::kSchemaVersion, 0); }

std::string ExpiryFloorKey() { return KeyOf(KeyKind::kExpiryFloor, 0); }

std::string ChangelogOffsetKey(std::string_view topic, int32_t partition) {
  return TopicPartitionKey(KeyKind::kChangelogOffset, topic, partition);
}

std::string InstanceIdKey() { return KeyOf(KeyKind::kInstanceId, 0); }

StatusOr<KeyOwner> OwnerOf(std::string_view key) {
  if (key.empty()) return BadKey("state");
  ByteReader r(key.substr(1));
  KeyOwner owner;
  const auto subject_first = [&]() -> StatusOr<KeyOwner> {
    owner.kind = KeyOwner::Kind::kSubject;
    if (!r.ReadStringView(&owner.subject)) return BadKey("subject-owned");
    return owner;
  };
  const auto partition_first = [&]() -> StatusOr<KeyOwner> {
    owner.kind = KeyOwner::Kind::kPartition;
    uint32_t partition;
    if (!r.ReadFixed32BE(&partition)) return BadKey("partition-owned");
    owner.partition = SignedFromOrdered32(partition);
    return owner;
  };
  switch (static_cast<KeyKind>(static_cast<uint8_t>(key[0]))) {
    case KeyKind::kConsent:
    case KeyKind::kSuppression:
    case KeyKind::kVerdict:
    case KeyKind::kFrequencyWindow:
      return subject_first();
    case KeyKind::kDedup:
    case KeyKind::kPending:
    case KeyKind::kJudgedThrough:
    case KeyKind::kSenderState:
    case KeyKind::kStatsCell:
      return partition_first();
    case KeyKind::kInputOffset: {
      CONSENTRY_ASSIGN_OR_RETURN(const InputOffsetKeyParts parts, ParseInputOffsetKey(key));
      owner.kind = KeyOwner::Kind::kPartition;
      owner.partition = parts.partition;
      return owner;
    }
    case KeyKind::kCampaign:
    case KeyKind::kEngineCampaign:
    case KeyKind::kPendingV1:
    case KeyKind::kDedupV1:
    case KeyKind::kSchemaVersion:
    case KeyKind::kHonouringDelayV1:
    case KeyKind::kExpiryFloor:
    case KeyKind::kChangelogOffset:
    case KeyKind::kInstanceId:
    case KeyKind::kIncident:
    case KeyKind::kAlertPlacement:
    case KeyKind::kIncidentLatest:
    case KeyKind::kIncidentSnooze:
    case KeyKind::kAuditEntry:
    case KeyKind::kAuditHead:
    case KeyKind::kIncidentAlert:
    case KeyKind::kWebhookOutbox:
    case KeyKind::kSubjectAlert:
      return owner;
  }
  return BadKey("state");
}

std::string JudgedThroughKey(int32_t partition) {
  std::string key = KeyOf(KeyKind::kJudgedThrough, 4);
  ByteWriter(&key).PutFixed32BE(OrderedFromSigned32(partition));
  return key;
}

std::string SenderStatePrefix(int32_t partition) {
  std::string key = KeyOf(KeyKind::kSenderState, 4);
  ByteWriter(&key).PutFixed32BE(OrderedFromSigned32(partition));
  return key;
}

std::string IncidentStoreKey(KeyKind kind, std::string_view id) {
  std::string key = KeyOf(kind, id.size() + 2);
  ByteWriter(&key).PutString(id);
  return key;
}

std::string IncidentStorePrefix(KeyKind kind) { return KeyOf(kind, 0); }

StatusOr<std::string> ParseIncidentStoreKey(KeyKind kind, std::string_view key) {
  ByteReader r(key);
  uint8_t byte = 0;
  std::string id;
  if (!r.ReadU8(&byte) || byte != static_cast<uint8_t>(kind) || !r.ReadString(&id) || !r.empty()) {
    return BadKey("incident store");
  }
  return id;
}

std::string IncidentAlertKey(std::string_view incident_id, const AlertId& alert) {
  std::string key = IncidentAlertPrefix(incident_id);
  ByteWriter(&key).PutString(alert.value());
  return key;
}

std::string IncidentAlertPrefix(std::string_view incident_id) {
  std::string key = KeyOf(KeyKind::kIncidentAlert, incident_id.size() + 2);
  ByteWriter(&key).PutString(incident_id);
  return key;
}

std::string SubjectDigest(const SubjectId& subject) {
  return Sha256Hex(subject.value()).substr(0, 32);
}

std::string SubjectAlertKey(const SubjectId& subject, const AlertId& alert) {
  std::string key = SubjectAlertPrefix(subject);
  ByteWriter(&key).PutString(alert.value());
  return key;
}

std::string SubjectAlertPrefix(const SubjectId& subject) {
  const std::string digest = SubjectDigest(subject);
  std::string key = KeyOf(KeyKind::kSubjectAlert, digest.size() + 2);
  ByteWriter(&key).PutString(digest);
  return key;
}

StatusOr<AlertId> ParseSubjectAlertKey(std::string_view key) {
  ByteReader r(key);
  uint8_t byte = 0;
  std::string digest, alert;
  if (!r.ReadU8(&byte) || byte != static_cast<uint8_t>(KeyKind::kSubjectAlert) ||
      !r.ReadString(&digest) || !r.ReadString(&alert) || !r.empty()) {
    return BadKey("subject alert");
  }
  return AlertId(alert);
}

std::string WebhookOutboxKey(int64_t seq) {
  std::string key = KeyOf(KeyKind::kWebhookOutbox, 8);
  ByteWriter(&key).PutFixed64BE(OrderedFromSigned64(seq));
  return key;
}

std::string WebhookOutboxPrefix() { return KeyOf(KeyKind::kWebhookOutbox, 0); }

std::string AuditEntryKey(int64_t seq) {
  std::string key = KeyOf(KeyKind::kAuditEntry, 8);
  ByteWriter(&key).PutFixed64BE(OrderedFromSigned64(seq));
  return key;
}

std::string AuditEntryPrefix() { return KeyOf(KeyKind::kAuditEntry, 0); }

std::string AuditHeadKey() { return KeyOf(KeyKind::kAuditHead, 0); }

std::string SenderStateKey(int32_t partition, std::string_view owner, std::string_view key) {
  std::string out = SenderStatePrefix(partition);
  ByteWriter w(&out);
  w.PutString(owner);
  w.PutString(key);
  return out;
}

StatusOr<SenderStateKeyParts> ParseSenderStateKey(std::string_view key) {
  ByteReader r(key);
  uint8_t kind = 0;
  uint32_t partition = 0;
  SenderStateKeyParts parts;
  if (!r.ReadU8(&kind) || kind != static_cast<uint8_t>(KeyKind::kSenderState) ||
      !r.ReadFixed32BE(&partition) || !r.ReadString(&parts.owner) || !r.ReadString(&parts.key) ||
      !r.empty()) {
    return InvalidArgument("not a sender state key");
  }
  parts.partition = SignedFromOrdered32(partition);
  return parts;
}

}  // namespace consentry
