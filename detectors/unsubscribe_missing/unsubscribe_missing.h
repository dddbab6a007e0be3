#pragma once
// unsubscribe.missing (rule version 1): a marketing email went out without an unsubscribe
// mechanism.
//
// Fires when the channel is email, the purpose is "marketing" or under it, and
// content.has_unsubscribe is false. An absent has_unsubscribe is unknown, not missing: the
// field is optional in outbound.v1, and a sender that does not report it is not accused (no
// finding). Other channels are not judged (CASL and the ePrivacy soft opt-in also want an
// opt-out in marketing texts; not built), and neither are non-marketing emails.
//
// Parameters: "severity" (default "medium").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class UnsubscribeMissingDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "unsubscribe.missing";
  static constexpr std::string_view kRuleVersion = "1";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `policies` must outlive the detector.
  explicit UnsubscribeMissingDetector(const PolicySet& policies,
                                      Severity severity = Severity::kMedium)
      : policies_(policies), severity_(severity) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  StateNeed Needs() const override { return StateNeed::kNone; }
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;

 private:
  const PolicySet& policies_;
  Severity severity_;
};

}  // namespace consentry
