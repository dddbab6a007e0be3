#include "pipeline/state_updates.h"

#include <utility>

#include "detectors/taxonomy.h"

namespace consentry {
namespace {

struct WantKeysOf {
  BatchOverlay& overlay;
  void operator()(const OutboundEvent&) const {}
  void operator()(const ConsentEvent& e) const { overlay.WantLedger(e.subject); }
  void operator()(const CampaignDeclaration& e) const { overlay.WantCampaign(e.campaign_id); }
  void operator()(const FeedbackEvent& e) const {
    overlay.WantLedger(e.subject);
    if (!e.campaign_id.empty()) overlay.WantCampaign(e.campaign_id);
  }
  void operator()(const SuppressionEvent& e) const { overlay.WantSuppressions(e.subject); }
};

// Two decisions with one (tenant, event id) are the same record when everything the ledger keeps
// matches; the ledger's encoding compares every field.
bool SameDecision(const ConsentEvent& a, const ConsentEvent& b) {
  ConsentLedger la, lb;
  la.Insert(a);
  lb.Insert(b);
  return la.Encode() == lb.Encode();
}

ApplyResult InsertDecision(ConsentEvent decision, BatchOverlay& overlay) {
  const ConsentLedger& ledger = overlay.Ledger(decision.subject);
  for (const ConsentEvent& d : ledger.decisions()) {
    if (d.tenant == decision.tenant && d.event_id == decision.event_id) {
      return SameDecision(d, decision) ? ApplyResult::kUnchanged : ApplyResult::kConflict;
    }
  }
  const SubjectId subject = decision.subject;
  overlay.MutableLedger(subject).Insert(std::move(decision));
  return ApplyResult::kApplied;
}

struct ApplyTo {
  BatchOverlay& overlay;
  ApplyResult operator()(OutboundEvent&) const {
    CONSENTRY_CHECK(false && "outbound messages are held, not applied");
    return ApplyResult::kUnchanged;
  }
  ApplyResult operator()(ConsentEvent& e) const { return InsertDecision(std::move(e), overlay); }
  // A redelivered declaration or suppression entry changes nothing but is rewritten as it was:
  // redeliveries are rare, and checking first would cost a copy of the value every time.
  ApplyResult operator()(CampaignDeclaration& e) const {
    const CampaignId id = e.campaign_id;
    return overlay.MutableCampaign(id).Add(std::move(e)) ? ApplyResult::kApplied
                                                         : ApplyResult::kUnchanged;
  }
  ApplyResult operator()(FeedbackEvent& e) const {
    std::optional<ConsentEvent> withdrawal = WithdrawalFor(e, overlay.Campaign(e.campaign_id));
    if (!withdrawal) return ApplyResult::kUnchanged;
    return InsertDecision(std::move(*withdrawal), overlay);
  }
  ApplyResult operator()(SuppressionEvent& e) const {
    const SubjectId subject = e.subject;
    return overlay.MutableSuppressions(subject).Apply(std::move(e)) ? ApplyResult::kApplied
                                                                    : ApplyResult::kUnchanged;
  }
};

}  // namespace

void WantKeys(const Event& event, BatchOverlay& overlay) {
  std::visit(WantKeysOf{overlay}, event);
}

ApplyResult Apply(Event event, BatchOverlay& overlay) {
  return std::visit(ApplyTo{overlay}, event);
}

std::optional<ConsentEvent> WithdrawalFor(const FeedbackEvent& feedback,
                                          const CampaignHistory* campaign) {
  const char* source = nullptr;
  ConsentMethod method = ConsentMethod::kSmsKeyword;
  switch (feedback.kind) {
    case FeedbackKind::kStopReply:
      source = "feedback:stop_reply";
      method = ConsentMethod::kSmsKeyword;
      break;
    case FeedbackKind::kUnsubscribeClick:
      source = "feedback:unsubscribe_click";
      method = ConsentMethod::kEmailLink;
      break;
    case FeedbackKind::kComplaint:
    case FeedbackKind::kBounce:
      return std::nullopt;
  }
  ConsentEvent d;
  d.event_id = feedback.event_id;
  d.recorded_at = feedback.at;
  d.tenant = feedback.tenant;
  d.subject = feedback.subject;
  d.action = ConsentAction::kWithdraw;
  d.channels.channels = {feedback.channel};
  d.method = method;
  d.source = source;
  d.evidence_receipt_id = feedback.ref_event_id.value();
  if (campaign != nullptr) {
    if (const CampaignDeclaration* in_force = campaign->At(feedback.at)) {
      for (const std::string& purpose : in_force->declared_purposes) {
        if (Taxonomy::IsMarketing(purpose)) d.purposes.push_back(purpose);
      }
    }
  }
  // Transactional messages continue: a STOP never withdraws more than marketing.
  if (d.purposes.empty()) d.purposes.push_back(std::string(Taxonomy::kMarketing));
  return d;
}

}  // namespace consentry
