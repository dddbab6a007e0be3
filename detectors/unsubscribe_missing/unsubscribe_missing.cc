#include "detectors/unsubscribe_missing/unsubscribe_missing.h"

#include <string>

#include "core/json_writer.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"
#include "detectors/taxonomy.h"

namespace consentry {
namespace {

std::string Reason(const OutboundEvent& m, const Policy::CitedClause& clause) {
  std::string r = "This marketing email for ";
  r += Printable(m.purpose);
  r += " from tenant ";
  r += Printable(m.tenant.value());
  r += " at ";
  r += FormatRfc3339(m.sent_at);
  r += " has no unsubscribe mechanism";
  return r + QuoteClause(clause);
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> UnsubscribeMissingDetector::Create(
    const DetectorParams& params, const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kMedium));
  return std::unique_ptr<Detector>(new UnsubscribeMissingDetector(env.policies, severity));
}

void UnsubscribeMissingDetector::Judge(const Evaluation& evaluation,
                                       std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  if (message.channel != Channel::kEmail || !Taxonomy::IsMarketing(message.purpose)) return;
  if (message.content.has_unsubscribe != false) return;  // true, or absent (unknown)

  const Policy& policy = policies_.For(message.jurisdiction);
  const Policy::CitedClause& clause = policy.unsubscribe_clause;
  JsonWriter w;
  BeginRuleEvidence(w, policy, clause, message, policies_.Chain(message.jurisdiction));
  w.Field("has_unsubscribe", false);
  w.Field("template_id", message.content.template_id);
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = Reason(message, clause),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
