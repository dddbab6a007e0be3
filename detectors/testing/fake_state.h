#pragma once
// A StateView backed by plain maps, for detector tests.

#include <map>
#include <utility>

#include "state/state_view.h"

namespace consentry::testing {

class FakeState final : public StateView {
 public:
  // Inserts into the subject's ledger (ordered and idempotent, like the real store).
  bool AddConsent(ConsentEvent decision) {
    SubjectId subject = decision.subject;
    return ledgers_[std::move(subject)].Insert(std::move(decision));
  }
  // Adds a version of the campaign's declaration.
  void AddCampaign(CampaignDeclaration campaign) {
    CampaignId id = campaign.campaign_id;
    campaigns_[std::move(id)].Add(std::move(campaign));
  }
  void AddSuppression(SuppressionEvent entry) {
    SubjectId subject = entry.subject;
    suppressions_[std::move(subject)].Apply(std::move(entry));
  }

  // Counts a message in its subject's frequency window (as the engine does before judging it).
  void AddMessage(const OutboundEvent& message) {
    windows_[message.subject].Add(message.sent_at, message.tenant, message.channel,
                                  message.purpose);
  }

  const ConsentLedger& Ledger(const SubjectId& subject) const override {
    static const ConsentLedger kEmpty;
    const auto it = ledgers_.find(subject);
    return it == ledgers_.end() ? kEmpty : it->second;
  }
  const CampaignHistory* Campaign(const CampaignId& campaign) const override {
    const auto it = campaigns_.find(campaign);
    return it == campaigns_.end() ? nullptr : &it->second;
  }
  const SuppressionHistory& Suppressions(const SubjectId& subject) const override {
    static const SuppressionHistory kEmpty;
    const auto it = suppressions_.find(subject);
    return it == suppressions_.end() ? kEmpty : it->second;
  }
  const FrequencyWindow& Frequency(const SubjectId& subject) const override {
    static const FrequencyWindow kEmpty;
    const auto it = windows_.find(subject);
    return it == windows_.end() ? kEmpty : it->second;
  }

 private:
  std::map<SubjectId, ConsentLedger> ledgers_;
  std::map<CampaignId, CampaignHistory> campaigns_;
  std::map<SubjectId, SuppressionHistory> suppressions_;
  std::map<SubjectId, FrequencyWindow> windows_;
};

}  // namespace consentry::testing
