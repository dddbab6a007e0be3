#include "detectors/purpose_mismatch/purpose_mismatch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "detectors/testing/campaigns.h"
#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::CampaignMessage;
using testing::Days;
using testing::Declaration;
using testing::FakeState;
using testing::ParseJson;
using testing::T;
using testing::WithChannels;

using testing::kEmail;

class PurposeMismatchDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state_, findings);
    return findings;
  }
  OutboundEvent EmailToDk(std::string purpose, Timestamp sent) const {
    return CampaignMessage(Channel::kEmail, std::move(purpose), "DK", sent);
  }

  PolicySet policies_ = PolicySet::Default();
  PurposeMismatchDetector detector_{policies_};
  FakeState state_;
  Timestamp from_ = T("2026-01-01T00:00:00Z");
  Timestamp sent_ = T("2026-03-01T10:00:00Z");
};

TEST_F(PurposeMismatchDetectorTest, FiresWhenThePurposeIsNotDeclared) {
  state_.AddCampaign(WithChannels(Declaration({kEmail}, from_), {Channel::kEmail}));
  const auto findings = Run(EmailToDk("marketing.advertising", sent_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "purpose.mismatch");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.reason,
            "Campaign spring-sale sent this email message for marketing.advertising at "
            "2026-03-01T10:00:00Z, which its declaration in force then does not cover (purpose "
            "marketing.advertising not declared); a campaign's messages stay within the "
            "purposes and channels it declared (consentry policy (campaign declarations), in "
            "support of GDPR art. 5(1)(b) (purpose limitation)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "EU");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
  EXPECT_EQ(std::string_view(doc["campaign_id"]), "spring-sale");
  EXPECT_EQ(std::string_view(doc["purpose"]), "marketing.advertising");
  EXPECT_EQ(std::string_view(doc["declaration"]["valid_from"]), "2026-01-01T00:00:00Z");
  EXPECT_TRUE(doc["declaration"]["valid_to"].is_null());
  EXPECT_EQ(std::string_view(doc["declaration"]["declared_purposes"].at(0)), kEmail);
  EXPECT_EQ(std::string_view(doc["declaration"]["channels"].at(0)), "email");
  EXPECT_FALSE(bool(doc["purpose_declared"]));
  EXPECT_TRUE(bool(doc["channel_declared"]));
  EXPECT_EQ(std::string_view(doc["mismatched"].at(0)), "purpose");
  EXPECT_EQ(doc["mismatched"].get_array().size(), 1u);
  EXPECT_EQ(int64_t(doc["versions_known"]), 1);
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(PurposeMismatchDetectorTest, QuietWhenPurposeAndChannelAreDeclared) {
  state_.AddCampaign(WithChannels(Declaration({kEmail}, from_), {Channel::kEmail}));
  EXPECT_TRUE(Run(EmailToDk(kEmail, sent_)).empty());
}

TEST_F(PurposeMismatchDetectorTest, DeclaredParentPurposeCoversChild) {
  state_.AddCampaign(Declaration({"marketing"}, from_));
  EXPECT_TRUE(Run(EmailToDk(kEmail, sent_)).empty());
  EXPECT_TRUE(Run(EmailToDk("marketing.advertising", sent_)).empty());
}

TEST_F(PurposeMismatchDetectorTest, DeclaredChildDoesNotCoverParentOrSibling) {
  state_.AddCampaign(Declaration({"marketing.communications"}, from_));
  EXPECT_EQ(Run(EmailToDk("marketing", sent_)).size(), 1u);
  EXPECT_EQ(Run(EmailToDk("marketing.advertising", sent_)).size(), 1u);
  EXPECT_EQ(Run(EmailToDk("marketing.communicationsx", sent_)).size(), 1u);
  EXPECT_TRUE(Run(EmailToDk(kEmail, sent_)).empty());
}

TEST_F(PurposeMismatchDetectorTest, TransactionalMessageUnderAMarketingCampaignFires) {
  state_.AddCampaign(Declaration({"marketing"}, from_));
  EXPECT_EQ(Run(EmailToDk("essential.service.transactional", sent_)).size(), 1u);
}

TEST_F(PurposeMismatchDetectorTest, FiresWhenTheChannelIsNotDeclared) {
  state_.AddCampaign(WithChannels(Declaration({"marketing"}, from_), {Channel::kEmail}));
  const auto findings =
      Run(CampaignMessage(Channel::kSms, "marketing.communications.sms", "DK", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("(channel sms not declared);"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_TRUE(bool(doc["purpose_declared"]));
  EXPECT_FALSE(bool(doc["channel_declared"]));
  EXPECT_EQ(std::string_view(doc["mismatched"].at(0)), "channel");
}

TEST_F(PurposeMismatchDetectorTest, AbsentOrStarChannelsMeanAnyChannel) {
  state_.AddCampaign(Declaration({"marketing"}, from_));  // no channels
  EXPECT_TRUE(Run(CampaignMessage(Channel::kVoice, "marketing", "DK", sent_)).empty());
  FakeState star;
  CampaignDeclaration d = Declaration({"marketing"}, from_);
  d.channels = ChannelSet{.all = true, .channels = {}};
  star.AddCampaign(d);
  std::vector<Finding> findings;
  detector_.Evaluate(CampaignMessage(Channel::kPush, "marketing", "DK", sent_), star, findings);
  EXPECT_TRUE(findings.empty());
}

TEST_F(PurposeMismatchDetectorTest, PurposeAndChannelBothMissGiveOneFinding) {
  state_.AddCampaign(WithChannels(Declaration({kEmail}, from_), {Channel::kEmail}));
  const auto findings = Run(CampaignMessage(Channel::kSms, "research.surveys", "DK", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("(purpose research.surveys not declared and channel sms not declared)"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(doc["mismatched"].get_array().size(), 2u);
}

TEST_F(PurposeMismatchDetectorTest, DeclarationUpdatedMidStreamAppliesAtEventTime) {
  // Version 1 declares email marketing from January; version 2 switches to SMS from March 1.
  const Timestamp switched = T("2026-03-01T00:00:00Z");
  const CampaignDeclaration v1 = WithChannels(Declaration({kEmail}, from_), {Channel::kEmail});
  const CampaignDeclaration v2 = WithChannels(
      Declaration({"marketing.communications.sms"}, switched), {Channel::kSms});
  for (const bool v2_first : {false, true}) {  // arrival order does not matter
    FakeState state;
    state.AddCampaign(v2_first ? v2 : v1);
    state.AddCampaign(v2_first ? v1 : v2);
    const auto judge = [&](const OutboundEvent& m) {
      std::vector<Finding> findings;
      detector_.Evaluate(m, state, findings);
      return findings;
    };
    const Timestamp before = switched - Duration(1);
    EXPECT_TRUE(judge(EmailToDk(kEmail, before)).empty());
    EXPECT_EQ(judge(CampaignMessage(Channel::kSms, "marketing.communications.sms", "DK", before))
                  .size(),
              1u);
    EXPECT_EQ(judge(EmailToDk(kEmail, switched)).size(), 1u);
    EXPECT_TRUE(
        judge(CampaignMessage(Channel::kSms, "marketing.communications.sms", "DK", switched))
            .empty());
    const auto late = judge(EmailToDk(kEmail, switched + Days(1)));
    ASSERT_EQ(late.size(), 1u);
    simdjson::dom::parser parser;
    const auto doc = ParseJson(parser, late[0].evidence_json);
    EXPECT_EQ(std::string_view(doc["declaration"]["valid_from"]), "2026-03-01T00:00:00Z");
    EXPECT_EQ(int64_t(doc["versions_known"]), 2);
  }
}

TEST_F(PurposeMismatchDetectorTest, ValidToIsExclusive) {
  const Timestamp to = T("2026-03-01T00:00:00Z");
  state_.AddCampaign(Declaration({"marketing"}, from_, to));
  state_.AddCampaign(Declaration({"research"}, to));
  EXPECT_TRUE(Run(EmailToDk(kEmail, to - Duration(1))).empty());  // the first still holds
  EXPECT_EQ(Run(EmailToDk(kEmail, to)).size(), 1u);               // the second from `to`
}

TEST_F(PurposeMismatchDetectorTest, NoDeclarationInForceIsLeftToPurposeUndeclared) {
  // No campaign id, an unknown campaign, a declaration not yet valid, one expired.
  EXPECT_TRUE(Run(testing::Message(Channel::kEmail, "research.surveys", "DK", sent_)).empty());
  EXPECT_TRUE(Run(EmailToDk("research.surveys", sent_)).empty());
  state_.AddCampaign(Declaration({kEmail}, sent_ + Duration(1)));
  EXPECT_TRUE(Run(EmailToDk("research.surveys", sent_)).empty());
  state_.AddCampaign(Declaration({kEmail}, from_, sent_));
  EXPECT_TRUE(Run(EmailToDk("research.surveys", sent_)).empty());
}

TEST_F(PurposeMismatchDetectorTest, AnotherTenantsDeclarationIsLeftToPurposeUndeclared) {
  CampaignDeclaration d = Declaration({kEmail}, from_);
  d.tenant = TenantId("globex");
  state_.AddCampaign(d);
  EXPECT_TRUE(Run(EmailToDk("research.surveys", sent_)).empty());
}

TEST_F(PurposeMismatchDetectorTest, ReadsOnlyTheCampaignNotConsent) {
  EXPECT_EQ(detector_.Needs(), StateNeed::kCampaign);
  // A declared purpose with no consent at all: consent.missing's finding, not this one.
  state_.AddCampaign(Declaration({kEmail}, from_));
  EXPECT_TRUE(Run(EmailToDk(kEmail, sent_)).empty());
}

TEST_F(PurposeMismatchDetectorTest, OutsideTheEuTheClauseIsConsentryPolicyOnly) {
  state_.AddCampaign(Declaration({kEmail}, from_));
  const auto findings =
      Run(CampaignMessage(Channel::kEmail, "marketing.advertising", "US-FL", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("(consentry policy (campaign declarations))."));
  EXPECT_THAT(findings[0].reason, Not(HasSubstr("GDPR")));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  // US-FL is a copy of US with Florida's quiet hours (default_policies.h).
  EXPECT_EQ(std::string_view(doc["policy"]), "US-FL");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
}

TEST_F(PurposeMismatchDetectorTest, ControlCharactersFromInputAreEscapedInTheReason) {
  CampaignDeclaration d = Declaration({kEmail}, from_);
  d.campaign_id = CampaignId("spring\nsale");
  state_.AddCampaign(d);
  OutboundEvent m = EmailToDk("marketing.x\tads", sent_);
  m.campaign_id = CampaignId("spring\nsale");
  const auto findings = Run(m);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("Campaign spring\\u000asale sent"));
  EXPECT_THAT(findings[0].reason, HasSubstr("(purpose marketing.x\\u0009ads not declared)"));
}

TEST_F(PurposeMismatchDetectorTest, FactoryRejectsUnknownParamsAndHonoursSeverity) {
  const Taxonomy taxonomy = Taxonomy::Default();
  const DetectorEnv env{taxonomy, policies_};
  EXPECT_EQ(PurposeMismatchDetector::Create({{"strict", "true"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(PurposeMismatchDetector::Create({{"severity", "urgent"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = PurposeMismatchDetector::Create({{"severity", "medium"}}, env);
  ASSERT_TRUE(detector.ok()) << detector.status().ToString();
  state_.AddCampaign(Declaration({kEmail}, from_));
  std::vector<Finding> findings;
  (*detector)->Evaluate(EmailToDk("marketing.advertising", sent_), state_, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kMedium);
}

}  // namespace
}  // namespace consentry
