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
  void AddCampaign(CampaignDeclaration campaign) {
    CampaignId id = campaign.campaign_id;
    campaigns_[std::move(id)] = std::move(campaign);
  }

  const ConsentLedger& Ledger(const SubjectId& subject) const override {
    static const ConsentLedger kEmpty;
    const auto it = ledgers_.find(subject);
    return it == ledgers_.end() ? kEmpty : it->second;
  }
  const CampaignDeclaration* Campaign(const CampaignId& campaign) const override {
    const auto it = campaigns_.find(campaign);
    return it == campaigns_.end() ? nullptr : &it->second;
  }

 private:
  std::map<SubjectId, ConsentLedger> ledgers_;
  std::map<CampaignId, CampaignDeclaration> campaigns_;
};

}  // namespace consentry::testing
