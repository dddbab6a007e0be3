#pragma once
// dlq.v1: a record that could not be judged, with the reason and where it came from. The raw
// bytes are kept (base64, capped) so an operator can inspect and replay it; nothing is dropped.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.h"

namespace consentry {

inline constexpr size_t kDlqRawCap = 4096;

// Reasons a record that decoded is still not judged. Like decode_code (decoder.h), these are
// metric labels and DLQ reasons: never rename one.
namespace dlq_code {
// An event time further ahead of its record's timestamp (or replay's --now) than the configured
// future skew: it would move its partition's watermark past every real input.
inline constexpr std::string_view kFutureTimestamp = "future_timestamp";
// A second record with the (tenant, event id) of an earlier one but other content.
inline constexpr std::string_view kDuplicateEventId = "duplicate_event_id";
// A record from a topic that is not an input (a wiring bug, never silently dropped).
inline constexpr std::string_view kUnknownTopic = "unknown_topic";
// A keyed input record on another partition than Kafka's default partitioner puts its key: its
// producer does not co-partition (core/partitioner.h), so its subject's other inputs are judged
// elsewhere.
inline constexpr std::string_view kMisrouted = "misrouted";
// A `consentry.by-sender` record that does not decode (written by another version, or damaged).
inline constexpr std::string_view kBadSenderRecord = "bad_sender_record";
}  // namespace dlq_code

struct DlqEntry {
  std::string reason_code;  // stable machine code, e.g. "missing_field"
  std::string reason;       // a sentence naming the field, never echoing its value
  std::string source_topic;
  int32_t source_partition = 0;
  int64_t source_offset = 0;
  std::string_view raw;  // the whole record; ToJson caps it at kDlqRawCap bytes
  Timestamp detected_at;
};

std::string ToJson(const DlqEntry& entry);

}  // namespace consentry
