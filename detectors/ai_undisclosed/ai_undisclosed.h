#pragma once
// ai.undisclosed (rule version 1): AI-generated content went out without telling the person.
//
// Fires when content.ai_generated is true, content.ai_disclosed is not true (false or absent),
// the jurisdiction's policy requires disclosure (Policy::ai_disclosure_required) and sent_at is
// at or after the policy's ai_disclosure_from (default 2026-08-02T00:00:00Z, when EU AI Act
// art. 50 applies; messages before it never fire). A message that says nothing about AI
// (ai_generated absent) is not judged.
//
// The clause depends on how the AI reaches the person, which the message shows only through its
// channel (there is no field for "an AI agent answered"):
//   - whatsapp, in_app: a chat surface, so an AI conversational agent (ai_agent_clause);
//   - voice: an AI-generated voice (ai_voice_clause);
//   - every other channel: AI-drafted text (ai_text_clause): consentry's transparency policy
//     everywhere, never passed off as law.
// Every default clause is consentry's transparency policy. The EU policy's agent and voice
// clauses point to EU AI Act art. 50(1), (4), but those reach only AI systems that interact with
// people and deep fakes, and the message has no field that tells either, so they are not cited
// as law. For US voice the evidence also
// quotes FCC 24-17 (an AI voice is an "artificial voice" that needs prior express consent); that
// is a consent matter, judged by consent.missing, not here.
//
// Parameters: "severity" (default "low") for a clause that is consentry policy,
// "legal_severity" (default "medium") for a clause that is law.

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class AiUndisclosedDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "ai.undisclosed";
  static constexpr std::string_view kRuleVersion = "1";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `policies` must outlive the detector.
  explicit AiUndisclosedDetector(const PolicySet& policies, Severity severity = Severity::kLow,
                                 Severity legal_severity = Severity::kMedium)
      : policies_(policies), severity_(severity), legal_severity_(legal_severity) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  StateNeed Needs() const override { return StateNeed::kNone; }
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;

 private:
  const PolicySet& policies_;
  Severity severity_;
  Severity legal_severity_;
};

}  // namespace consentry
