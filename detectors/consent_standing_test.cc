#include "detectors/consent_standing.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "detectors/testing/events.h"

namespace consentry {
namespace {

using testing::Days;
using testing::Decision;
using testing::Grant;
using testing::Message;
using testing::T;
using testing::Withdraw;

using testing::kSms;
using testing::kEmail;

class ConsentStandingTest : public ::testing::Test {
 protected:
  ConsentJudgement Judge(const OutboundEvent& m) const {
    return JudgeConsent(m, ledger_, taxonomy_, policies_);
  }
  ConsentEvent Ebr(std::string id, Timestamp at, std::vector<Channel> channels) const {
    ConsentEvent g = Grant(std::move(id), at, std::move(channels), {"marketing"});
    g.legal_basis = LegalBasis::kExistingRelationship;
    return g;
  }
  ConsentEvent ThirdParty(std::string id, Timestamp at, std::vector<Channel> channels) const {
    ConsentEvent g = Grant(std::move(id), at, std::move(channels), {"marketing"});
    g.source = "third_party:leadco";
    g.named_senders = {TenantId("globex")};
    return g;
  }

  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  ConsentLedger ledger_;
  Timestamp t0_ = T("2026-02-01T09:00:00Z");
  Timestamp sent_ = T("2026-03-02T15:00:00Z");
};

TEST_F(ConsentStandingTest, NothingRecordedIsNone) {
  const ConsentJudgement j = Judge(Message(Channel::kSms, kSms, "DK", sent_));
  EXPECT_TRUE(j.consent_needed);
  EXPECT_EQ(j.standing, ConsentStanding::kNone);
  EXPECT_EQ(j.decision, nullptr);
  EXPECT_EQ(j.policy->name, "EU");
  EXPECT_EQ(j.chain, (std::vector<std::string>{"DK", "EU", "default"}));
}

TEST_F(ConsentStandingTest, LiveGrantIsGranted) {
  ledger_.Insert(Grant("c-1", t0_, {Channel::kSms}, {"marketing"}));
  const ConsentJudgement j = Judge(Message(Channel::kSms, kSms, "DK", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kGranted);
  EXPECT_EQ(j.decision->event_id.value(), "c-1");
  EXPECT_EQ(j.decisions_considered, 1);
  EXPECT_EQ(j.covering_decisions, 1);
}

TEST_F(ConsentStandingTest, AGrantNeverTakesConsentAway) {
  ledger_.Insert(Grant("c-1", t0_, {Channel::kSms}, {"marketing"}));
  ConsentEvent later = Grant("c-2", t0_ + Days(1), {Channel::kSms}, {kSms});
  later.expires_at = t0_ + Days(2);
  ledger_.Insert(later);
  const ConsentJudgement j = Judge(Message(Channel::kSms, kSms, "DK", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kGranted);
  EXPECT_EQ(j.decision->event_id.value(), "c-1");
}

TEST_F(ConsentStandingTest, OnlyAnExpiredGrantIsExpired) {
  ConsentEvent g = Grant("c-1", t0_, {Channel::kSms}, {kSms});
  g.expires_at = sent_;
  ledger_.Insert(g);
  const ConsentJudgement j = Judge(Message(Channel::kSms, kSms, "DK", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kExpired);
  EXPECT_EQ(j.expiry, ExpiryKind::kExpiresAt);
  EXPECT_EQ(j.expired_at, sent_);
  // One microsecond earlier the grant still stood.
  EXPECT_EQ(Judge(Message(Channel::kSms, kSms, "DK", sent_ - Duration(1))).standing,
            ConsentStanding::kGranted);
}

TEST_F(ConsentStandingTest, ExpireDecisionEndsEarlierGrants) {
  ledger_.Insert(Grant("c-1", t0_, {Channel::kSms}, {"marketing"}));
  ledger_.Insert(Decision("c-2", ConsentAction::kExpire, t0_ + Days(1), {Channel::kSms}, {kSms}));
  const ConsentJudgement j = Judge(Message(Channel::kSms, kSms, "DK", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kExpired);
  EXPECT_EQ(j.expiry, ExpiryKind::kExpireDecision);
  EXPECT_EQ(j.expired_at, t0_ + Days(1));
  EXPECT_EQ(j.decision->event_id.value(), "c-2");
}

TEST_F(ConsentStandingTest, WithdrawalIsNotLiftedByAGrantThatDoesNotCount) {
  ledger_.Insert(Grant("c-1", t0_, {Channel::kSms}, {"marketing"}));
  ledger_.Insert(Withdraw("c-2", t0_ + Days(1), {Channel::kSms}, {"marketing"}));
  ledger_.Insert(Ebr("c-3", t0_ + Days(2), {Channel::kSms}));  // a purchase after the STOP
  const ConsentJudgement j = Judge(Message(Channel::kSms, kSms, "US", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kWithdrawn);
  EXPECT_EQ(j.decision->event_id.value(), "c-2");
  ASSERT_NE(j.ignored_grant, nullptr);
  EXPECT_EQ(j.ignored_grant->event_id.value(), "c-3");
  EXPECT_FALSE(j.via_revoke_all);
}

TEST_F(ConsentStandingTest, ExistingRelationshipIsNotConsentForUsTexts) {
  ledger_.Insert(Ebr("c-1", t0_, {Channel::kSms, Channel::kEmail, Channel::kVoice}));
  EXPECT_EQ(Judge(Message(Channel::kSms, kSms, "US", sent_)).standing,
            ConsentStanding::kNotAConsentBasis);
  EXPECT_EQ(Judge(Message(Channel::kVoice, "marketing.communications.voice", "US", sent_))
                .standing,
            ConsentStanding::kNotAConsentBasis);
  // Email is an opt-out regime in the US: no consent needed, and EBR is not excluded there.
  const ConsentJudgement email = Judge(Message(Channel::kEmail, kEmail, "US", sent_));
  EXPECT_FALSE(email.consent_needed);
  EXPECT_EQ(email.standing, ConsentStanding::kGranted);
  // Nor is it consent for EU electronic mail (ePrivacy art. 13(1)-(2): consent or soft opt-in).
  EXPECT_EQ(Judge(Message(Channel::kSms, kSms, "DK", sent_)).standing,
            ConsentStanding::kNotAConsentBasis);
}

TEST_F(ConsentStandingTest, OnlyConsentIsAConsentBasisForUsCallsAndTexts) {
  for (LegalBasis basis : {LegalBasis::kSoftOptIn, LegalBasis::kLegitimateInterest,
                           LegalBasis::kContract, LegalBasis::kLegalObligation}) {
    ConsentLedger ledger;
    ConsentEvent g = Grant("c-1", t0_, {Channel::kSms, Channel::kVoice}, {"marketing"});
    g.legal_basis = basis;
    ledger.Insert(g);
    const ConsentJudgement j =
        JudgeConsent(Message(Channel::kSms, kSms, "US", sent_), ledger, taxonomy_, policies_);
    EXPECT_EQ(j.standing, ConsentStanding::kNotAConsentBasis) << Name(basis);
    const auto* clause = j.policy->NotAConsentBasis(Channel::kVoice, basis);
    ASSERT_NE(clause, nullptr) << Name(basis);
    EXPECT_EQ(clause->clause.source, "47 CFR 64.1200(a)(2)-(3) (TCPA)");
  }
  EXPECT_EQ(policies_.For("US").NotAConsentBasis(Channel::kSms, LegalBasis::kConsent), nullptr);
}

TEST_F(ConsentStandingTest, OnlyConsentOrSoftOptInIsAConsentBasisForEuElectronicMail) {
  ConsentEvent contract = Grant("c-1", t0_, {Channel::kEmail}, {"marketing"});
  contract.legal_basis = LegalBasis::kContract;
  ledger_.Insert(contract);
  const ConsentJudgement j = Judge(Message(Channel::kEmail, kEmail, "DE", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kNotAConsentBasis);
  ConsentEvent soft = Grant("c-2", t0_ + Days(1), {Channel::kEmail}, {"marketing"});
  soft.legal_basis = LegalBasis::kSoftOptIn;
  ledger_.Insert(soft);
  const ConsentJudgement k = Judge(Message(Channel::kEmail, kEmail, "DE", sent_));
  EXPECT_EQ(k.standing, ConsentStanding::kGranted);
  EXPECT_EQ(k.decision->event_id.value(), "c-2");
  const Policy& eu = policies_.For("DE");
  for (Channel c : {Channel::kEmail, Channel::kSms, Channel::kMms, Channel::kVoice,
                    Channel::kWhatsapp, Channel::kInApp, Channel::kPush}) {
    const auto* li = eu.NotAConsentBasis(c, LegalBasis::kLegitimateInterest);
    ASSERT_NE(li, nullptr);
    EXPECT_NE(li->clause.source.find("2002/58/EC art. 13(1)-(2)"), std::string::npos);
    EXPECT_EQ(eu.NotAConsentBasis(c, LegalBasis::kSoftOptIn), nullptr);
  }
  EXPECT_EQ(eu.NotAConsentBasis(Channel::kEmail, LegalBasis::kLegitimateInterest)->clause.source,
            "ePrivacy Directive 2002/58/EC art. 13(1)-(2)");
}

TEST_F(ConsentStandingTest, LegitimateInterestAndLegalObligationAreNotCaslConsent) {
  ConsentEvent li = Grant("c-1", t0_, {Channel::kEmail}, {"marketing"});
  li.legal_basis = LegalBasis::kLegitimateInterest;
  ledger_.Insert(li);
  EXPECT_EQ(Judge(Message(Channel::kEmail, kEmail, "CA", sent_)).standing,
            ConsentStanding::kNotAConsentBasis);
  const Policy& ca = policies_.For("CA");
  EXPECT_EQ(ca.NotAConsentBasis(Channel::kSms, LegalBasis::kLegalObligation)->clause.source,
            "CASL s. 6(1), s. 10");
  EXPECT_EQ(ca.NotAConsentBasis(Channel::kSms, LegalBasis::kExistingRelationship), nullptr);
  EXPECT_EQ(ca.NotAConsentBasis(Channel::kSms, LegalBasis::kContract), nullptr);
}

TEST_F(ConsentStandingTest, AGrantWithNoLegalBasisCountsAsConsent) {
  ledger_.Insert(Grant("c-1", t0_, {Channel::kSms}, {"marketing"}));  // legal_basis absent
  for (const char* where : {"US", "DK", "CA"}) {
    EXPECT_EQ(Judge(Message(Channel::kSms, kSms, where, sent_)).standing,
              ConsentStanding::kGranted)
        << where;
  }
}

TEST_F(ConsentStandingTest, EmailPurposeOnAUsTextNeedsConsent) {
  const ConsentJudgement sms = Judge(Message(Channel::kSms, kEmail, "US", sent_));
  EXPECT_TRUE(sms.consent_needed);
  EXPECT_EQ(sms.standing, ConsentStanding::kNone);
  EXPECT_TRUE(Judge(Message(Channel::kVoice, kEmail, "US", sent_)).consent_needed);
  EXPECT_FALSE(Judge(Message(Channel::kEmail, kEmail, "US", sent_)).consent_needed);
}

TEST_F(ConsentStandingTest, AGrantThatLapsedAfterAWithdrawalIsExpired) {
  ledger_.Insert(Withdraw("c-1", t0_, {Channel::kSms}, {"marketing"}));
  ConsentEvent regrant = Grant("c-2", t0_ + Days(1), {Channel::kSms}, {"marketing"});
  regrant.expires_at = t0_ + Days(10);
  ledger_.Insert(regrant);
  ledger_.Insert(Ebr("c-3", t0_ + Days(11), {Channel::kSms}));  // never live: still skipped
  const ConsentJudgement j = Judge(Message(Channel::kSms, kSms, "US", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kExpired);
  EXPECT_EQ(j.decision->event_id.value(), "c-2");
  EXPECT_EQ(j.expiry, ExpiryKind::kExpiresAt);
  EXPECT_EQ(j.expired_at, T("2026-02-11T09:00:00Z"));
}

TEST_F(ConsentStandingTest, ImpliedConsentThatLapsedAfterAWithdrawalIsExpired) {
  ledger_.Insert(Withdraw("c-1", t0_, {Channel::kEmail}, {"marketing"}));
  ConsentEvent implied = Grant("c-2", t0_ + Days(1), {Channel::kEmail}, {"marketing"});
  implied.legal_basis = LegalBasis::kExistingRelationship;
  implied.relationship_kind = RelationshipKind::kInquiry;  // 6 months
  ledger_.Insert(implied);
  const ConsentJudgement j =
      Judge(Message(Channel::kEmail, kEmail, "CA", T("2026-09-02T09:00:00Z")));
  EXPECT_EQ(j.standing, ConsentStanding::kExpired);
  EXPECT_EQ(j.expiry, ExpiryKind::kImplied);
  EXPECT_EQ(j.expired_at, T("2026-08-02T09:00:00Z"));
}

TEST_F(ConsentStandingTest, AGrantThatExpiredBeforeItWasRecordedDoesNotLiftAWithdrawal) {
  ledger_.Insert(Withdraw("c-1", t0_, {Channel::kSms}, {"marketing"}));
  ConsentEvent stale = Grant("c-2", t0_ + Days(2), {Channel::kSms}, {"marketing"});
  stale.expires_at = t0_ + Days(1);
  ledger_.Insert(stale);
  const ConsentJudgement j = Judge(Message(Channel::kSms, kSms, "US", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kWithdrawn);
  EXPECT_EQ(j.decision->event_id.value(), "c-1");
}

TEST_F(ConsentStandingTest, EarlierExpressConsentStillCountsBehindAnEbrGrant) {
  ledger_.Insert(Grant("c-1", t0_, {Channel::kSms}, {"marketing"}));
  ledger_.Insert(Ebr("c-2", t0_ + Days(1), {Channel::kSms}));
  EXPECT_EQ(Judge(Message(Channel::kSms, kSms, "US", sent_)).standing, ConsentStanding::kGranted);
}

TEST_F(ConsentStandingTest, ThirdPartyConsentMustNameTheTenant) {
  ledger_.Insert(ThirdParty("c-1", t0_, {Channel::kEmail}));
  const ConsentJudgement j = Judge(Message(Channel::kEmail, kEmail, "DE", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kThirdPartyUnnamed);
  EXPECT_EQ(j.decision->event_id.value(), "c-1");

  ConsentLedger named;
  ConsentEvent g = ThirdParty("c-1", t0_, {Channel::kEmail});
  g.named_senders.push_back(TenantId(testing::kTenant));
  named.Insert(g);
  EXPECT_EQ(JudgeConsent(Message(Channel::kEmail, kEmail, "DE", sent_), named, taxonomy_,
                         policies_)
                .standing,
            ConsentStanding::kGranted);
}

TEST_F(ConsentStandingTest, ThirdPartyCheckFollowsThePolicySetting) {
  PolicySet lenient;
  Policy p{.name = "default"};
  p.third_party.must_name_sender = false;
  ASSERT_TRUE(lenient.Add(p).ok());
  ledger_.Insert(ThirdParty("c-1", t0_, {Channel::kEmail}));
  EXPECT_EQ(JudgeConsent(Message(Channel::kEmail, kEmail, "DE", sent_), ledger_, taxonomy_,
                         lenient)
                .standing,
            ConsentStanding::kGranted);
}

TEST_F(ConsentStandingTest, PrecedenceWithinOneGrant) {
  ConsentEvent g = Ebr("c-1", t0_, {Channel::kSms});
  g.source = "third_party:leadco";
  g.expires_at = t0_ + Days(1);
  ledger_.Insert(g);
  EXPECT_EQ(Judge(Message(Channel::kSms, kSms, "US", sent_)).standing,
            ConsentStanding::kNotAConsentBasis);
  // In Canada the basis counts (implied consent, no relationship kind so no period), so the
  // unnamed third party comes before the expiry.
  EXPECT_EQ(Judge(Message(Channel::kSms, kSms, "CA", sent_)).standing,
            ConsentStanding::kThirdPartyUnnamed);
}

TEST_F(ConsentStandingTest, TheLatestGrantThatDoesNotCountDecides) {
  ledger_.Insert(ThirdParty("c-1", t0_, {Channel::kEmail}));
  ConsentEvent expired = Grant("c-2", t0_ + Days(1), {Channel::kEmail}, {kEmail});
  expired.expires_at = t0_ + Days(2);
  ledger_.Insert(expired);
  const ConsentJudgement j = Judge(Message(Channel::kEmail, kEmail, "DE", sent_));
  EXPECT_EQ(j.standing, ConsentStanding::kExpired);
  EXPECT_EQ(j.decision->event_id.value(), "c-2");
}

TEST_F(ConsentStandingTest, ConsentNeededByPurposeAndChannel) {
  const auto needed = [this](Channel c, const char* purpose, const char* where) {
    return Judge(Message(c, purpose, where, sent_)).consent_needed;
  };
  EXPECT_FALSE(needed(Channel::kLetter, "marketing.advertising", "DK"));  // outside art. 13
  EXPECT_TRUE(needed(Channel::kEmail, "marketing.advertising", "DK"));
  EXPECT_TRUE(needed(Channel::kPush, "marketing.communications.push", "DK"));
  EXPECT_FALSE(needed(Channel::kEmail, kEmail.c_str(), "US"));
  EXPECT_TRUE(needed(Channel::kSms, kSms.c_str(), "US-FL"));
  EXPECT_FALSE(needed(Channel::kInApp, "marketing.advertising", "US"));
  EXPECT_FALSE(needed(Channel::kLetter, "marketing.advertising", "CA"));
  EXPECT_TRUE(needed(Channel::kLetter, "marketing.advertising", ""));  // default: strict
  EXPECT_FALSE(needed(Channel::kSms, "essential.service.transactional", "DK"));
  // A non-marketing purpose that needs consent does so on every channel.
  EXPECT_TRUE(needed(Channel::kLetter, "research.surveys", "DK"));
}

TEST_F(ConsentStandingTest, ConsentClauseForMessage) {
  const Policy& us = policies_.For("US");
  OutboundEvent call = Message(Channel::kVoice, "marketing.communications.voice", "US", sent_);
  EXPECT_EQ(ConsentClauseFor(call, us).clause.source, "47 CFR 64.1200(a)(2)-(3) (TCPA)");
  call.content.ai_generated = true;
  EXPECT_EQ(ConsentClauseFor(call, us).clause.source, us.ai_voice_consent_clause.clause.source);
  const Policy::CitedClause survey =
      ConsentClauseFor(Message(Channel::kEmail, "research.surveys", "US", sent_), us);
  EXPECT_EQ(survey.clause.rule, "messages for research.surveys need prior consent");
  EXPECT_EQ(survey.clause.source, "purpose taxonomy, policy US");
  EXPECT_EQ(survey.kind, Policy::ClauseKind::kConsentryPolicy);
}

TEST_F(ConsentStandingTest, RevokeAllCoversEveryCallAndTextFromItsDate) {
  // A STOP to a marketing text in 2027; then a survey call and an account text.
  const Timestamp stop = T("2027-03-01T15:00:00Z");
  ConsentEvent s = Withdraw("s-1", stop, {Channel::kSms}, {"marketing"});
  s.source = "feedback:stop_reply";
  ledger_.Insert(Grant("c-1", t0_, {Channel::kVoice}, {"research"}));
  ledger_.Insert(s);
  const ConsentJudgement call =
      Judge(Message(Channel::kVoice, "research.surveys", "US", stop + Days(30)));
  EXPECT_EQ(call.standing, ConsentStanding::kWithdrawn);
  EXPECT_TRUE(call.via_revoke_all);
  EXPECT_TRUE(IsFeedbackWithdrawal(*call.decision));
  // Not for email, not for purposes that need no consent, not in the EU.
  EXPECT_EQ(Judge(Message(Channel::kEmail, "research.surveys", "US", stop + Days(30))).standing,
            ConsentStanding::kNone);
  EXPECT_EQ(Judge(Message(Channel::kSms, "essential.service.account", "US", stop + Days(30)))
                .standing,
            ConsentStanding::kNone);
  EXPECT_EQ(Judge(Message(Channel::kVoice, "research.surveys", "DK", stop + Days(30))).standing,
            ConsentStanding::kGranted);
}

TEST_F(ConsentStandingTest, RevokeAllDoesNotApplyBeforeItsDate) {
  const Timestamp stop = T("2026-03-01T15:00:00Z");
  ledger_.Insert(Grant("c-1", t0_, {Channel::kVoice}, {"research"}));
  ledger_.Insert(Withdraw("s-1", stop, {Channel::kSms}, {"marketing"}));
  EXPECT_EQ(Judge(Message(Channel::kVoice, "research.surveys", "US", stop + Days(30))).standing,
            ConsentStanding::kGranted);
}

TEST_F(ConsentStandingTest, SameJudgementWhateverTheInsertionOrder) {
  std::vector<ConsentEvent> decisions = {
      Grant("c-1", t0_, {Channel::kSms}, {"marketing"}),
      Withdraw("c-2", t0_ + Days(3), {Channel::kSms}, {"marketing"}),
      Ebr("c-3", t0_ + Days(5), {Channel::kSms}),
      Grant("c-4", sent_ + Days(1), {Channel::kSms}, {kSms}),  // after the message
  };
  const auto by_id = [](const auto& a, const auto& b) { return a.event_id < b.event_id; };
  std::sort(decisions.begin(), decisions.end(), by_id);
  int permutations = 0;
  do {
    ConsentLedger ledger;
    for (const auto& d : decisions) ledger.Insert(d);
    const ConsentJudgement j =
        JudgeConsent(Message(Channel::kSms, kSms, "US", sent_), ledger, taxonomy_, policies_);
    EXPECT_EQ(j.standing, ConsentStanding::kWithdrawn);
    EXPECT_EQ(j.decision->event_id.value(), "c-2");
    EXPECT_EQ(j.decisions_considered, 3);
    EXPECT_EQ(j.covering_decisions, 3);
    ++permutations;
  } while (std::next_permutation(decisions.begin(), decisions.end(), by_id));
  EXPECT_EQ(permutations, 24);
}

TEST(ImpliedConsentTest, PeriodsFromPurchaseAndInquiry) {
  const Policy ca = PolicySet::Default().For("CA");
  ConsentEvent g = Grant("c-1", T("2025-03-10T12:00:00Z"), {Channel::kEmail}, {"marketing"});
  EXPECT_EQ(ImpliedConsentExpiresAt(g, ca), std::nullopt);  // express consent never expires
  g.legal_basis = LegalBasis::kExistingRelationship;
  EXPECT_EQ(ImpliedConsentExpiresAt(g, ca), std::nullopt);  // no relationship kind
  g.relationship_kind = RelationshipKind::kPurchase;
  EXPECT_EQ(ImpliedConsentExpiresAt(g, ca), T("2027-03-10T12:00:00Z"));  // from recorded_at
  g.relationship_at = T("2025-01-05T08:00:00Z");
  EXPECT_EQ(ImpliedConsentExpiresAt(g, ca), T("2027-01-05T08:00:00Z"));
  g.relationship_kind = RelationshipKind::kInquiry;
  EXPECT_EQ(ImpliedConsentExpiresAt(g, ca), T("2025-07-05T08:00:00Z"));
  g.legal_basis = LegalBasis::kSoftOptIn;
  EXPECT_EQ(ImpliedConsentExpiresAt(g, ca), T("2025-07-05T08:00:00Z"));
  g.legal_basis = LegalBasis::kLegitimateInterest;
  EXPECT_EQ(ImpliedConsentExpiresAt(g, ca), std::nullopt);
  // Only where the policy says so.
  g.legal_basis = LegalBasis::kExistingRelationship;
  EXPECT_EQ(ImpliedConsentExpiresAt(g, PolicySet::Default().For("DK")), std::nullopt);
}

TEST(ImpliedConsentTest, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(AddMonths(T("2026-08-31T10:00:00Z"), 6), T("2027-02-28T10:00:00Z"));
  EXPECT_EQ(AddMonths(T("2027-08-31T10:00:00Z"), 6), T("2028-02-29T10:00:00Z"));
  EXPECT_EQ(AddMonths(T("2024-02-29T00:00:00Z"), 24), T("2026-02-28T00:00:00Z"));
  EXPECT_EQ(AddMonths(T("2026-01-15T23:59:59.5Z"), 1), T("2026-02-15T23:59:59.5Z"));
}

TEST(ConsentStandingNamesTest, Names) {
  EXPECT_EQ(Name(ConsentStanding::kNotAConsentBasis), "not_a_consent_basis");
  EXPECT_EQ(Name(ConsentStanding::kThirdPartyUnnamed), "third_party_unnamed");
  EXPECT_EQ(Name(ExpiryKind::kImplied), "implied_consent");
  EXPECT_EQ(Name(ExpiryKind::kExpireDecision), "expire_decision");
}

}  // namespace
}  // namespace consentry
