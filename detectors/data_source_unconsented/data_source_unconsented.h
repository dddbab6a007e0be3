#pragma once
// data_source.unconsented (rule version 1): targeting used a data source that the message's
// campaign did not declare.
//
// Fires when the message names a campaign whose declaration in force at sent_at belongs to the
// message's tenant, and one of the message's targeting.data_sources is not in the declaration's
// allowed_data_sources. Sources match exactly, as text ("third_party:acme-data"; there is no
// wildcard). A declaration that lists no allowed_data_sources allows only "first_party": a
// campaign that wants third-party or inferred data says so. One finding lists every undeclared
// source of the message.
// No campaign, or no declaration of this tenant in force: no finding (nothing to compare with;
// purpose.undeclared reports the missing declaration). A message without data_sources: none.
//
// Parameters: "severity" (default "high").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class DataSourceUnconsentedDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "data_source.unconsented";
  static constexpr std::string_view kRuleVersion = "1";
  // What a declaration without allowed_data_sources allows.
  static constexpr std::string_view kDefaultAllowed = "first_party";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `policies` must outlive the detector.
  explicit DataSourceUnconsentedDetector(const PolicySet& policies,
                                         Severity severity = Severity::kHigh)
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
