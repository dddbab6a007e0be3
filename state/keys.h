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
};
inline constexpr int kFamilyCount = 10;

// "consent", "campaigns", ..., "meta": the RocksDB column family names.
std::string_view FamilyName(Family family);
// Every family, in enum order.
const std::array<Family, kFamilyCount>& AllFamilies();

// First byte of every key. NEVER RENUMBER OR REUSE A VALUE: APPEND ONLY. 0 is never used, so
// a zeroed or empty key cannot parse as anything.
enum class KeyKind : uint8_t {
  kConsent = 1,        // family consent: subject
  kCampaign = 2,       // family campaigns: campaign id
  kPending = 3,        // family pending: partition, sent_at, event id
  kInputOffset = 4,    // family meta: topic, partition
  kSchemaVersion = 5,  // family meta: (no fields)
};

// All of one subject's consent, in one value.
std::string ConsentKey(const SubjectId& subject);
std::string CampaignKey(const CampaignId& campaign);

// A held verdict. Ordered by partition, then sent_at (negative times before positive), then
// event id.
std::string PendingKey(int32_t partition, Timestamp sent_at, const EventId& event_id);
// The common prefix of every PendingKey of `partition`.
std::string PendingPrefix(int32_t partition);
struct PendingKeyParts {
  int32_t partition = 0;
  Timestamp sent_at;
  EventId event_id;
};
// InvalidArgument if `key` is not exactly a PendingKey.
StatusOr<PendingKeyParts> ParsePendingKey(std::string_view key);

// The next input offset to read for (topic, partition).
std::string InputOffsetKey(std::string_view topic, int32_t partition);
struct InputOffsetKeyParts {
  std::string topic;
  int32_t partition = 0;
};
StatusOr<InputOffsetKeyParts> ParseInputOffsetKey(std::string_view key);

// The store's schema version (family meta).
std::string SchemaVersionKey();

}  // namespace consentry
