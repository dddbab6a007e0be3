#include "detectors/consent_expired/consent_expired.h"

#include <string>

#include "core/json_writer.h"
#include "detectors/consent_reason.h"
#include "detectors/consent_standing.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

std::string Reason(const OutboundEvent& m, const ConsentJudgement& j,
                   const Policy::CitedClause& clause) {
  const ConsentEvent& d = *j.decision;
  const std::string at = FormatRfc3339(*j.expired_at);
  std::string r;
  switch (j.expiry) {
    case ExpiryKind::kExpireDecision:
      r = "The consent covering this " + DescribeMessage(m) + " was ended by an expire decision "
          "on " + at;
      break;
    case ExpiryKind::kImplied:
      r = "The implied consent covering this " + DescribeMessage(m) + " (" +
          std::string(Name(*d.legal_basis)) + ", " + std::string(Name(*d.relationship_kind)) +
          " on " + FormatRfc3339(d.relationship_at.value_or(d.recorded_at)) + ") lapsed on " +
          at;
      break;
    case ExpiryKind::kExpiresAt:
    case ExpiryKind::kNone:
      r = "The grant covering this " + DescribeMessage(m) + " expired on " + at;
      break;
  }
  return r + "; " + QuoteClauseIn(clause, m);
}

void WriteImplied(JsonWriter& w, const ConsentJudgement& j) {
  w.Key("implied_consent");
  if (j.expiry != ExpiryKind::kImplied) {
    w.Null();
    return;
  }
  const ConsentEvent& d = *j.decision;
  const Policy::ImpliedConsentExpiry& rule = j.policy->implied_consent_expiry;
  const bool purchase = *d.relationship_kind == RelationshipKind::kPurchase;
  w.BeginObject();
  w.Field("legal_basis", Name(*d.legal_basis));
  w.Field("relationship_kind", Name(*d.relationship_kind));
  w.Field("period_start", FormatRfc3339(d.relationship_at.value_or(d.recorded_at)));
  w.Field("period_start_from", d.relationship_at ? "relationship.at" : "recorded_at");
  w.Field("period_months", static_cast<int64_t>(purchase ? rule.purchase_months
                                                         : rule.inquiry_months));
  w.EndObject();
}

}  // namespace

void ConsentExpiredDetector::Judge(const Evaluation& evaluation,
                                   std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const ConsentJudgement& j = Consent(evaluation);
  if (!j.consent_needed || j.standing != ConsentStanding::kExpired) return;
  const Policy& policy = *j.policy;
  const Policy::CitedClause clause = j.expiry == ExpiryKind::kImplied
                                         ? policy.implied_consent_expiry.clause
                                         : ConsentClauseFor(message, policy);

  JsonWriter w;
  BeginConsentEvidence(w, policy, clause, message, j.chain);
  w.Field("expired_because", consentry::Name(j.expiry));
  w.Field("expired_at", FormatRfc3339(*j.expired_at));
  w.Key("expired_decision");
  WriteConsentDecision(w, *j.decision);
  WriteImplied(w, j);
  w.Key("later_grant_not_counted");
  if (j.ignored_grant == nullptr) {
    w.Null();
  } else {
    WriteConsentDecision(w, *j.ignored_grant);
  }
  w.Field("decisions_considered", j.decisions_considered);
  w.Field("covering_decisions", j.covering_decisions);
  w.EndObject();

  Report(findings, Reason(message, j, clause), w.Take());
}

}  // namespace consentry
