#pragma once
// What the four consent detectors (consent.missing, consent.expired,
// consent.third_party_unnamed, consent.withdrawn) share: they read the subject's ledger through
// the one consent judgement of the Evaluation (consent_standing.h), quote the policies' clauses,
// and take one parameter, "severity". Each fires on a different ConsentStanding, so one
// violation gives one alert.
//
//   class ConsentExpiredDetector final : public ConsentRule<ConsentExpiredDetector> {
//    public:
//     static constexpr std::string_view kName = "consent.expired";
//     static constexpr std::string_view kRuleVersion = "1";
//     static constexpr Severity kDefaultSeverity = Severity::kHigh;
//     using ConsentRule::ConsentRule;
//     void Judge(const Evaluation&, std::vector<Finding>&) const override;
//   };

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"
#include "detectors/taxonomy.h"

namespace consentry {

template <typename Rule>
class ConsentRule : public Detector {
 public:
  // The factory the registry holds: "severity" is the only parameter.
  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env) {
    CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(Rule::kName, params, {"severity"}));
    CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                               SeverityParam(Rule::kName, params, Rule::kDefaultSeverity));
    return std::unique_ptr<Detector>(new Rule(env.taxonomy, env.policies, severity));
  }

  // `taxonomy` and `policies` must outlive the detector.
  ConsentRule(const Taxonomy& taxonomy, const PolicySet& policies,
              Severity severity = Rule::kDefaultSeverity)
      : taxonomy_(taxonomy), policies_(policies), severity_(severity) {}

  std::string_view Name() const override { return Rule::kName; }
  std::string_view RuleVersion() const override { return Rule::kRuleVersion; }
  StateNeed Needs() const override { return StateNeed::kLedger; }

 protected:
  // The message's consent judgement, shared with the other consent detectors.
  const ConsentJudgement& Consent(const Evaluation& evaluation) const {
    return evaluation.Consent(taxonomy_, policies_);
  }
  // Appends this rule's finding.
  void Report(std::vector<Finding>& findings, std::string reason, std::string evidence) const {
    findings.push_back(Finding{.detector = std::string(Rule::kName),
                               .rule_version = std::string(Rule::kRuleVersion),
                               .severity = severity_,
                               .reason = std::move(reason),
                               .evidence_json = std::move(evidence)});
  }

  const Taxonomy& taxonomy_;
  const PolicySet& policies_;
  Severity severity_;
};

}  // namespace consentry
