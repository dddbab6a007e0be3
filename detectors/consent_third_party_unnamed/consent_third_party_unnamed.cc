#include "detectors/consent_third_party_unnamed/consent_third_party_unnamed.h"

#include <string>

#include "core/json_writer.h"
#include "detectors/consent_reason.h"
#include "detectors/consent_standing.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

constexpr std::string_view kThirdPartyPrefix = "third_party:";

std::string Reason(const OutboundEvent& m, const ConsentEvent& grant,
                   const Policy::CitedClause& clause) {
  std::string r = "The only consent covering this " + DescribeMessage(m) +
                  " was collected by third party " +
                  Printable(std::string_view(grant.source).substr(kThirdPartyPrefix.size())) +
                  " on " + FormatRfc3339(grant.recorded_at) + ", which did not name tenant " +
                  Printable(m.tenant.value());
  if (grant.named_senders.empty()) {
    r += " (it named no sender)";
  } else {
    r += " (it named ";
    for (size_t i = 0; i < grant.named_senders.size(); ++i) {
      if (i > 0) r += ", ";
      r += Printable(grant.named_senders[i].value());
    }
    r += ")";
  }
  return r + "; " + QuoteClauseIn(clause, m);
}

}  // namespace

void ConsentThirdPartyUnnamedDetector::Judge(const Evaluation& evaluation,
                                             std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const ConsentJudgement& j = Consent(evaluation);
  if (!j.consent_needed || j.standing != ConsentStanding::kThirdPartyUnnamed) return;
  const Policy& policy = *j.policy;
  const ConsentEvent& grant = *j.decision;
  const Policy::CitedClause& clause = policy.third_party.clause;

  JsonWriter w;
  BeginConsentEvidence(w, policy, clause, message, j.chain);
  w.Field("third_party", std::string_view(grant.source).substr(kThirdPartyPrefix.size()));
  w.Field("tenant", message.tenant.value());
  w.Key("named_senders").BeginArray();
  for (const TenantId& t : grant.named_senders) w.String(t.value());
  w.EndArray();
  w.Key("third_party_grant");
  WriteConsentDecision(w, grant);
  w.Key("consent_clause");
  const Policy::CitedClause consent = ConsentClauseFor(message, policy);
  WritePolicyClause(w, consent.clause);
  w.Field("decisions_considered", j.decisions_considered);
  w.Field("covering_decisions", j.covering_decisions);
  w.EndObject();

  Report(findings, Reason(message, grant, clause), w.Take());
}

}  // namespace consentry
