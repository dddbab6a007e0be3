#pragma once
// consent.withdrawn (rule version 1): a message went out after the person withdrew consent or
// objected, later than the jurisdiction's policy allows.
//
// Fires when the latest covering decision (see consent_lookup.h) is a withdrawal, or an
// objection to a marketing purpose, and sent_at >= recorded_at + policy.WithdrawalWindow(channel).
// Exactly at the window's end counts as late. Inside the window there is no finding. It applies
// whether or not the purpose needs consent: an opt-out must always be honoured.
//
// Parameters: "severity" (default "high").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class ConsentWithdrawnDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "consent.withdrawn";
  static constexpr std::string_view kRuleVersion = "1";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `policies` must outlive the detector.
  explicit ConsentWithdrawnDetector(const PolicySet& policies,
                                    Severity severity = Severity::kHigh)
      : policies_(policies), severity_(severity) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  void Evaluate(const OutboundEvent& message, const StateView& state,
                std::vector<Finding>& findings) const override;

 private:
  const PolicySet& policies_;
  Severity severity_;
};

}  // namespace consentry
