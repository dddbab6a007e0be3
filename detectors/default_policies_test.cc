#include "detectors/default_policies.h"

#include <gtest/gtest.h>

#include <chrono>

#include "detectors/testing/events.h"

namespace consentry {
namespace {

using Kind = Policy::ClauseKind;
using testing::T;

class DefaultPoliciesTest : public ::testing::Test {
 protected:
  const PolicySet set_ = PolicySet::Default();
  const Policy& us_ = set_.For("US");
  const Policy& eu_ = set_.For("DK");
  const Policy& ca_ = set_.For("CA");
  const Policy& default_ = set_.For("");
};

TEST_F(DefaultPoliciesTest, PolicyLookup) {
  ASSERT_TRUE(set_.Validate().ok());
  // US states with stricter quiet hours have their own policy (a copy of US).
  EXPECT_EQ(set_.For("US-FL").name, "US-FL");
  EXPECT_EQ(set_.For("US-MD").name, "US-MD");
  EXPECT_EQ(set_.For("US-OK").name, "US-OK");
  EXPECT_EQ(set_.For("US-NY").name, "US");
  EXPECT_EQ(eu_.name, "EU");
  EXPECT_EQ(set_.For("NO").name, "EU");  // EEA
  EXPECT_EQ(set_.For("GB").name, "default");
  for (const char* member : {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
                             "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT",
                             "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"}) {
    EXPECT_EQ(set_.For(member).name, "EU") << member;
  }
}

TEST_F(DefaultPoliciesTest, WithdrawalWindows) {
  EXPECT_EQ(default_.WithdrawalWindow(Channel::kEmail), HonouringWindow::Immediate());
  EXPECT_EQ(eu_.WithdrawalWindow(Channel::kSms),
            HonouringWindow::CalendarTime(std::chrono::hours(48)));
  for (Channel c : {Channel::kSms, Channel::kMms, Channel::kVoice, Channel::kEmail,
                    Channel::kPush, Channel::kWhatsapp, Channel::kInApp}) {
    EXPECT_EQ(us_.WithdrawalWindow(c), HonouringWindow::BusinessDays(10));
    EXPECT_EQ(ca_.WithdrawalWindow(c), HonouringWindow::BusinessDays(10));
  }
  EXPECT_EQ(us_.calendar, "US");
  EXPECT_EQ(us_.time_zone, "America/New_York");
  EXPECT_EQ(ca_.calendar, "CA");
  EXPECT_EQ(ca_.time_zone, "America/Toronto");
}

TEST_F(DefaultPoliciesTest, UsWithdrawalClausesByChannel) {
  for (Channel c : {Channel::kSms, Channel::kMms, Channel::kVoice}) {
    EXPECT_EQ(us_.WithdrawalClause(c).clause.source,
              "47 CFR 64.1200(a)(10), (d)(3) (FCC 24-24, in force 2025-04-11)");
    EXPECT_EQ(us_.WithdrawalClause(c).kind, Kind::kLaw);
  }
  EXPECT_EQ(us_.WithdrawalClause(Channel::kEmail).clause.source,
            "CAN-SPAM 15 U.S.C. 7704(a)(4)(A)");
  EXPECT_EQ(us_.WithdrawalClause(Channel::kEmail).kind, Kind::kLaw);
  // No US statute sets a deadline for push, WhatsApp or in-app: product policy, and it says so.
  for (Channel c : {Channel::kPush, Channel::kWhatsapp, Channel::kInApp}) {
    EXPECT_EQ(us_.WithdrawalClause(c).kind, Kind::kConsentryPolicy);
    EXPECT_NE(us_.WithdrawalClause(c).clause.rule.find("product policy"), std::string::npos);
  }
}

TEST_F(DefaultPoliciesTest, UsConsentOnlyForCallsAndTextsByLaw) {
  for (Channel c : {Channel::kSms, Channel::kMms, Channel::kVoice}) {
    EXPECT_TRUE(us_.ConsentRequired(c));
    EXPECT_EQ(us_.ConsentClause(c).clause.source, "47 CFR 64.1200(a)(2)-(3) (TCPA)");
    EXPECT_EQ(us_.ConsentClause(c).kind, Kind::kLaw);
    const auto* ebr = us_.NotAConsentBasis(c, LegalBasis::kExistingRelationship);
    ASSERT_NE(ebr, nullptr);
    EXPECT_EQ(ebr->clause.source, "47 CFR 64.1200(f)(5)");
  }
  EXPECT_FALSE(us_.ConsentRequired(Channel::kEmail));  // CAN-SPAM: opt-out regime
  EXPECT_EQ(us_.ConsentClause(Channel::kEmail).clause.source, "CAN-SPAM 15 U.S.C. 7704(a)(4)(A)");
  EXPECT_EQ(us_.NotAConsentBasis(Channel::kEmail, LegalBasis::kExistingRelationship), nullptr);
  EXPECT_TRUE(us_.ConsentRequired(Channel::kPush));
  EXPECT_EQ(us_.ConsentClause(Channel::kPush).kind, Kind::kProviderPolicy);
  EXPECT_EQ(us_.ConsentClause(Channel::kWhatsapp).kind, Kind::kProviderPolicy);
  EXPECT_FALSE(us_.ConsentRequired(Channel::kInApp));
  EXPECT_FALSE(us_.ConsentRequired(Channel::kLetter));
}

TEST_F(DefaultPoliciesTest, UsRevokeAllFrom2027) {
  ASSERT_TRUE(us_.revoke_all.from.has_value());
  EXPECT_EQ(*us_.revoke_all.from, T("2027-01-31T05:00:00Z"));  // midnight in New York
  EXPECT_EQ(us_.revoke_all.clause.clause.source,
            "47 CFR 64.1200(a)(10) (FCC 24-24; compliance date 2027-01-31, DA 26-12)");
  EXPECT_TRUE(us_.RevokeAllApplies(Channel::kSms, T("2027-01-31T05:00:00Z")));
  EXPECT_FALSE(us_.RevokeAllApplies(Channel::kSms, T("2027-01-31T04:59:59Z")));
  EXPECT_FALSE(us_.RevokeAllApplies(Channel::kEmail, T("2027-06-01T00:00:00Z")));
  EXPECT_FALSE(eu_.revoke_all.from.has_value());
  EXPECT_FALSE(ca_.revoke_all.from.has_value());
}

TEST_F(DefaultPoliciesTest, EuConsentForElectronicMailOnly) {
  for (Channel c : {Channel::kEmail, Channel::kSms, Channel::kMms, Channel::kVoice,
                    Channel::kWhatsapp, Channel::kInApp}) {
    EXPECT_TRUE(eu_.ConsentRequired(c));
    EXPECT_EQ(eu_.ConsentClause(c).clause.source, "ePrivacy Directive 2002/58/EC art. 13(1)-(2)");
    EXPECT_EQ(eu_.ConsentClause(c).kind, Kind::kLaw);
  }
  // Push: treated as electronic mail, conservatively, and labelled as consentry's reading.
  EXPECT_TRUE(eu_.ConsentRequired(Channel::kPush));
  EXPECT_EQ(eu_.ConsentClause(Channel::kPush).kind, Kind::kConsentryPolicy);
  // Letters are outside art. 13; the objection clause still reaches them.
  EXPECT_FALSE(eu_.ConsentRequired(Channel::kLetter));
  EXPECT_EQ(eu_.WithdrawalClause(Channel::kLetter).clause.source, "GDPR art. 7(3), 21(2)-(3)");
  EXPECT_NE(eu_.WithdrawalClause(Channel::kEmail).clause.rule.find("product choice"),
            std::string::npos);
  EXPECT_EQ(eu_.third_party.clause.kind, Kind::kGuidance);
  EXPECT_EQ(eu_.third_party.clause.clause.source,
            "UK ICO guidance on PECR reg. 22 (indirect consent)");
  EXPECT_TRUE(eu_.third_party.must_name_sender);
}

TEST_F(DefaultPoliciesTest, CanadaCaslClauses) {
  EXPECT_EQ(ca_.ConsentClause(Channel::kEmail).clause.source, "CASL s. 6(1)");
  EXPECT_EQ(ca_.ConsentClause(Channel::kSms).kind, Kind::kLaw);
  EXPECT_FALSE(ca_.ConsentRequired(Channel::kLetter));
  EXPECT_EQ(ca_.WithdrawalClause(Channel::kEmail).clause.source, "CASL s. 11(3)");
  EXPECT_TRUE(ca_.implied_consent_expiry.enabled);
  EXPECT_EQ(ca_.implied_consent_expiry.purchase_months, 24);
  EXPECT_EQ(ca_.implied_consent_expiry.inquiry_months, 6);
  EXPECT_EQ(ca_.implied_consent_expiry.clause.clause.source, "CASL s. 10(9)(a), 10(10)");
  EXPECT_FALSE(us_.implied_consent_expiry.enabled);
  EXPECT_FALSE(eu_.implied_consent_expiry.enabled);
}

TEST_F(DefaultPoliciesTest, CanadaWithdrawalClausesOutsideCaslAreConsentryPolicy) {
  for (Channel c : {Channel::kEmail, Channel::kSms, Channel::kWhatsapp}) {
    EXPECT_EQ(ca_.WithdrawalClause(c).clause.source, "CASL s. 11(3)");
    EXPECT_EQ(ca_.WithdrawalClause(c).kind, Kind::kLaw);
  }
  EXPECT_EQ(ca_.WithdrawalClause(Channel::kVoice).kind, Kind::kConsentryPolicy);
  EXPECT_NE(ca_.WithdrawalClause(Channel::kVoice).clause.source.find(
                "CRTC Unsolicited Telecommunications Rules"),
            std::string::npos);
  EXPECT_EQ(ca_.WithdrawalClause(Channel::kLetter).clause.source, "consentry policy");
  EXPECT_EQ(ca_.WithdrawalClause(Channel::kLetter).kind, Kind::kConsentryPolicy);
  EXPECT_EQ(ca_.WithdrawalClause(Channel::kPush).clause.source,
            "consentry policy, after CASL s. 11(3)");
  EXPECT_EQ(ca_.WithdrawalClause(Channel::kPush).kind, Kind::kConsentryPolicy);
}

TEST_F(DefaultPoliciesTest, EuAiAgentAndVoiceClausesAreConsentryPolicy) {
  // The message tells only its channel, not whether an AI system interacted with the person
  // (AI Act art. 50(1)) or the audio is a deep fake (50(4)): not cited as law.
  EXPECT_EQ(eu_.ai_agent_clause.kind, Kind::kConsentryPolicy);
  EXPECT_EQ(eu_.ai_voice_clause.kind, Kind::kConsentryPolicy);
  EXPECT_EQ(eu_.ai_text_clause.kind, Kind::kConsentryPolicy);
  EXPECT_NE(eu_.ai_agent_clause.clause.source.find("art. 50(1)"), std::string::npos);
  EXPECT_NE(eu_.ai_agent_clause.clause.source.find("does not tell"), std::string::npos);
  EXPECT_NE(eu_.ai_voice_clause.clause.source.find("art. 50(1), (4)"), std::string::npos);
  EXPECT_NE(eu_.ai_voice_clause.clause.source.find("deep fakes"), std::string::npos);
}

TEST_F(DefaultPoliciesTest, DefaultPolicyIsConsentryPolicyEverywhere) {
  EXPECT_EQ(default_.name, "default");
  EXPECT_EQ(default_.consent_clause.kind, Kind::kConsentryPolicy);
  EXPECT_EQ(default_.withdrawal_clause.kind, Kind::kConsentryPolicy);
  for (Channel c : {Channel::kEmail, Channel::kLetter, Channel::kPush}) {
    EXPECT_TRUE(default_.ConsentRequired(c));
  }
  EXPECT_TRUE(default_.third_party.must_name_sender);
  EXPECT_EQ(default_.third_party.clause.kind, Kind::kConsentryPolicy);
}

// ---- Quiet hours
TEST_F(DefaultPoliciesTest, QuietHoursTcpaAndStricterStates) {
  const Timestamp now = T("2026-06-01T12:00:00Z");
  ASSERT_EQ(us_.quiet_hours.size(), 2u);
  for (Channel c : {Channel::kVoice, Channel::kSms, Channel::kMms}) {
    const Policy::QuietHours* q = us_.QuietHoursFor(c, now);
    ASSERT_NE(q, nullptr) << Name(c);
    EXPECT_EQ(q->from_minute, 8 * 60);
    EXPECT_EQ(q->to_minute, 21 * 60);
    EXPECT_EQ(q->clause.clause.source, "47 CFR 64.1200(c)(1) (TCPA)");
    EXPECT_EQ(q->clause.kind, Kind::kLaw);
  }
  EXPECT_NE(us_.QuietHoursFor(Channel::kSms, now)->clause.clause.rule.find("litigated"),
            std::string::npos);
  EXPECT_EQ(us_.QuietHoursFor(Channel::kEmail, now), nullptr);
  EXPECT_TRUE(default_.quiet_hours.empty());
  EXPECT_TRUE(eu_.quiet_hours.empty());
  EXPECT_TRUE(ca_.quiet_hours.empty());
  const std::pair<const char*, const char*> states[] = {
      {"US-FL", "Fla. Stat. \u00a7501.616(6)(a)"},
      {"US-MD", "Md. Com. Law \u00a714-4501 ff. (Stop the Spam Calls Act of 2023, in force "
                "2024-01-01)"},
      {"US-OK", "15 O.S. \u00a7775C.1 ff. (Oklahoma Telephone Solicitation Act, in force "
                "2022-11-01)"}};
  for (const auto& [name, source] : states) {
    for (Channel c : {Channel::kVoice, Channel::kSms, Channel::kMms}) {
      const Policy* p = set_.QuietHoursPolicy(name, c, now);
      ASSERT_NE(p, nullptr) << name;
      EXPECT_EQ(p->name, name);
      EXPECT_EQ(p->QuietHoursFor(c, now)->to_minute, 20 * 60) << name;
      EXPECT_EQ(p->QuietHoursFor(c, now)->clause.clause.source, source);
    }
  }
  // Maryland from 2024-01-01 and Oklahoma from 2022-11-01, local midnight; before, the TCPA's.
  EXPECT_EQ(set_.QuietHoursPolicy("US-MD", Channel::kSms, T("2024-01-01T04:59:59Z"))->name, "US");
  EXPECT_EQ(set_.QuietHoursPolicy("US-MD", Channel::kSms, T("2024-01-01T05:00:00Z"))->name,
            "US-MD");
  EXPECT_EQ(set_.QuietHoursPolicy("US-OK", Channel::kSms, T("2022-11-01T04:59:59Z"))->name, "US");
  EXPECT_EQ(set_.QuietHoursPolicy("US-OK", Channel::kSms, T("2022-11-01T05:00:00Z"))->name,
            "US-OK");
  EXPECT_EQ(set_.QuietHoursPolicy("US-NY", Channel::kSms, now)->name, "US");
  EXPECT_EQ(set_.QuietHoursPolicy("US-FL", Channel::kEmail, now), nullptr);
  EXPECT_EQ(set_.QuietHoursPolicy("DK", Channel::kSms, now), nullptr);
}

TEST_F(DefaultPoliciesTest, StatePoliciesKeepEveryOtherUsRule) {
  const Timestamp t = T("2027-02-01T00:00:00Z");
  for (const char* name : {"US-FL", "US-MD", "US-OK"}) {
    const Policy& p = set_.For(name);
    ASSERT_EQ(p.name, name);
    EXPECT_EQ(p.calendar, "US");
    EXPECT_EQ(p.time_zone, "America/New_York");
    EXPECT_EQ(p.revoke_all.from, us_.revoke_all.from);
    EXPECT_TRUE(p.RevokeAllApplies(Channel::kSms, t));
    for (Channel c : {Channel::kSms, Channel::kMms, Channel::kVoice, Channel::kEmail,
                      Channel::kPush, Channel::kWhatsapp, Channel::kInApp, Channel::kLetter}) {
      EXPECT_EQ(p.WithdrawalWindow(c), us_.WithdrawalWindow(c)) << name;
      EXPECT_EQ(p.WithdrawalClause(c).clause.source, us_.WithdrawalClause(c).clause.source);
      EXPECT_EQ(p.ConsentRequired(c), us_.ConsentRequired(c)) << name << " " << Name(c);
      EXPECT_EQ(p.ConsentClause(c).clause.source, us_.ConsentClause(c).clause.source);
      EXPECT_EQ(p.NotAConsentBasis(c, LegalBasis::kExistingRelationship) == nullptr,
                us_.NotAConsentBasis(c, LegalBasis::kExistingRelationship) == nullptr);
    }
    EXPECT_EQ(p.unsubscribe_clause.clause.source, "CAN-SPAM 15 U.S.C. 7704(a)(3)");
    EXPECT_EQ(p.dnc_clause_by_channel.size(), 3u);
    EXPECT_EQ(p.ai_voice_consent_clause.clause.source, us_.ai_voice_consent_clause.clause.source);
  }
}
// ---- end of quiet hours

}  // namespace
}  // namespace consentry
