// Consent scenarios: grants, their absence, expiry (expires_at, expire decisions, CASL implied
// consent), legal bases that are not consent, and third-party consent (docs/detectors.md).
// Verdicts follow from literal dates and the documented rules:
//   - EU (and EEA) marketing by email, SMS or push needs consent; the US does not for email;
//   - a grant's expires_at at or before sent_at has expired;
//   - CA implied consent (existing_relationship / soft_opt_in with a relationship) lapses 24
//     months after a purchase, 6 months after an inquiry (CASL s. 10(10)); express never does;
//   - a US marketing text or call resting on an existing business relationship has no consent
//     basis (47 CFR 64.1200(f)(5)): consent.missing, not consent.expired;
//   - a third-party grant must name the tenant in named_senders.

#include "gen/kit.h"

namespace consentry::gen_internal {
namespace {

void Granted(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  Message m;
  if (k.rng().Coin()) m.data_sources = {"first_party"};  // the only source allowed by default
  k.SendRun(m, k.first_send(), {});
}

void GrantedParentPurpose(Kit& k) {
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = k.history()});
  k.SendRun({}, k.first_send(), {});
}

void TransactionalWithoutConsent(Kit& k) {
  k.SendRun({.purpose = "essential.service.transactional", .campaign = "ops-" + k.tenant()},
            k.first_send(), {});
}

void RegrantedAfterWithdrawal(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Decide({.action = "withdraw", .channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = k.history() + 10 * kDay});
  k.GrantAt(k.channel(), k.Marketing(), k.history() + 20 * kDay);
  k.SendRun({}, k.first_send(), {});
}

void NoConsent(Kit& k) { k.SendRun({}, k.first_send(), {kConsentMissing}); }

void ConsentForOtherTenant(Kit& k) {
  k.Decide({.channels = {k.channel()}, .purposes = {k.Marketing()}, .at = k.history(),
            .tenant = k.other_tenant()});
  k.SendRun({}, k.first_send(), {kConsentMissing});
}

void WithdrawnLongAgo(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Decide({.action = "withdraw", .channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = k.history() + 5 * kDay});
  k.SendRun({}, k.first_send(), {kConsentWithdrawn});
}

Decision GrantExpiring(Kit& k, Timestamp expires_at) {
  return {.channels = {k.channel()}, .purposes = {k.Marketing()}, .at = k.history(),
          .expires_at = expires_at};
}

void ExpiresAtPassed(Kit& k) {
  k.Decide(GrantExpiring(k, k.first_send() - kDay));
  k.SendRun({}, k.first_send(), {kConsentExpired});
}

void ExpiresAtLater(Kit& k) {
  k.Decide(GrantExpiring(k, k.first_send() + 30 * kDay));
  k.SendRun({}, k.first_send(), {});
}

// expires_at is the first instant without consent.
void ExpiresAtEdge(Kit& k) {
  const Timestamp expires = k.first_send() + std::chrono::duration_cast<Duration>(hours(1));
  k.Decide(GrantExpiring(k, expires));
  k.Send({.at = expires - seconds(1)}, {});
  k.Send({.at = expires}, {kConsentExpired});
}

void ExpireDecision(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Decide({.action = "expire", .channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = k.history() + 10 * kDay});
  k.SendRun({}, k.first_send(), {kConsentExpired});
}

// CASL implied consent: a grant on an implied basis with a relationship `years`/`months`/`days`
// before the first message (all messages fall within 20 hours after it).
void CaImplied(Kit& k, std::string basis, std::string kind, int years, int months, int days,
               Expected expected) {
  k.set_jurisdiction("CA");
  const Timestamp at = ShiftCivil(k.first_send(), years, months, days);
  Decision d{.channels = {k.channel()}, .purposes = {k.Marketing()}, .at = at,
             .legal_basis = std::move(basis), .method = "in_store",
             .relationship_kind = std::move(kind)};
  if (k.rng().Coin()) d.relationship_at = at;  // absent: counted from recorded_at, the same
  k.Decide(std::move(d));
  k.SendRun({}, k.first_send(), expected);
}

void CaPurchaseLapsed(Kit& k) {
  CaImplied(k, "existing_relationship", "purchase", -2, 0, -1, {kConsentExpired});
}
void CaPurchaseLive(Kit& k) { CaImplied(k, "existing_relationship", "purchase", -2, 0, 1, {}); }
void CaInquiryLapsed(Kit& k) {
  CaImplied(k, "soft_opt_in", "inquiry", 0, -6, -1, {kConsentExpired});
}
void CaInquiryLive(Kit& k) { CaImplied(k, "soft_opt_in", "inquiry", 0, -6, 1, {}); }
void CaExpressNeverExpires(Kit& k) { CaImplied(k, "consent", "purchase", -5, 0, 0, {}); }

// US texts and automated calls: an existing business relationship is not consent.
void UsRelationshipText(Kit& k) {
  k.set_jurisdiction(k.us());
  k.set_channel(k.rng().Coin() ? "sms" : "voice");
  const Timestamp purchase = k.first_send() - 30 * kDay;
  k.Decide({.channels = {k.channel()}, .purposes = {k.Marketing()}, .at = purchase,
            .legal_basis = "existing_relationship", .method = "in_store",
            .relationship_kind = "purchase", .relationship_at = purchase});
  k.SendRun({}, k.first_send(), {kConsentMissing});
}

// US marketing email needs no consent at all, so the relationship is irrelevant.
void UsRelationshipEmail(Kit& k) {
  k.set_jurisdiction(k.us());
  k.set_channel("email");
  const Timestamp purchase = k.first_send() - 30 * kDay;
  k.Decide({.channels = {"email"}, .purposes = {k.Marketing()}, .at = purchase,
            .legal_basis = "existing_relationship", .method = "in_store",
            .relationship_kind = "purchase", .relationship_at = purchase});
  k.SendRun({}, k.first_send(), {});
}

void ThirdParty(Kit& k, std::vector<std::string> named, Expected expected) {
  // EU guidance (ICO on PECR reg. 22); consentry policy in Canada and where no law applies.
  const uint64_t where = k.rng().Below(4);
  k.set_jurisdiction(where == 0 ? "CA" : where == 1 ? "-" : k.eu());
  k.Decide({.channels = {k.channel()}, .purposes = {k.Marketing()}, .at = k.history(),
            .method = "import", .source = "third_party:leadgen-co",
            .named_senders = std::move(named)});
  k.SendRun({}, k.first_send(), expected);
}

void ThirdPartyUnnamed(Kit& k) {
  std::vector<std::string> named;
  if (k.rng().Coin()) named = {k.other_tenant()};
  ThirdParty(k, std::move(named), {kThirdPartyUnnamed});
}

void ThirdPartyNamed(Kit& k) {
  ThirdParty(k, k.rng().Coin() ? std::vector<std::string>{k.tenant()}
                               : std::vector<std::string>{k.other_tenant(), k.tenant()},
             {});
}

}  // namespace

void AddConsentScenarios(std::vector<Scenario>& out) {
  out.insert(out.end(), {
      {"granted", "", 60, Granted},
      {"granted_parent_purpose", "", 25, GrantedParentPurpose},
      {"transactional_without_consent", kConsentMissing, 25, TransactionalWithoutConsent},
      {"regranted_after_withdrawal", kConsentWithdrawn, 12, RegrantedAfterWithdrawal},
      {"no_consent", kConsentMissing, 30, NoConsent},
      {"consent_for_other_tenant", kConsentMissing, 12, ConsentForOtherTenant},
      {"withdrawn_long_ago", kConsentWithdrawn, 20, WithdrawnLongAgo},
      {"expires_at_passed", kConsentExpired, 15, ExpiresAtPassed},
      {"expires_at_later", kConsentExpired, 8, ExpiresAtLater},
      {"expires_at_edge", kConsentExpired, 12, ExpiresAtEdge},
      {"expire_decision", kConsentExpired, 8, ExpireDecision},
      {"ca_implied_purchase_2y_plus_1d", kConsentExpired, 12, CaPurchaseLapsed},
      {"ca_implied_purchase_2y_minus_1d", kConsentExpired, 10, CaPurchaseLive},
      {"ca_implied_inquiry_6m_plus_1d", kConsentExpired, 10, CaInquiryLapsed},
      {"ca_implied_inquiry_6m_minus_1d", kConsentExpired, 8, CaInquiryLive},
      {"ca_express_never_expires", kConsentExpired, 8, CaExpressNeverExpires},
      {"us_text_on_existing_relationship", kConsentMissing, 15, UsRelationshipText},
      {"us_email_on_existing_relationship", kConsentMissing, 8, UsRelationshipEmail},
      {"third_party_unnamed", kThirdPartyUnnamed, 25, ThirdPartyUnnamed},
      {"third_party_named", kThirdPartyUnnamed, 12, ThirdPartyNamed},
  });
}

}  // namespace consentry::gen_internal
