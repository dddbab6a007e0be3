#pragma once
// purpose.mismatch (rule version 1): a message names a campaign whose declaration in force at
// sent_at does not cover the message's purpose or does not list its channel.
//
// Fires when the message has a campaign_id, CampaignHistory::At(sent_at) finds a version of
// the message's own tenant, and
//   - none of its declared_purposes equals the message's purpose or is an ancestor of it
//     (a declared "marketing" covers "marketing.communications.sms"), or
//   - it lists channels and the message's channel is not among them (absent or "*": any).
// One finding names both when both miss. No declaration in force (or one of another tenant) is
// purpose.undeclared's case. It reads no consent: a purpose the person never consented to is
// consent.missing's finding, so a declared but unconsented purpose never fires here.
//
// Parameters: "severity" (default "high").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class PurposeMismatchDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "purpose.mismatch";
  static constexpr std::string_view kRuleVersion = "1";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `policies` must outlive the detector.
  explicit PurposeMismatchDetector(const PolicySet& policies, Severity severity = Severity::kHigh)
      : policies_(policies), severity_(severity) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  StateNeed Needs() const override { return StateNeed::kCampaign; }
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;

 private:
  const PolicySet& policies_;
  Severity severity_;
};

}  // namespace consentry
