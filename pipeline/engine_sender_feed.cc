// The engine's feed of the sender stage (pipeline/sender_stage.h): what each judged message,
// complaint, bounce and watermark becomes on `consentry.by-sender`.

#include <algorithm>
#include <iterator>

#include "pipeline/engine.h"

namespace consentry {

namespace {

// The subject stage found no valid consent for a message when one of these fired on it.
bool LacksConsent(const std::vector<Finding>& findings) {
  static constexpr std::string_view kConsentRules[] = {
      "consent.missing", "consent.expired", "consent.withdrawn", "consent.third_party_unnamed",
      "suppression.hit"};
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
    return std::find(std::begin(kConsentRules), std::end(kConsentRules), f.detector) !=
           std::end(kConsentRules);
  });
}

}  // namespace

void Engine::QueueForSenderStage(const OutboundEvent& message,
                                 const std::vector<Finding>& findings) {
  if (options_.sender_partitions <= 0) return;
  SenderMessage out;
  out.sent_at = message.sent_at;
  out.tenant = message.tenant;
  out.sender = message.sender_id;
  out.campaign = message.campaign_id;
  if (!message.campaign_id.empty()) {
    if (const CampaignHistory* history = overlay_.Campaign(message.campaign_id)) {
      if (const CampaignDeclaration* declared = history->At(message.sent_at)) {
        out.expected_volume = declared->expected_volume;
      }
    }
  }
  out.channel = message.channel;
  out.message_hash = MessageHash(message.tenant, message.event_id);
  out.recipient_hash = RecipientHash(message.subject);
  out.fingerprint = message.content.fingerprint;
  out.lacked_consent = LacksConsent(findings);
  sender_out_.push_back({SenderPartition(message.sender_id, options_.sender_partitions),
                         message.sender_id.value(), std::move(out)});
}

void Engine::QueueForSenderStage(const FeedbackEvent& feedback) {
  if (options_.sender_partitions <= 0 || feedback.sender_id.empty()) return;
  if (feedback.kind != FeedbackKind::kComplaint && feedback.kind != FeedbackKind::kBounce) return;
  SenderFeedback out{feedback.at, feedback.tenant, feedback.sender_id, feedback.kind,
                     FeedbackHash(feedback.tenant, feedback.event_id)};
  sender_out_.push_back({SenderPartition(feedback.sender_id, options_.sender_partitions),
                         feedback.sender_id.value(), std::move(out)});
}

std::map<int32_t, Timestamp> Engine::SenderMarksDue(bool release_all, Timestamp now) const {
  std::map<int32_t, Timestamp> due;
  if (options_.sender_partitions <= 0) return due;
  for (int32_t partition : watermarks_.Partitions()) {
    Timestamp mark = release_all ? Timestamp::max() : watermarks_.For(partition, now);
    // A partition with nothing left to read reports the wall clock (less the lateness), so the
    // sender stage closes its windows now rather than an idle hour of wall time later, and a
    // partition that never had a record does not hold it back. In live traffic event time is
    // close to wall time and nothing changes; a backfill of older data after an idle period is
    // late for the sender stage (counted, not added).
    // Not while it still holds messages its own watermark has not released: they go out later,
    // and must not be late for the sender stage.
    const std::optional<Timestamp> latest_held = held_.LatestHeld(partition);
    if (!release_all && watermarks_.Idle(partition, now) &&
        (!latest_held || *latest_held <= mark)) {
      mark = std::max(mark, now - options_.allowed_lateness);
    }
    if (mark == Timestamp::min()) continue;
    const auto last = sender_marks_.find(partition);
    // Reported once per second of event time at most: the sender stage decides minutes.
    if (last == sender_marks_.end() || mark == Timestamp::max() ||
        (last->second != Timestamp::max() && mark - last->second >= std::chrono::seconds(1))) {
      due[partition] = mark;
    }
  }
  return due;
}

}  // namespace consentry
