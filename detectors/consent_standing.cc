#include "detectors/consent_standing.h"

#include <algorithm>
#include <chrono>

#include "detectors/consent_lookup.h"

namespace consentry {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool AnyChannelIn(const ChannelSet& set, const std::vector<Channel>& channels) {
  if (set.all) return true;
  for (Channel c : channels) {
    if (set.Contains(c)) return true;
  }
  return false;
}

// A withdrawal that covers `message` only through revoke-all (Policy::RevokeAll).
bool RevokeAllCovers(const ConsentEvent& d, const OutboundEvent& message, const Policy& policy) {
  return d.action == ConsentAction::kWithdraw && d.tenant == message.tenant &&
         d.recorded_at <= message.sent_at && AnyChannelIn(d.channels, policy.revoke_all.channels);
}

struct GrantVerdict {
  ConsentStanding standing = ConsentStanding::kGranted;
  ExpiryKind expiry = ExpiryKind::kNone;
  std::optional<Timestamp> expired_at;
};

// Whether `grant` is live for `message` under `policy`, and if not, why (precedence in the
// header: not a consent basis, then third party unnamed, then expired).
GrantVerdict JudgeGrant(const ConsentEvent& grant, const OutboundEvent& message,
                        const Policy& policy) {
  if (policy.NotAConsentBasis(message.channel, grant.legal_basis) != nullptr) {
    return {ConsentStanding::kNotAConsentBasis};
  }
  if (policy.third_party.must_name_sender && StartsWith(grant.source, "third_party:") &&
      std::find(grant.named_senders.begin(), grant.named_senders.end(), message.tenant) ==
          grant.named_senders.end()) {
    return {ConsentStanding::kThirdPartyUnnamed};
  }
  GrantVerdict v;
  if (grant.expires_at && *grant.expires_at <= message.sent_at) {
    v = {ConsentStanding::kExpired, ExpiryKind::kExpiresAt, grant.expires_at};
  }
  const std::optional<Timestamp> implied = ImpliedConsentExpiresAt(grant, policy);
  if (implied && *implied <= message.sent_at && (!v.expired_at || *implied < *v.expired_at)) {
    v = {ConsentStanding::kExpired, ExpiryKind::kImplied, implied};
  }
  return v;
}

}  // namespace

std::string_view Name(ConsentStanding s) {
  switch (s) {
    case ConsentStanding::kGranted: return "granted";
    case ConsentStanding::kNone: return "none";
    case ConsentStanding::kNotAConsentBasis: return "not_a_consent_basis";
    case ConsentStanding::kThirdPartyUnnamed: return "third_party_unnamed";
    case ConsentStanding::kExpired: return "expired";
    case ConsentStanding::kWithdrawn: return "withdrawn";
  }
  return "none";
}

std::string_view Name(ExpiryKind k) {
  switch (k) {
    case ExpiryKind::kNone: return "none";
    case ExpiryKind::kExpiresAt: return "expires_at";
    case ExpiryKind::kImplied: return "implied_consent";
    case ExpiryKind::kExpireDecision: return "expire_decision";
  }
  return "none";
}

bool ConsentNeeded(const OutboundEvent& message, const Policy& policy, const Taxonomy& taxonomy,
                   const std::vector<std::string>& chain) {
  if (!taxonomy.NeedsConsent(message.purpose, chain)) return false;
  return !Taxonomy::IsMarketing(message.purpose) || policy.ConsentRequired(message.channel);
}

Policy::CitedClause ConsentClauseFor(const OutboundEvent& message, const Policy& policy) {
  if (!Taxonomy::IsMarketing(message.purpose)) {
    return {{"messages for " + message.purpose + " need prior consent",
             "purpose taxonomy, policy " + policy.name},
            Policy::ClauseKind::kConsentryPolicy};
  }
  if (message.channel == Channel::kVoice && message.content.ai_generated.value_or(false) &&
      !policy.ai_voice_consent_clause.clause.rule.empty()) {
    return policy.ai_voice_consent_clause;
  }
  return policy.ConsentClause(message.channel);
}

Timestamp AddMonths(Timestamp t, int months) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const Duration time_of_day = t - day;
  year_month_day ymd = year_month_day(day) + std::chrono::months(months);
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;
  return sys_days(ymd) + time_of_day;
}

std::optional<Timestamp> ImpliedConsentExpiresAt(const ConsentEvent& grant, const Policy& policy) {
  const Policy::ImpliedConsentExpiry& rule = policy.implied_consent_expiry;
  if (!rule.enabled || !grant.legal_basis || !grant.relationship_kind) return std::nullopt;
  if (std::find(rule.implied_bases.begin(), rule.implied_bases.end(), *grant.legal_basis) ==
      rule.implied_bases.end()) {
    return std::nullopt;  // express consent never expires by itself
  }
  const Timestamp from = grant.relationship_at.value_or(grant.recorded_at);
  const int months = *grant.relationship_kind == RelationshipKind::kPurchase
                         ? rule.purchase_months
                         : rule.inquiry_months;
  return AddMonths(from, months);
}

bool IsFeedbackWithdrawal(const ConsentEvent& decision) {
  return StartsWith(decision.source, "feedback:");
}

ConsentJudgement JudgeConsent(const OutboundEvent& message, const ConsentLedger& ledger,
                              const Taxonomy& taxonomy, const PolicySet& policies) {
  ConsentJudgement j;
  j.policy = &policies.For(message.jurisdiction);
  j.chain = policies.Chain(message.jurisdiction);
  j.consent_needed = ConsentNeeded(message, *j.policy, taxonomy, j.chain);
  const bool revoke_all =
      j.consent_needed && j.policy->RevokeAllApplies(message.channel, message.sent_at);

  const ConsentEvent* remembered = nullptr;  // the latest grant that is not live
  GrantVerdict remembered_verdict;
  const ConsentEvent* lapsed = nullptr;  // the latest grant that was live once, then expired
  GrantVerdict lapsed_verdict;
  bool settled = false;
  const std::vector<ConsentEvent>& decisions = ledger.decisions();  // in event-time order
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    const ConsentEvent& d = *it;
    if (d.tenant != message.tenant || d.recorded_at > message.sent_at) continue;
    ++j.decisions_considered;
    const bool covers = DecisionCovers(d, message);
    if (!covers && !(revoke_all && RevokeAllCovers(d, message, *j.policy))) continue;
    ++j.covering_decisions;
    if (settled) continue;  // keep counting for the evidence
    switch (d.action) {
      case ConsentAction::kGrant: {
        const GrantVerdict v = JudgeGrant(d, message, *j.policy);
        if (v.standing == ConsentStanding::kGranted) {
          j.standing = ConsentStanding::kGranted;
          j.decision = &d;
          settled = true;
        } else {
          if (remembered == nullptr) {
            remembered = &d;
            remembered_verdict = v;
          }
          if (lapsed == nullptr && v.standing == ConsentStanding::kExpired && v.expired_at &&
              *v.expired_at > d.recorded_at) {
            lapsed = &d;
            lapsed_verdict = v;
          }
        }
        break;
      }
      case ConsentAction::kWithdraw:
      case ConsentAction::kObject:
        if (lapsed != nullptr) {  // a grant lifted the withdrawal, then expired itself
          j.standing = ConsentStanding::kExpired;
          j.decision = lapsed;
          j.expiry = lapsed_verdict.expiry;
          j.expired_at = lapsed_verdict.expired_at;
          settled = true;
          break;
        }
        j.standing = ConsentStanding::kWithdrawn;
        j.decision = &d;
        j.ignored_grant = remembered;
        j.via_revoke_all = !covers;
        settled = true;
        break;
      case ConsentAction::kExpire:
        j.standing = ConsentStanding::kExpired;
        j.decision = &d;
        j.ignored_grant = remembered;
        j.expiry = ExpiryKind::kExpireDecision;
        j.expired_at = d.recorded_at;
        settled = true;
        break;
    }
  }
  if (!settled && remembered != nullptr) {
    j.standing = remembered_verdict.standing;
    j.decision = remembered;
    j.expiry = remembered_verdict.expiry;
    j.expired_at = remembered_verdict.expired_at;
  }
  return j;
}

}  // namespace consentry
