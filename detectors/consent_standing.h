#pragma once
// How the consent detectors judge one message, in one place, so they agree and one violation
// gives one alert: consent.missing, consent.expired, consent.third_party_unnamed and
// consent.withdrawn each fire on exactly one ConsentStanding.
//
// 1. Is consent needed? For a marketing purpose: the taxonomy says so in the jurisdiction chain
//    AND the policy requires consent on the message's channel (an EU marketing letter needs
//    none: ePrivacy art. 13 is about electronic mail). For any other purpose: the taxonomy alone.
//
// 2. Which decisions cover the message? Those of consent_lookup.h (same tenant, channel,
//    purpose or an ancestor, recorded at or before sent_at, objections only for marketing).
//    Under "revoke-all" (Policy::RevokeAll: US calls and texts sent from 2027-01-31) a
//    withdrawal of the tenant on any of the revoke-all channels also covers every message on
//    those channels whose purpose needs consent.
//
// 3. The standing. Walk the covering decisions from the latest back:
//      - a live grant               -> kGranted: nothing to report;
//      - a grant that is not live   -> remember the latest such grant, keep walking (a grant
//                                      never takes consent away, so an earlier live grant
//                                      still counts);
//      - a withdrawal or objection  -> kWithdrawn, unless a grant remembered on the way was
//                                      live at some time after it and is not live now only
//                                      because it expired (expires_at passed, or implied
//                                      consent lapsed): that grant lifted the withdrawal, so
//                                      the latest such grant decides, kExpired. Grants that
//                                      were never live (not a consent basis, third party
//                                      unnamed, expired before they were recorded) do not;
//      - an expire decision         -> kExpired.
//    If the walk finds none of these, the latest remembered grant decides (its class below),
//    else kNone. A grant is not live, in this order of precedence, when
//      - its legal_basis is not consent on the channel   -> kNotAConsentBasis (US: an existing
//        business relationship for texts and autodialed calls, 47 CFR 64.1200(f)(5));
//      - its source is "third_party:<name>", the policy requires named senders and
//        named_senders does not include the tenant       -> kThirdPartyUnnamed;
//      - expires_at <= sent_at, or the policy's implied-consent period lapsed (CASL s. 10(10):
//        a grant on an implied basis with a relationship) -> kExpired.
//
// Thread safety: pure functions of their arguments.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "detectors/policy.h"
#include "detectors/taxonomy.h"
#include "state/consent_ledger.h"

namespace consentry {

enum class ConsentStanding {
  kGranted,            // a live grant covers the message
  kNone,               // nothing covers it                                 -> consent.missing
  kNotAConsentBasis,   // only grants on a basis that is not consent here  -> consent.missing
  kThirdPartyUnnamed,  // only third-party grants not naming the tenant   -> third_party_unnamed
  kExpired,            // an expire decision, or only lapsed grants        -> consent.expired
  kWithdrawn,          // a withdrawal or objection                        -> consent.withdrawn
};
// "granted", "none", "not_a_consent_basis", "third_party_unnamed", "expired", "withdrawn".
std::string_view Name(ConsentStanding s);

enum class ExpiryKind {
  kNone,
  kExpiresAt,       // the grant's own expires_at
  kImplied,         // the policy's implied-consent period (CASL s. 10(10))
  kExpireDecision,  // an `expire` decision
};
// "none", "expires_at", "implied_consent", "expire_decision".
std::string_view Name(ExpiryKind k);

struct ConsentJudgement {
  const Policy* policy = nullptr;        // the policy of the message's jurisdiction
  std::vector<std::string> chain;        // the jurisdiction chain, most specific first
  bool consent_needed = false;           // step 1
  ConsentStanding standing = ConsentStanding::kNone;
  // The decision the standing rests on: the live grant, the withdrawal/objection/expire
  // decision, or the remembered grant. nullptr for kNone.
  const ConsentEvent* decision = nullptr;
  // For kWithdrawn and kExpired (expire decision): the latest non-live grant recorded after it,
  // which did not lift it; else nullptr.
  const ConsentEvent* ignored_grant = nullptr;
  bool via_revoke_all = false;           // the withdrawal covers the message only by revoke-all
  ExpiryKind expiry = ExpiryKind::kNone;  // for kExpired
  std::optional<Timestamp> expired_at;    // for kExpired
  int64_t decisions_considered = 0;       // this tenant's decisions recorded at or before sent_at
  int64_t covering_decisions = 0;         // how many of those cover the message
};

// Steps 1-3 for `message`.
ConsentJudgement JudgeConsent(const OutboundEvent& message, const ConsentLedger& ledger,
                              const Taxonomy& taxonomy, const PolicySet& policies);

// Step 1 alone.
bool ConsentNeeded(const OutboundEvent& message, const Policy& policy, const Taxonomy& taxonomy,
                   const std::vector<std::string>& chain);

// The clause that says why `message` needs consent: the policy's consent clause for the channel
// (for an AI-generated voice call, the policy's AI-voice consent clause when it has one), or for
// a non-marketing purpose one built from the taxonomy ("messages for research.surveys need prior
// consent", source "purpose taxonomy, policy <name>", kind consentry_policy).
Policy::CitedClause ConsentClauseFor(const OutboundEvent& message, const Policy& policy);

// When implied consent given by `grant` lapses under `policy`, or nullopt when it does not
// (express consent, no relationship kind, or the policy has no implied-consent expiry).
std::optional<Timestamp> ImpliedConsentExpiresAt(const ConsentEvent& grant, const Policy& policy);

// `t` plus `months` calendar months (UTC dates); a day that does not exist in the target month
// becomes that month's last day (31 August + 6 months = 28 or 29 February).
Timestamp AddMonths(Timestamp t, int months);

// True when `decision` came from the feedback topic (a STOP reply or unsubscribe click the
// engine turned into a withdrawal: source "feedback:stop_reply" / "feedback:unsubscribe_click").
bool IsFeedbackWithdrawal(const ConsentEvent& decision);

}  // namespace consentry
