#include "state/overlay.h"

#include "state/keys.h"

namespace consentry {

BatchOverlay::BatchOverlay()
    : ledgers_(Family::kConsent, &ConsentKey),
      suppressions_(Family::kSuppression, &SuppressionKey),
      campaigns_(Family::kCampaigns, &CampaignKey),
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
  for (const auto& [subject, operand] : frequency_operands_) {
    batch.Merge(Family::kWindows, FrequencyWindowKey(subject), operand.Encode());
  }
  frequency_operands_.clear();
}

void BatchOverlay::Trim(size_t max_subjects) {
  if (max_subjects == 0) {
    Clear();
    return;
  }
  ledgers_.Trim(max_subjects);
  suppressions_.Trim(max_subjects);
  frequency_.Trim(max_subjects);
  campaigns_.Trim(max_subjects);
  stats_.Trim(max_subjects);
  seen_.Trim(0);
}

BatchOverlay::CacheStats BatchOverlay::cache_stats() const {
  return {ledgers_.wants() + suppressions_.wants() + frequency_.wants(),
          ledgers_.held() + suppressions_.held() + frequency_.held()};
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
