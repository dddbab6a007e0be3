#pragma once
// suppression.hit (rule version 1): a message went to a person who was on a do-not-contact
// list reaching the message's tenant and channel at sent_at.
//
// The entries considered are SuppressionHistory::ActiveAt(tenant, channel, sent_at):
// added_at <= sent_at < removed_at (removed_at exclusive), the entry's tenant equal to the
// message's or absent (every tenant, like a national do-not-call registry), its channels absent
// (every channel) or containing the message's. Which of them block the message:
//   - legal_hold blocks every message, transactional and account ones included: a legal hold
//     means the person must not be contacted at all;
//   - dnc, internal and complaint block every purpose except "essential" and its children
//     (transactional, account): a receipt or a security notice still reaches the person, as an
//     objection never blocks them. Unknown purposes are blocked.
// One finding lists every blocking entry. The list is applied from added_at with no grace:
// honouring windows for the request behind an entry belong to consent.withdrawn.
// The clause: a dnc entry on a channel in Policy::dnc_clause_by_channel, for a marketing
// message, quotes that clause (in the US policy 47 CFR 64.1200(c)(2), (d) for calls and texts,
// law); everything else quotes Policy::suppression_clause (consentry policy).
//
// Not built: the US existing-business-relationship exemption (47 CFR 64.1200(f)(5)) that lets a
// *live* voice call through the national do-not-call registry. outbound.v1 has no field telling
// live calls from automated ones, so every voice message counts as automated and the exemption
// can never apply; the evidence says so for voice messages stopped by a dnc entry.
//
// Parameters: "severity" (default "high").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class SuppressionHitDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "suppression.hit";
  static constexpr std::string_view kRuleVersion = "1";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `policies` must outlive the detector.
  explicit SuppressionHitDetector(const PolicySet& policies, Severity severity = Severity::kHigh)
      : policies_(policies), severity_(severity) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  StateNeed Needs() const override { return StateNeed::kSuppression; }
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;

 private:
  const PolicySet& policies_;
  Severity severity_;
};

}  // namespace consentry
