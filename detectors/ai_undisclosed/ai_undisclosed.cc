#include "detectors/ai_undisclosed/ai_undisclosed.h"

#include <optional>
#include <string>

#include "core/json_writer.h"
#include "detectors/consent_reason.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

// How the AI reached the person, as far as the channel tells.
enum class AiUse { kText, kConversationalAgent, kSyntheticVoice };

AiUse UseOf(Channel channel) {
  switch (channel) {
    case Channel::kWhatsapp:
    case Channel::kInApp:
      return AiUse::kConversationalAgent;
    case Channel::kVoice:
      return AiUse::kSyntheticVoice;
    case Channel::kEmail:
    case Channel::kSms:
    case Channel::kMms:
    case Channel::kPush:
    case Channel::kLetter:
      return AiUse::kText;
  }
  return AiUse::kText;
}

std::string_view UseName(AiUse use) {
  switch (use) {
    case AiUse::kText: return "text";
    case AiUse::kConversationalAgent: return "conversational_agent";
    case AiUse::kSyntheticVoice: return "synthetic_voice";
  }
  return "text";
}

const Policy::CitedClause& ClauseFor(const Policy& policy, AiUse use) {
  switch (use) {
    case AiUse::kConversationalAgent: return policy.ai_agent_clause;
    case AiUse::kSyntheticVoice: return policy.ai_voice_clause;
    case AiUse::kText: return policy.ai_text_clause;
  }
  return policy.ai_text_clause;
}

std::string Reason(const OutboundEvent& m, const Policy::CitedClause& clause) {
  std::string r = "This AI-generated " + DescribeMessage(m);
  r += " did not tell the person that AI produced it";
  return r + QuoteClause(clause);
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> AiUndisclosedDetector::Create(const DetectorParams& params,
                                                                  const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity", "legal_severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kLow));
  Severity legal_severity = Severity::kMedium;
  if (const auto it = params.find("legal_severity"); it != params.end()) {
    const std::optional<Severity> parsed = ParseSeverity(it->second);
    if (!parsed) {
      return InvalidArgument("detector \"" + std::string(kName) + "\": legal_severity \"" +
                             it->second + "\" is not one of info, low, medium, high, critical");
    }
    legal_severity = *parsed;
  }
  return std::unique_ptr<Detector>(
      new AiUndisclosedDetector(env.policies, severity, legal_severity));
}

void AiUndisclosedDetector::Judge(const Evaluation& evaluation,
                                  std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  if (message.content.ai_generated != true || message.content.ai_disclosed == true) return;
  const Policy& policy = policies_.For(message.jurisdiction);
  if (!policy.ai_disclosure_required || message.sent_at < policy.ai_disclosure_from) return;

  const AiUse use = UseOf(message.channel);
  const Policy::CitedClause& clause = ClauseFor(policy, use);
  JsonWriter w;
  BeginRuleEvidence(w, policy, clause, message, policies_.Chain(message.jurisdiction));
  w.Field("ai_use", UseName(use));
  w.Field("ai_generated", true);
  w.Key("ai_disclosed");
  if (message.content.ai_disclosed) {
    w.Bool(*message.content.ai_disclosed);
  } else {
    w.Null();
  }
  w.Field("disclosure_required_from", FormatRfc3339(policy.ai_disclosure_from));
  w.Key("related_clause");
  if (use == AiUse::kSyntheticVoice && !policy.ai_voice_consent_clause.clause.rule.empty()) {
    const Policy::CitedClause& related = policy.ai_voice_consent_clause;
    w.BeginObject();
    w.Field("rule", related.clause.rule);
    w.Field("source", related.clause.source);
    w.Field("clause_kind", Policy::KindName(related.kind));
    w.Field("judged_by", "consent.missing");
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = clause.kind == Policy::ClauseKind::kLaw ? legal_severity_ : severity_,
      .reason = Reason(message, clause),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
