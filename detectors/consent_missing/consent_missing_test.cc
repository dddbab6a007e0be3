#include "detectors/consent_missing/consent_missing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::AllChannels;
using testing::Days;
using testing::Decision;
using testing::FakeState;
using testing::Grant;
using testing::Message;
using testing::ParseJson;
using testing::T;
using testing::Withdraw;

using testing::kSms;

class ConsentMissingDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state_, findings);
    return findings;
  }
  OutboundEvent SmsToDk() const { return Message(Channel::kSms, kSms, "DK", sent_); }

  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  ConsentMissingDetector detector_{taxonomy_, policies_};
  FakeState state_;
  Timestamp sent_ = T("2026-03-01T10:00:00Z");
  Timestamp before_ = T("2026-02-01T09:00:00Z");
};

TEST_F(ConsentMissingDetectorTest, FiresWhenNoConsentExists) {
  const auto findings = Run(SmsToDk());
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "consent.missing");
  EXPECT_EQ(f.rule_version, "2");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.reason,
            "No consent covers this sms message for marketing.communications.sms from tenant "
            "acme at 2026-03-01T10:00:00Z; marketing by electronic mail (email, SMS, MMS, "
            "automated calls and voicemail, in-app and social direct messages; WhatsApp treated "
            "the same) needs prior consent, or soft opt-in for the sender's own similar products "
            "in DK (ePrivacy Directive 2002/58/EC art. 13(1)-(2)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "EU");
  EXPECT_EQ(std::string_view(doc["clause"]["source"]),
            "ePrivacy Directive 2002/58/EC art. 13(1)-(2)");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "law");
  EXPECT_EQ(std::string_view(doc["missing_because"]), "none");
  EXPECT_TRUE(doc["not_a_consent_basis"].is_null());
  EXPECT_EQ(std::string_view(doc["purpose"]), kSms);
  EXPECT_EQ(std::string_view(doc["channel"]), "sms");
  EXPECT_EQ(std::string_view(doc["jurisdiction_chain"].at(1)), "EU");
  EXPECT_TRUE(doc["latest_covering_decision"].is_null());
  EXPECT_EQ(int64_t(doc["decisions_considered"]), 0);
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(ConsentMissingDetectorTest, QuietWhenAGrantCovers) {
  state_.AddConsent(Grant("c-1", before_, {Channel::kSms}, {kSms}));
  EXPECT_TRUE(Run(SmsToDk()).empty());
}

TEST_F(ConsentMissingDetectorTest, QuietWhenThePurposeNeedsNoConsent) {
  EXPECT_TRUE(
      Run(Message(Channel::kSms, "essential.service.transactional", "DK", sent_)).empty());
  EXPECT_TRUE(Run(Message(Channel::kEmail, "essential.service.account", "", sent_)).empty());
  EXPECT_TRUE(
      Run(Message(Channel::kEmail, "marketing.communications.email", "US-FL", sent_)).empty());
  // A marketing letter in the EU is outside ePrivacy art. 13; in-app marketing in the US needs
  // no consent either.
  EXPECT_TRUE(Run(Message(Channel::kLetter, "marketing.advertising", "DK", sent_)).empty());
  EXPECT_TRUE(Run(Message(Channel::kInApp, "marketing.advertising", "US", sent_)).empty());
  // The same email in the EU needs consent; an SMS in the US does too (TCPA).
  EXPECT_EQ(Run(Message(Channel::kEmail, "marketing.communications.email", "DE", sent_)).size(),
            1u);
  EXPECT_EQ(Run(Message(Channel::kSms, kSms, "US-FL", sent_)).size(), 1u);
}

TEST_F(ConsentMissingDetectorTest, GrantForParentPurposeCoversChild) {
  state_.AddConsent(Grant("c-1", before_, {Channel::kSms}, {"marketing"}));
  EXPECT_TRUE(Run(SmsToDk()).empty());
}

TEST_F(ConsentMissingDetectorTest, GrantForSiblingOrChildPurposeDoesNotCover) {
  state_.AddConsent(Grant("c-1", before_, {Channel::kSms}, {"marketing.communications.email"}));
  EXPECT_EQ(Run(SmsToDk()).size(), 1u);
  EXPECT_EQ(Run(Message(Channel::kSms, "marketing.communications", "DK", sent_)).size(), 1u);
}

TEST_F(ConsentMissingDetectorTest, GrantForOtherTenantDoesNotCover) {
  ConsentEvent other = Grant("c-1", before_, {Channel::kSms}, {"marketing"});
  other.tenant = TenantId("globex");
  state_.AddConsent(other);
  const auto findings = Run(SmsToDk());
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  EXPECT_EQ(int64_t(ParseJson(parser, findings[0].evidence_json)["decisions_considered"]), 0);
}

TEST_F(ConsentMissingDetectorTest, GrantForOtherChannelDoesNotCover) {
  state_.AddConsent(Grant("c-1", before_, {Channel::kEmail, Channel::kPush}, {"marketing"}));
  EXPECT_EQ(Run(SmsToDk()).size(), 1u);
}

TEST_F(ConsentMissingDetectorTest, AllChannelsGrantCovers) {
  state_.AddConsent(AllChannels(Grant("c-1", before_, {}, {"marketing"})));
  EXPECT_TRUE(Run(SmsToDk()).empty());
}

TEST_F(ConsentMissingDetectorTest, GrantRecordedAfterSentAtDoesNotCount) {
  state_.AddConsent(Grant("c-1", sent_ + Duration(1), {Channel::kSms}, {kSms}));
  EXPECT_EQ(Run(SmsToDk()).size(), 1u);
  // Recorded exactly at sent_at counts.
  state_.AddConsent(Grant("c-0", sent_, {Channel::kSms}, {kSms}));
  EXPECT_TRUE(Run(SmsToDk()).empty());
}

TEST_F(ConsentMissingDetectorTest, SameVerdictWhateverTheArrivalOrder) {
  ConsentEvent ebr = Grant("c-1", before_, {Channel::kSms}, {"marketing"});
  ebr.legal_basis = LegalBasis::kExistingRelationship;
  ConsentEvent other_tenant = Grant("c-3", before_ + Days(2), {Channel::kSms}, {kSms});
  other_tenant.tenant = TenantId("globex");
  std::vector<ConsentEvent> decisions = {
      ebr,
      Withdraw("c-2", before_ + Days(1), {Channel::kEmail}, {"marketing"}),  // other channel
      other_tenant,
      Grant("c-4", sent_ + Days(1), {Channel::kSms}, {kSms}),  // after the message
  };
  const auto by_id = [](const auto& a, const auto& b) { return a.event_id < b.event_id; };
  std::sort(decisions.begin(), decisions.end(), by_id);
  int permutations = 0;
  do {
    FakeState state;
    for (const auto& d : decisions) state.AddConsent(d);
    std::vector<Finding> findings;
    detector_.Evaluate(Message(Channel::kSms, kSms, "US", sent_), state, findings);
    ASSERT_EQ(findings.size(), 1u);
    simdjson::dom::parser parser;
    const auto doc = ParseJson(parser, findings[0].evidence_json);
    EXPECT_EQ(std::string_view(doc["missing_because"]), "not_a_consent_basis");
    EXPECT_EQ(std::string_view(doc["latest_covering_decision"]["event_id"]), "c-1");
    ++permutations;
  } while (std::next_permutation(decisions.begin(), decisions.end(), by_id));
  EXPECT_EQ(permutations, 24);
}

TEST_F(ConsentMissingDetectorTest, ExistingBusinessRelationshipIsNotConsentForUsTexts) {
  ConsentEvent ebr = Grant("c-1", before_, {Channel::kSms, Channel::kVoice}, {"marketing"});
  ebr.legal_basis = LegalBasis::kExistingRelationship;
  ebr.relationship_kind = RelationshipKind::kPurchase;
  state_.AddConsent(ebr);
  const auto findings = Run(Message(Channel::kSms, kSms, "US", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].reason,
            "No valid consent covers this sms message for marketing.communications.sms from "
            "tenant acme at 2026-03-01T10:00:00Z: the grant of 2026-02-01T09:00:00Z rests on "
            "existing_relationship, and an existing business relationship is never consent for "
            "marketing texts or autodialed calls; it only lets live voice calls through "
            "do-not-call suppression (47 CFR 64.1200(f)(5)); autodialed, prerecorded or "
            "artificial-voice marketing calls and texts need prior express written consent in "
            "US (47 CFR 64.1200(a)(2)-(3) (TCPA)).");
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["missing_because"]), "not_a_consent_basis");
  EXPECT_EQ(std::string_view(doc["not_a_consent_basis"]["legal_basis"]), "existing_relationship");
  EXPECT_EQ(std::string_view(doc["not_a_consent_basis"]["clause"]["source"]),
            "47 CFR 64.1200(f)(5)");
  EXPECT_EQ(std::string_view(doc["not_a_consent_basis"]["clause_kind"]), "law");
  EXPECT_EQ(std::string_view(doc["latest_covering_decision"]["legal_basis"]),
            "existing_relationship");
  // Autodialed calls likewise; in the EU the same grant is no consent either (ePrivacy art.
  // 13(1)-(2): consent or soft opt-in only); in Canada it is implied consent (CASL s. 10(9)).
  EXPECT_EQ(Run(Message(Channel::kVoice, "marketing.communications.voice", "US", sent_)).size(),
            1u);
  const auto eu = Run(SmsToDk());
  ASSERT_EQ(eu.size(), 1u);
  EXPECT_EQ(std::string_view(ParseJson(parser, eu[0].evidence_json)["not_a_consent_basis"]
                                                                    ["clause"]["source"]),
            "ePrivacy Directive 2002/58/EC art. 13(1)-(2)");
  EXPECT_TRUE(Run(Message(Channel::kSms, kSms, "CA", sent_)).empty());
}

TEST_F(ConsentMissingDetectorTest, ExpiryIsLeftToConsentExpired) {
  ConsentEvent grant = Grant("c-1", before_, {Channel::kSms}, {kSms});
  grant.expires_at = sent_;
  state_.AddConsent(grant);
  EXPECT_TRUE(Run(SmsToDk()).empty());
  FakeState expired;
  expired.AddConsent(Grant("c-1", before_, {Channel::kSms}, {kSms}));
  expired.AddConsent(
      Decision("c-2", ConsentAction::kExpire, before_ + Days(1), {Channel::kSms}, {"marketing"}));
  std::vector<Finding> findings;
  detector_.Evaluate(SmsToDk(), expired, findings);
  EXPECT_TRUE(findings.empty());
}

TEST_F(ConsentMissingDetectorTest, UnnamedThirdPartyIsLeftToItsDetector) {
  ConsentEvent g = Grant("c-1", before_, {Channel::kSms}, {kSms});
  g.source = "third_party:leadco";
  state_.AddConsent(g);
  EXPECT_TRUE(Run(SmsToDk()).empty());
}

TEST_F(ConsentMissingDetectorTest, AiVoiceCallQuotesTheAiVoiceClause) {
  OutboundEvent call = Message(Channel::kVoice, "marketing.communications.voice", "US", sent_);
  call.content.ai_generated = true;
  const auto findings = Run(call);
  ASSERT_EQ(findings.size(), 1u);
  const std::string& source = policies_.For("US").ai_voice_consent_clause.clause.source;
  ASSERT_FALSE(source.empty());
  EXPECT_THAT(findings[0].reason, HasSubstr("(" + source + ")."));
}

TEST_F(ConsentMissingDetectorTest, WithdrawalOrObjectionIsLeftToConsentWithdrawn) {
  state_.AddConsent(Grant("c-1", before_, {Channel::kSms}, {kSms}));
  state_.AddConsent(Withdraw("c-2", before_ + Days(1), {Channel::kSms}, {kSms}));
  EXPECT_TRUE(Run(SmsToDk()).empty());
  FakeState objected;
  objected.AddConsent(
      Decision("o-1", ConsentAction::kObject, before_, {Channel::kSms}, {"marketing"}));
  std::vector<Finding> findings;
  detector_.Evaluate(SmsToDk(), objected, findings);
  EXPECT_TRUE(findings.empty());
}

TEST_F(ConsentMissingDetectorTest, ObjectionNeverBlocksNonMarketingPurposes) {
  const OutboundEvent survey = Message(Channel::kEmail, "research.surveys", "DK", sent_);
  state_.AddConsent(Grant("c-1", before_, {Channel::kEmail}, {"research"}));
  state_.AddConsent(Decision("o-1", ConsentAction::kObject, before_ + Days(1), {Channel::kEmail},
                             {"research", "marketing"}));
  EXPECT_TRUE(Run(survey).empty());  // the grant still stands for research
}

TEST_F(ConsentMissingDetectorTest, ReGrantAfterWithdrawalCovers) {
  state_.AddConsent(Grant("c-1", before_, {Channel::kSms}, {kSms}));
  state_.AddConsent(Withdraw("c-2", before_ + Days(1), {Channel::kSms}, {kSms}));
  state_.AddConsent(Grant("c-3", before_ + Days(2), {Channel::kSms}, {kSms}));
  EXPECT_TRUE(Run(SmsToDk()).empty());
}

TEST_F(ConsentMissingDetectorTest, NonMarketingPurposeCitesTheTaxonomy) {
  const auto findings = Run(Message(Channel::kEmail, "research.surveys", "US", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("messages for research.surveys need prior consent in US"));
}

TEST_F(ConsentMissingDetectorTest, UnknownPurposeNeedsConsent) {
  // A purpose missing from the taxonomy needs consent, whatever the channel rule says.
  EXPECT_EQ(Run(Message(Channel::kEmail, "promotions.fax_blast", "US", sent_)).size(), 1u);
  // Under marketing, the channel rule still applies: US email is an opt-out regime.
  EXPECT_EQ(Run(Message(Channel::kSms, "marketing.fax_blast", "US", sent_)).size(), 1u);
  EXPECT_TRUE(Run(Message(Channel::kEmail, "marketing.fax_blast", "US", sent_)).empty());
}

TEST_F(ConsentMissingDetectorTest, NoJurisdictionUsesTheDefaultPolicy) {
  const auto findings = Run(Message(Channel::kPush, "marketing.communications.push", "", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("in the default policy (no jurisdiction given) (consentry policy "
                        "(default))."));
  simdjson::dom::parser parser;
  EXPECT_EQ(std::string_view(ParseJson(parser, findings[0].evidence_json)["policy"]), "default");
}

TEST_F(ConsentMissingDetectorTest, ControlCharactersFromInputAreEscapedInTheReason) {
  OutboundEvent m = SmsToDk();
  m.tenant = TenantId("acme\nINJECTED\u202E");
  const auto findings = Run(m);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("tenant acme\\u000aINJECTED\\u202e at"));
}

TEST_F(ConsentMissingDetectorTest, FactoryRejectsUnknownParamsAndHonoursSeverity) {
  const DetectorEnv env{taxonomy_, policies_};
  EXPECT_EQ(ConsentMissingDetector::Create({{"window", "1d"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = ConsentMissingDetector::Create({{"severity", "critical"}}, env);
  ASSERT_TRUE(detector.ok()) << detector.status().ToString();
  std::vector<Finding> findings;
  (*detector)->Evaluate(SmsToDk(), state_, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kCritical);
}

}  // namespace
}  // namespace consentry
