#pragma once
// The records of `consentry.by-sender`, the repartition topic between the subject stage and the
// sender stage (design section 5). Binary, versioned, compact: no subject id and no content, only
// what the sender-level rules read (detectors/sender/sender_detector.h).
//
// Three kinds:
//   - a judged message, keyed by its sender id (so all of one sender's messages meet in one
//     partition of the sender stage);
//   - a complaint or bounce naming its sender, keyed the same way;
//   - a watermark: subject partition `source` has judged everything up to `at`, sent to every
//     by-sender partition, so the sender stage knows when a window is complete: its watermark is
//     the lowest of all sources'.
//
// The format is on the wire (and in RocksDB only through the sender stage's own state, never
// raw): version byte first; new fields go at the end behind a new version.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/events.h"
#include "core/status.h"
#include "detectors/sender/sender_detector.h"

namespace consentry {

struct SenderWatermark {
  int32_t source = 0;  // the subject partition that reports
  Timestamp at;
};

using SenderRecordBody = std::variant<SenderMessage, SenderFeedback, SenderWatermark>;

struct SenderRecord {
  int32_t partition = 0;  // of the by-sender topic
  std::string key;        // the sender id; empty for a watermark
  SenderRecordBody body;
};

// The value bytes of a record.
std::string EncodeSenderRecord(const SenderRecordBody& body);
// InvalidArgument for anything that is not exactly one encoded record.
StatusOr<SenderRecordBody> DecodeSenderRecord(std::string_view bytes);

// The by-sender partition of `sender` among `partitions`: Kafka's default partitioner for a
// keyed record (core/partitioner.h), so a Java producer or Kafka Streams would place the same key
// on the same partition.
int32_t SenderPartition(const SenderId& sender, int32_t partitions);


// 64-bit hashes the sender stage counts with: of (tenant, event id) to recognise a repeated
// record, and of a subject id for distinct-recipient sketches (the id itself never leaves the
// subject stage).
uint64_t MessageHash(const TenantId& tenant, const EventId& event_id);
uint64_t RecipientHash(const SubjectId& subject);
// Of a feedback event (tenant, event id): its own domain, so it never equals a MessageHash.
uint64_t FeedbackHash(const TenantId& tenant, const EventId& event_id);

}  // namespace consentry
