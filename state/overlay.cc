#include "state/overlay.h"

#include "state/keys.h"

namespace consentry {

BatchOverlay::BatchOverlay(int engine)
    : ledgers_(Family::kConsent, &ConsentKey),
      suppressions_(Family::kSuppression, &SuppressionKey),
      campaigns_(Family::kCampaigns,
                 [engine](const CampaignId& campaign) { return CampaignKey(campaign, engine); }),
      seen_(Family::kDedup, &SeenKey),
      stats_(Family::kWindows, &StatsCellStateKey),
      frequency_(Family::kWindows, &FrequencyWindowKey) {}

Status BatchOverlay::Load(Store& store) {
  CONSENTRY_RETURN_IF_ERROR(ledgers_.Load(store));
  CONSENTRY_RETURN_IF_ERROR(suppressions_.Load(store));
  CONSENTRY_RETURN_IF_ERROR(campaigns_.Load(store));
  CONSENTRY_RETURN_IF_ERROR(seen_.Load(store));
  CONSENTRY_RETURN_IF_ERROR(frequency_.Load(store));
  return stats_.Load(store);
}

const ConsentLedger& BatchOverlay::Ledger(const SubjectId& subject) const {
  static const ConsentLedger* const kEmpty = new ConsentLedger();
  const ConsentLedger* ledger = ledgers_.Find(subject);
  return ledger != nullptr ? *ledger : *kEmpty;
}

const CampaignHistory* BatchOverlay::Campaign(const CampaignId& campaign) const {
  const CampaignHistory* history = campaigns_.Find(campaign);
  return history == nullptr || history->empty() ? nullptr : history;
}

const SuppressionHistory& BatchOverlay::Suppressions(const SubjectId& subject) const {
  static const SuppressionHistory* const kEmpty = new SuppressionHistory();
  const SuppressionHistory* history = suppressions_.Find(subject);
  return history != nullptr ? *history : *kEmpty;
}

const FrequencyWindow& BatchOverlay::Frequency(const SubjectId& subject) const {
  static const FrequencyWindow* const kEmpty = new FrequencyWindow();
  const FrequencyWindow* window = frequency_.Find(subject);
  return window != nullptr ? *window : *kEmpty;
}

void BatchOverlay::AddToFrequency(const OutboundEvent& message, Timestamp drop_before) {
  FrequencyWindow& window = frequency_.MutableCached(message.subject);
  window.Add(message.sent_at, message.tenant, message.channel, message.purpose);
  window.DropBefore(drop_before);
  frequency_operands_[message.subject].Add(message.sent_at, message.tenant, message.channel,
                                           message.purpose);
}

const SeenMessage& BatchOverlay::Seen(const MessageRef& message) const {
  static const SeenMessage* const kNever = new SeenMessage();
  const SeenMessage* seen = seen_.Find(message);
  return seen != nullptr ? *seen : *kNever;
}

void BatchOverlay::Flush(StoreBatch& batch) {
  ledgers_.Flush(batch);
  suppressions_.Flush(batch);
  campaigns_.Flush(batch);
  seen_.Flush(batch);
  stats_.Flush(batch);
  frequency_.Flush(batch);  // writes nothing (its changes are the operands), measures the windows
  for (const auto& [subject, operand] : frequency_operands_) {
    batch.Merge(Family::kWindows, FrequencyWindowKey(subject), operand.Encode());
  }
  frequency_operands_.clear();
}

void BatchOverlay::Trim(size_t max_bytes) {
  if (max_bytes == 0) {
    Clear();
    return;
  }
  TrimTogether(max_bytes, ledgers_, suppressions_, frequency_, campaigns_, stats_);
  seen_.Trim(0);
}

size_t BatchOverlay::cached_bytes() const {
  return ledgers_.bytes() + suppressions_.bytes() + frequency_.bytes() + campaigns_.bytes() +
         stats_.bytes() + seen_.bytes();
}

BatchOverlay::CacheStats BatchOverlay::cache_stats() const {
  return {ledgers_.wants() + suppressions_.wants() + frequency_.wants(),
          ledgers_.held() + suppressions_.held() + frequency_.held(), cached_bytes(),
          frequency_.bytes()};
}

void BatchOverlay::Clear() {
  ledgers_.Clear();
  suppressions_.Clear();
  campaigns_.Clear();
  seen_.Clear();
  stats_.Clear();
  frequency_.Clear();
  frequency_operands_.clear();
}

}  // namespace consentry
