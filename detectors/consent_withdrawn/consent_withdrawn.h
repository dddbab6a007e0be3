#pragma once
// consent.withdrawn (rule version 2): a message went out after the person withdrew consent,
// objected, replied STOP or clicked unsubscribe, later than the policy's honouring window.
//
// Fires when the consent standing (consent_standing.h) is kWithdrawn, i.e. a withdrawal or an
// objection (objections only ever cover marketing) is the latest covering decision that counts,
// and sent_at >= the deadline of WithdrawalTiming (withdrawal_timing.h):
//   - calendar time: recorded_at + window (the EU's 2-day grace, a product choice);
//   - business days: local midnight ending the n-th business day after the decision's local
//     date, with the policy's holiday calendar and time zone (US and CA: 10 business days);
//   - immediate: recorded_at itself.
// Exactly at the deadline counts as late. Inside the window there is no finding (the engine
// counts the delay for the reports through WithdrawalTimingFor). It applies whether or not the
// purpose needs consent: an opt-out must always be honoured.
//
// STOP replies and unsubscribe clicks from feedback.v1 reach the ledger as withdrawals with
// source "feedback:stop_reply" / "feedback:unsubscribe_click"; the reason and evidence say so.
// Under the policy's revoke-all (US calls and texts from 2027-01-31) a withdrawal on any call or
// text channel covers every call and text of the tenant whose purpose needs consent, and the
// revoke-all clause is quoted.
//
// Parameters: "severity" (default "high").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/consent_rule.h"

namespace consentry {

class ConsentWithdrawnDetector final : public ConsentRule<ConsentWithdrawnDetector> {
 public:
  static constexpr std::string_view kName = "consent.withdrawn";
  static constexpr std::string_view kRuleVersion = "2";
  static constexpr Severity kDefaultSeverity = Severity::kHigh;

  using ConsentRule::ConsentRule;
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;
};

}  // namespace consentry
