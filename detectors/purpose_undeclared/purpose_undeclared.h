#pragma once
// purpose.undeclared (rule version 1): a message names a campaign that has no declaration in
// force at sent_at.
//
// For a message with a campaign_id it fires when CampaignHistory::At(sent_at) finds no version,
// or one of another tenant. `because` in the evidence says which:
//   - "never_declared": no version of the campaign is known;
//   - "not_yet_valid": every version starts after sent_at (valid_from > sent_at);
//   - "expired": a version started at or before sent_at but every such one ended
//     (valid_to <= sent_at; valid_to is exclusive);
//   - "other_tenant": the version in force was declared by another tenant.
// A message without campaign_id is judged only when the parameter "require_campaign" is "true":
// then a marketing message (purpose under "marketing") without one fires ("no_campaign_id").
// Transactional and other non-marketing messages need not name a campaign.
//
// Parameters: "severity" (default "medium"), "require_campaign" ("true" or "false", default
// "false").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class PurposeUndeclaredDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "purpose.undeclared";
  static constexpr std::string_view kRuleVersion = "1";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `policies` must outlive the detector.
  explicit PurposeUndeclaredDetector(const PolicySet& policies,
                                     Severity severity = Severity::kMedium,
                                     bool require_campaign = false)
      : policies_(policies), severity_(severity), require_campaign_(require_campaign) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  StateNeed Needs() const override { return StateNeed::kCampaign; }
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;

 private:
  const PolicySet& policies_;
  Severity severity_;
  bool require_campaign_;
};

}  // namespace consentry
