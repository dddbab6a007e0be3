#include "detectors/consent_missing/consent_missing.h"

#include <string>

#include "core/json_writer.h"
#include "detectors/consent_reason.h"
#include "detectors/consent_standing.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

std::string Reason(const OutboundEvent& m, const ConsentJudgement& j,
                   const Policy::CitedClause& clause, const Policy::CitedClause* basis_clause) {
  if (basis_clause == nullptr) return "No consent covers this " + DescribeMessage(m) + "; " +
                                      QuoteClauseIn(clause, m);
  std::string r = "No valid consent covers this " + DescribeMessage(m) + ": the grant of ";
  r += FormatRfc3339(j.decision->recorded_at);
  r += " rests on ";
  r += Name(*j.decision->legal_basis);
  r += ", and ";
  r += basis_clause->clause.rule;
  r += " (";
  r += basis_clause->clause.source;
  r += "); ";
  return r + QuoteClauseIn(clause, m);
}

}  // namespace

void ConsentMissingDetector::Judge(const Evaluation& evaluation,
                                   std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const ConsentJudgement& j = Consent(evaluation);
  if (!j.consent_needed) return;
  if (j.standing != ConsentStanding::kNone && j.standing != ConsentStanding::kNotAConsentBasis) {
    return;  // granted, or another consent detector's case
  }
  const Policy& policy = *j.policy;
  const Policy::CitedClause clause = ConsentClauseFor(message, policy);
  const Policy::CitedClause* basis_clause =
      j.standing == ConsentStanding::kNotAConsentBasis
          ? policy.NotAConsentBasis(message.channel, j.decision->legal_basis)
          : nullptr;

  JsonWriter w;
  BeginConsentEvidence(w, policy, clause, message, j.chain);
  w.Field("missing_because", consentry::Name(j.standing));
  w.Key("latest_covering_decision");
  if (j.decision == nullptr) {
    w.Null();
  } else {
    WriteConsentDecision(w, *j.decision);
  }
  w.Key("not_a_consent_basis");
  if (basis_clause == nullptr) {
    w.Null();
  } else {
    w.BeginObject();
    w.Field("legal_basis", consentry::Name(*j.decision->legal_basis));
    w.Key("clause");
    WritePolicyClause(w, basis_clause->clause);
    w.Field("clause_kind", Policy::KindName(basis_clause->kind));
    w.EndObject();
  }
  w.Field("decisions_considered", j.decisions_considered);
  w.Field("covering_decisions", j.covering_decisions);
  w.EndObject();

  Report(findings, Reason(message, j, clause, basis_clause), w.Take());
}

}  // namespace consentry
