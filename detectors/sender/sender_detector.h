#pragma once
// The SenderDetector interface: rules judged per sender (or campaign, or content) in the second,
// sender-keyed stage (pipeline/sender_stage.h), which reads `consentry.by-sender`.
//
// Unlike a subject Detector, a sender detector keeps state: it aggregates the messages and
// feedback of its partitions into event-time windows, and decides a window only once the
// stage watermark has passed the window's end, in window order. Decisions therefore depend only
// on the set of inputs of each window and of the windows before it, never on arrival order or
// batch boundaries, so a replay and a Kafka run decide the same windows the same way and the
// alert ids (hash of detector, rule version, tenant, entity and window start) agree.
//
// The stage feeds a detector only deduplicated, on-time inputs (a repeated by-sender record, or
// one whose event time the stage watermark has passed already, never reaches Add). A detector
// never touches RocksDB or Kafka: the stage persists what TakeChanges returns, in the same
// WriteBatch as the by-sender offsets, and hands it back through Restore after a restart or
// when a partition moves here.
//
// Thread-compatible; one stage thread drives a detector. Nothing throws.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/ids.h"
#include "core/status.h"
#include "core/time.h"
#include "detectors/detector.h"

namespace consentry {

// One judged outbound message as the sender stage sees it (no subject id, no content).
struct SenderMessage {
  Timestamp sent_at;
  TenantId tenant;
  SenderId sender;
  CampaignId campaign;  // empty when the message names none
  // The declared volume of the campaign version in force at sent_at (campaign.v1
  // expected_volume), looked up by the subject stage; nullopt when none is declared.
  std::optional<int64_t> expected_volume;
  Channel channel = Channel::kEmail;
  uint64_t message_hash = 0;    // of (tenant, event_id): identifies the message
  uint64_t recipient_hash = 0;  // of the subject id (keyed hash); never the id itself
  std::optional<uint64_t> fingerprint;  // content.fingerprint, the 64-bit simhash
  // The subject stage found no valid consent for it: consent.missing, consent.expired,
  // consent.withdrawn, consent.third_party_unnamed or suppression.hit fired on it.
  bool lacked_consent = false;
};

// A complaint or bounce naming its sender (feedback.v1 with sender_id).
struct SenderFeedback {
  Timestamp at;
  TenantId tenant;  // may be empty (feedback.v1 tenant is optional)
  SenderId sender;
  FeedbackKind kind = FeedbackKind::kComplaint;  // only kComplaint or kBounce reach detectors
  uint64_t feedback_hash = 0;                    // of the feedback event_id
};

// A decided window that breaks a rule. The alert id hashes detector, rule version, tenant,
// `entity` and window_start (alerts/alert.h), so the same window always gives the same id.
struct SenderFinding {
  Finding finding;  // detector, rule_version, severity, reason, evidence_json
  TenantId tenant;
  SenderId sender;      // empty when the entity is not one sender (content.fanout)
  CampaignId campaign;  // empty unless the entity is a campaign
  // "sender:<id>", "campaign:<id>" or "content:<16 hex digits>".
  std::string entity;
  Timestamp window_start;
  Timestamp window_end;  // exclusive
  std::string incident_key;  // one per entity and window
};

// One state entry that changed since the last TakeChanges: written to (partition, detector,
// key); an absent value deletes it. `expires_at` (event time): an entry left untouched past it
// is dropped by compaction once the store's expiry floor passes it (state/expiry_filter.h), so
// state of senders that went silent does not stay forever.
struct SenderStateChange {
  int32_t partition = 0;
  std::string key;
  std::optional<std::string> value;
  Timestamp expires_at = Timestamp::max();
};

class SenderDetector {
 public:
  virtual ~SenderDetector() = default;
  virtual std::string_view Name() const = 0;
  virtual std::string_view RuleVersion() const = 0;

  // An on-time, new input of by-sender partition `partition` (event time not yet passed by the
  // stage watermark).
  virtual void Add(int32_t partition, const SenderMessage& message) = 0;
  virtual void Add(int32_t partition, const SenderFeedback& feedback) = 0;

  // The stage watermark reached `watermark` (it never goes back): decide every window ending at
  // or before it, in window order, appending findings, and drop what no later decision needs.
  virtual void Close(Timestamp watermark, std::vector<SenderFinding>& findings) = 0;

  // Entries changed (or deleted) since the last call, for the stage to persist.
  virtual void TakeChanges(std::vector<SenderStateChange>& changes) = 0;
  // One entry persisted earlier from TakeChanges, handed back before any Add of `partition`.
  // DataLoss for a value that does not decode.
  [[nodiscard]] virtual Status Restore(int32_t partition, std::string_view key,
                                       std::string_view value) = 0;
  // `partition` moved away: drop its entries from memory (they stay in RocksDB).
  virtual void Forget(int32_t partition) = 0;
};

}  // namespace consentry
