#include "detectors/consent_expired/consent_expired.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "detectors/consent_missing/consent_missing.h"
#include "detectors/consent_third_party_unnamed/consent_third_party_unnamed.h"
#include "detectors/consent_withdrawn/consent_withdrawn.h"
#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using testing::Days;
using testing::Decision;
using testing::FakeState;
using testing::Grant;
using testing::Message;
using testing::ParseJson;
using testing::T;
using testing::Withdraw;

using testing::kSms;
using testing::kEmail;

class ConsentExpiredDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state_, findings);
    return findings;
  }
  // Implied consent from a purchase on 2024-03-10 (CASL: lapses two years later).
  ConsentEvent Implied(RelationshipKind kind) const {
    ConsentEvent g = Grant("c-1", T("2024-03-12T09:00:00Z"), {Channel::kEmail}, {"marketing"});
    g.legal_basis = LegalBasis::kExistingRelationship;
    g.relationship_kind = kind;
    g.relationship_at = T("2024-03-10T14:00:00Z");
    return g;
  }

  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  ConsentExpiredDetector detector_{taxonomy_, policies_};
  FakeState state_;
  Timestamp before_ = T("2026-02-01T09:00:00Z");
  Timestamp sent_ = T("2026-03-01T10:00:00Z");
};

TEST_F(ConsentExpiredDetectorTest, FiresWhenTheGrantExpired) {
  ConsentEvent g = Grant("c-1", before_, {Channel::kSms}, {kSms});
  g.expires_at = T("2026-02-20T00:00:00Z");
  state_.AddConsent(g);
  const auto findings = Run(Message(Channel::kSms, kSms, "DK", sent_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "consent.expired");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.reason,
            "The grant covering this sms message for marketing.communications.sms from tenant "
            "acme at 2026-03-01T10:00:00Z expired on 2026-02-20T00:00:00Z; marketing by "
            "electronic mail (email, SMS, MMS, automated calls and voicemail, in-app and social "
            "direct messages; WhatsApp treated the same) needs prior consent, or soft opt-in for "
            "the sender's own similar products in DK (ePrivacy Directive 2002/58/EC art. "
            "13(1)-(2)).");
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["expired_because"]), "expires_at");
  EXPECT_EQ(std::string_view(doc["expired_at"]), "2026-02-20T00:00:00Z");
  EXPECT_EQ(std::string_view(doc["expired_decision"]["event_id"]), "c-1");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "law");
  EXPECT_TRUE(doc["implied_consent"].is_null());
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(ConsentExpiredDetectorTest, ExpiryAtSentAtIsExpired) {
  ConsentEvent g = Grant("c-1", before_, {Channel::kSms}, {kSms});
  g.expires_at = sent_;
  state_.AddConsent(g);
  EXPECT_EQ(Run(Message(Channel::kSms, kSms, "DK", sent_)).size(), 1u);
  EXPECT_TRUE(Run(Message(Channel::kSms, kSms, "DK", sent_ - Duration(1))).empty());
}

TEST_F(ConsentExpiredDetectorTest, ExpireDecisionFires) {
  state_.AddConsent(Grant("c-1", before_, {Channel::kSms}, {kSms}));
  state_.AddConsent(
      Decision("c-2", ConsentAction::kExpire, before_ + Days(1), {Channel::kSms}, {"marketing"}));
  const auto findings = Run(Message(Channel::kSms, kSms, "DK", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("was ended by an expire decision on 2026-02-02T09:00:00Z; "));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["expired_because"]), "expire_decision");
  EXPECT_EQ(std::string_view(doc["expired_decision"]["action"]), "expire");
  EXPECT_EQ(int64_t(doc["decisions_considered"]), 2);
}

TEST_F(ConsentExpiredDetectorTest, ImpliedConsentFromAPurchaseLapsesAfterTwoYears) {
  state_.AddConsent(Implied(RelationshipKind::kPurchase));
  // One day before the second anniversary of the purchase: still implied consent.
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "CA", T("2026-03-09T14:00:00Z"))).empty());
  // One day after: lapsed.
  const auto findings = Run(Message(Channel::kEmail, kEmail, "CA", T("2026-03-11T14:00:00Z")));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].reason,
            "The implied consent covering this email message for "
            "marketing.communications.email from tenant acme at 2026-03-11T14:00:00Z "
            "(existing_relationship, purchase on 2024-03-10T14:00:00Z) lapsed on "
            "2026-03-10T14:00:00Z; implied consent from a purchase or contract lasts 2 years, "
            "from an inquiry 6 months; express consent does not expire in CA (CASL s. 10(9)(a), "
            "10(10)).");
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["expired_because"]), "implied_consent");
  EXPECT_EQ(std::string_view(doc["implied_consent"]["relationship_kind"]), "purchase");
  EXPECT_EQ(std::string_view(doc["implied_consent"]["period_start"]), "2024-03-10T14:00:00Z");
  EXPECT_EQ(std::string_view(doc["implied_consent"]["period_start_from"]), "relationship.at");
  EXPECT_EQ(int64_t(doc["implied_consent"]["period_months"]), 24);
  EXPECT_EQ(std::string_view(doc["clause"]["source"]), "CASL s. 10(9)(a), 10(10)");
}

TEST_F(ConsentExpiredDetectorTest, ImpliedConsentFromAnInquiryLapsesAfterSixMonths) {
  state_.AddConsent(Implied(RelationshipKind::kInquiry));
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "CA", T("2024-09-09T14:00:00Z"))).empty());
  EXPECT_EQ(Run(Message(Channel::kEmail, kEmail, "CA", T("2024-09-11T14:00:00Z"))).size(), 1u);
}

TEST_F(ConsentExpiredDetectorTest, WithoutRelationshipAtThePeriodStartsAtRecordedAt) {
  ConsentEvent g = Implied(RelationshipKind::kInquiry);
  g.relationship_at.reset();
  state_.AddConsent(g);
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "CA", T("2024-09-12T08:59:59Z"))).empty());
  const auto findings = Run(Message(Channel::kEmail, kEmail, "CA", T("2024-09-12T09:00:00Z")));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  EXPECT_EQ(std::string_view(ParseJson(parser, findings[0].evidence_json)["implied_consent"]
                                                                          ["period_start_from"]),
            "recorded_at");
}

TEST_F(ConsentExpiredDetectorTest, ExpressConsentNeverLapses) {
  ConsentEvent g = Implied(RelationshipKind::kPurchase);
  g.legal_basis = LegalBasis::kConsent;
  state_.AddConsent(g);
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "CA", T("2030-01-01T00:00:00Z"))).empty());
}

TEST_F(ConsentExpiredDetectorTest, ANewPurchaseRenewsImpliedConsent) {
  state_.AddConsent(Implied(RelationshipKind::kPurchase));
  ConsentEvent renewed = Implied(RelationshipKind::kPurchase);
  renewed.event_id = EventId("c-2");
  renewed.recorded_at = T("2025-06-01T09:00:00Z");
  renewed.relationship_at = T("2025-05-30T09:00:00Z");
  state_.AddConsent(renewed);
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "CA", T("2026-06-01T00:00:00Z"))).empty());
}

TEST_F(ConsentExpiredDetectorTest, ImpliedExpiryOnlyWhereThePolicySaysSo) {
  state_.AddConsent(Implied(RelationshipKind::kPurchase));
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "DK", T("2027-01-01T00:00:00Z"))).empty());
}

TEST_F(ConsentExpiredDetectorTest, QuietWhenNoConsentIsNeeded) {
  ConsentEvent g = Grant("c-1", before_, {Channel::kEmail}, {kEmail});
  g.expires_at = before_ + Days(1);
  state_.AddConsent(g);
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "US", sent_)).empty());  // CAN-SPAM opt-out
  EXPECT_EQ(Run(Message(Channel::kEmail, kEmail, "DE", sent_)).size(), 1u);
}

TEST_F(ConsentExpiredDetectorTest, QuietWhenALiveGrantAlsoCovers) {
  state_.AddConsent(Grant("c-0", before_ - Days(30), {Channel::kSms}, {"marketing"}));
  ConsentEvent g = Grant("c-1", before_, {Channel::kSms}, {kSms});
  g.expires_at = before_ + Days(1);
  state_.AddConsent(g);
  EXPECT_TRUE(Run(Message(Channel::kSms, kSms, "DK", sent_)).empty());
}

TEST_F(ConsentExpiredDetectorTest, FactoryRejectsUnknownParamsAndHonoursSeverity) {
  const DetectorEnv env{taxonomy_, policies_};
  EXPECT_EQ(ConsentExpiredDetector::Create({{"months", "24"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ConsentExpiredDetector::Create({{"severity", "urgent"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = ConsentExpiredDetector::Create({{"severity", "medium"}}, env);
  ASSERT_TRUE(detector.ok());
  EXPECT_EQ((*detector)->Name(), "consent.expired");
}

// One violation, one alert: for any ledger and message, at most one of the four consent
// detectors fires.
TEST(ConsentDetectorsTest, OneAlertPerViolation) {
  const Taxonomy taxonomy = Taxonomy::Default();
  const PolicySet policies = PolicySet::Default();
  const DetectorEnv env{taxonomy, policies};
  std::vector<std::unique_ptr<Detector>> detectors;
  for (auto* create : {&ConsentMissingDetector::Create, &ConsentExpiredDetector::Create,
                       &ConsentThirdPartyUnnamedDetector::Create,
                       &ConsentWithdrawnDetector::Create}) {
    detectors.push_back(create({}, env).value());
  }
  const Timestamp t0 = T("2026-01-05T08:00:00Z");
  ConsentEvent expired = Grant("g-exp", t0, {Channel::kSms, Channel::kEmail}, {"marketing"});
  expired.expires_at = t0 + Days(5);
  ConsentEvent ebr = Grant("g-ebr", t0, {Channel::kSms, Channel::kEmail}, {"marketing"});
  ebr.legal_basis = LegalBasis::kExistingRelationship;
  ebr.relationship_kind = RelationshipKind::kInquiry;
  ConsentEvent third = Grant("g-3p", t0, {Channel::kSms, Channel::kEmail}, {"marketing"});
  third.source = "third_party:leadco";
  const ConsentEvent withdraw =
      Withdraw("w-1", t0 + Days(10), {Channel::kSms, Channel::kEmail}, {"marketing"});
  const std::vector<std::vector<ConsentEvent>> ledgers = {
      {}, {Grant("g-1", t0, {Channel::kSms}, {kSms})}, {expired}, {ebr}, {third}, {withdraw},
      {ebr, withdraw}, {third, expired}, {withdraw, expired},
      {Decision("x-1", ConsentAction::kExpire, t0, {Channel::kSms}, {"marketing"})}};
  int fired = 0;
  for (const auto& ledger : ledgers) {
    FakeState state;
    for (const auto& d : ledger) state.AddConsent(d);
    for (const char* jurisdiction : {"US", "DK", "CA", ""}) {
      for (Channel channel : {Channel::kSms, Channel::kEmail, Channel::kLetter}) {
        for (const char* purpose : {kSms.c_str(), "essential.service.transactional"}) {
          for (Timestamp sent : {t0, t0 + Days(3), t0 + Days(400)}) {
            const OutboundEvent m = Message(channel, purpose, jurisdiction, sent);
            std::vector<Finding> findings;
            for (const auto& d : detectors) d->Evaluate(m, state, findings);
            EXPECT_LE(findings.size(), 1u) << jurisdiction << " " << Name(channel) << " "
                                           << purpose << " " << FormatRfc3339(sent);
            fired += static_cast<int>(findings.size());
          }
        }
      }
    }
  }
  EXPECT_GT(fired, 0);
}

}  // namespace
}  // namespace consentry
