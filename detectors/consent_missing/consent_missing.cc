#include "detectors/consent_missing/consent_missing.h"

#include <string>

#include "core/json_writer.h"
#include "detectors/consent_lookup.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

// Why the latest covering decision does not count as consent, or nullptr when it does.
// Withdrawals and objections count as "not missing": consent.withdrawn reports them.
const char* MissingBecause(const ConsentEvent* latest, Timestamp sent_at) {
  if (latest == nullptr) return "none";
  switch (latest->action) {
    case ConsentAction::kGrant:
      if (latest->expires_at && *latest->expires_at <= sent_at) return "grant_expired";
      return nullptr;
    case ConsentAction::kExpire:
      return "expired";
    case ConsentAction::kWithdraw:
    case ConsentAction::kObject:
      return nullptr;
  }
  return nullptr;
}

std::string Reason(const OutboundEvent& m, const ConsentEvent* latest, const PolicyClause& clause,
                   std::string_view where) {
  std::string r;
  if (latest == nullptr) {
    r = "No consent covers this ";
  } else if (latest->action == ConsentAction::kExpire) {
    r = "The consent covering this ";
  } else {
    r = "The grant covering this ";
  }
  r += Name(m.channel);
  r += " message for ";
  r += Printable(m.purpose);
  r += " from tenant ";
  r += Printable(m.tenant.value());
  r += " at ";
  r += FormatRfc3339(m.sent_at);
  if (latest != nullptr) {
    r += " had expired on ";
    r += FormatRfc3339(latest->action == ConsentAction::kExpire ? latest->recorded_at
                                                                : *latest->expires_at);
  }
  r += "; ";
  r += clause.rule;
  r += " in ";
  r += Printable(where);
  r += " (";
  r += clause.source;
  r += ").";
  return r;
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> ConsentMissingDetector::Create(const DetectorParams& params,
                                                                   const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kHigh));
  return std::unique_ptr<Detector>(
      new ConsentMissingDetector(env.taxonomy, env.policies, severity));
}

void ConsentMissingDetector::Evaluate(const OutboundEvent& message, const StateView& state,
                                      std::vector<Finding>& findings) const {
  const std::vector<std::string> chain = policies_.Chain(message.jurisdiction);
  if (!taxonomy_.NeedsConsent(message.purpose, chain)) return;

  const CoveringLookup lookup = FindLatestCovering(state.Ledger(message.subject), message);
  const char* because = MissingBecause(lookup.latest, message.sent_at);
  if (because == nullptr) return;

  const Policy& policy = policies_.For(message.jurisdiction);
  // The policy's consent clause speaks about marketing; other purposes that need consent
  // (research, AI training) do so because the taxonomy says so.
  const PolicyClause clause =
      Taxonomy::IsMarketing(message.purpose)
          ? policy.consent_clause
          : PolicyClause{"messages for " + message.purpose + " need prior consent",
                         "purpose taxonomy, policy " + policy.name};
  const std::string where = message.jurisdiction.empty()
                                ? "the default policy (no jurisdiction given)"
                                : message.jurisdiction;

  JsonWriter w;
  BeginConsentEvidence(w, policy, clause, message, chain);
  w.Field("missing_because", because);
  w.Key("latest_covering_decision");
  if (lookup.latest == nullptr) {
    w.Null();
  } else {
    WriteConsentDecision(w, *lookup.latest);
  }
  w.Field("decisions_considered", lookup.decisions_considered);
  w.Field("covering_decisions", lookup.covering_decisions);
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = Reason(message, lookup.latest, clause, where),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
