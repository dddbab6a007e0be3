#pragma once
// consent.missing (rule version 1): a message whose purpose needs prior consent in its
// jurisdiction was sent while no grant covered (tenant, channel, purpose) at sent_at.
//
// Fires when NeedsConsent(purpose, jurisdiction chain) and the latest covering decision (see
// consent_lookup.h) is
//   - absent, or
//   - a grant whose expires_at <= sent_at, or
//   - an `expire` action.
// (The last two move to consent.expired when it lands; rule version 2 here will drop them.)
// It does not fire when the latest covering decision is a withdrawal or objection: that is
// consent.withdrawn, so one violation gives one alert.
//
// Parameters: "severity" (default "high").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"
#include "detectors/taxonomy.h"

namespace consentry {

class ConsentMissingDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "consent.missing";
  static constexpr std::string_view kRuleVersion = "1";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `taxonomy` and `policies` must outlive the detector.
  ConsentMissingDetector(const Taxonomy& taxonomy, const PolicySet& policies,
                         Severity severity = Severity::kHigh)
      : taxonomy_(taxonomy), policies_(policies), severity_(severity) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  void Evaluate(const OutboundEvent& message, const StateView& state,
                std::vector<Finding>& findings) const override;

 private:
  const Taxonomy& taxonomy_;
  const PolicySet& policies_;
  Severity severity_;
};

}  // namespace consentry
