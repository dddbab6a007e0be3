#include "detectors/purpose_undeclared/purpose_undeclared.h"

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
using testing::Message;
using testing::ParseJson;
using testing::T;

using testing::kEmail;

class PurposeUndeclaredDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const { return Run(detector_, m); }
  std::vector<Finding> Run(const Detector& detector, const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector.Evaluate(m, state_, findings);
    return findings;
  }
  OutboundEvent EmailToDe(Timestamp sent) const {
    return CampaignMessage(Channel::kEmail, kEmail, "DE", sent);
  }
  std::string Because(const Finding& f) const {
    simdjson::dom::parser parser;
    return std::string(std::string_view(ParseJson(parser, f.evidence_json)["because"]));
  }

  PolicySet policies_ = PolicySet::Default();
  PurposeUndeclaredDetector detector_{policies_};
  FakeState state_;
  Timestamp from_ = T("2026-01-01T00:00:00Z");
  Timestamp to_ = T("2026-03-01T00:00:00Z");
  Timestamp sent_ = T("2026-02-10T12:00:00Z");
};

TEST_F(PurposeUndeclaredDetectorTest, FiresWhenTheCampaignWasNeverDeclared) {
  const auto findings = Run(EmailToDe(sent_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "purpose.undeclared");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.reason,
            "Campaign spring-sale sent this email message for marketing.communications.email at "
            "2026-02-10T12:00:00Z, but the campaign was never declared; messages go out only "
            "under a campaign declaration in force when they are sent (consentry policy "
            "(campaign declarations), in support of GDPR art. 5(1)(b) (purpose limitation)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["because"]), "never_declared");
  EXPECT_EQ(std::string_view(doc["policy"]), "EU");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
  EXPECT_EQ(std::string_view(doc["campaign_id"]), "spring-sale");
  EXPECT_TRUE(doc["declaration_in_force"].is_null());
  EXPECT_TRUE(doc["last_valid_to"].is_null());
  EXPECT_TRUE(doc["next_valid_from"].is_null());
  EXPECT_EQ(int64_t(doc["versions_known"]), 0);
  EXPECT_EQ(doc["versions"].get_array().size(), 0u);
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(PurposeUndeclaredDetectorTest, QuietWhileADeclarationIsInForce) {
  state_.AddCampaign(Declaration({"research"}, from_, to_));  // purpose.mismatch's business
  EXPECT_TRUE(Run(EmailToDe(sent_)).empty());
  FakeState open;
  open.AddCampaign(Declaration({kEmail}));  // no dates: always in force
  std::vector<Finding> findings;
  detector_.Evaluate(EmailToDe(sent_), open, findings);
  EXPECT_TRUE(findings.empty());
}

TEST_F(PurposeUndeclaredDetectorTest, NotYetValidUntilValidFrom) {
  state_.AddCampaign(Declaration({kEmail}, from_, to_));
  const auto findings = Run(EmailToDe(from_ - Duration(1)));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr(", but its declaration is valid only from 2026-01-01T00:00:00Z;"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["because"]), "not_yet_valid");
  EXPECT_EQ(std::string_view(doc["next_valid_from"]), "2026-01-01T00:00:00Z");
  EXPECT_EQ(std::string_view(doc["versions"].at(0)["valid_to"]), "2026-03-01T00:00:00Z");
  EXPECT_EQ(int64_t(doc["versions_known"]), 1);
  EXPECT_TRUE(Run(EmailToDe(from_)).empty());  // valid_from is inclusive
}

TEST_F(PurposeUndeclaredDetectorTest, ExpiredFromValidToWhichIsExclusive) {
  state_.AddCampaign(Declaration({kEmail}, from_, to_));
  EXPECT_TRUE(Run(EmailToDe(to_ - Duration(1))).empty());
  const auto findings = Run(EmailToDe(to_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr(", but its declaration expired on "
                                            "2026-03-01T00:00:00Z;"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["because"]), "expired");
  EXPECT_EQ(std::string_view(doc["last_valid_to"]), "2026-03-01T00:00:00Z");
  EXPECT_TRUE(doc["next_valid_from"].is_null());
}

TEST_F(PurposeUndeclaredDetectorTest, DeclarationUpdatedMidStreamAppliesAtEventTime) {
  // Version 1 runs [Jan 1, Mar 1); version 2 is declared later and starts Mar 15. A message in
  // the gap fires; messages inside either version do not, whatever order the versions arrived.
  const Timestamp restart = T("2026-03-15T00:00:00Z");
  state_.AddCampaign(Declaration({kEmail}, restart));
  state_.AddCampaign(Declaration({kEmail}, from_, to_));
  EXPECT_TRUE(Run(EmailToDe(sent_)).empty());
  EXPECT_TRUE(Run(EmailToDe(restart)).empty());
  const auto findings = Run(EmailToDe(to_ + Days(1)));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("expired on 2026-03-01T00:00:00Z and the next is valid only from "
                        "2026-03-15T00:00:00Z;"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["because"]), "expired");
  EXPECT_EQ(std::string_view(doc["next_valid_from"]), "2026-03-15T00:00:00Z");
  EXPECT_EQ(int64_t(doc["versions_known"]), 2);
}

TEST_F(PurposeUndeclaredDetectorTest, AnotherTenantsDeclarationDoesNotCount) {
  CampaignDeclaration d = Declaration({kEmail}, from_);
  d.tenant = TenantId("globex");
  state_.AddCampaign(d);
  const auto findings = Run(EmailToDe(sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr(", but the declaration in force then belongs to tenant globex;"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["because"]), "other_tenant");
  EXPECT_EQ(std::string_view(doc["declaration_in_force"]["tenant"]), "globex");
}

TEST_F(PurposeUndeclaredDetectorTest, MessagesWithoutCampaignAreNotJudgedByDefault) {
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "DE", sent_)).empty());
}

TEST_F(PurposeUndeclaredDetectorTest, RequireCampaignFlagsMarketingWithoutOne) {
  const Taxonomy taxonomy = Taxonomy::Default();
  auto strict = PurposeUndeclaredDetector::Create({{"require_campaign", "true"}},
                                                  DetectorEnv{taxonomy, policies_});
  ASSERT_TRUE(strict.ok()) << strict.status().ToString();
  const auto findings = Run(**strict, Message(Channel::kSms, "marketing.communications.sms",
                                              "US", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].reason,
            "This sms marketing message for marketing.communications.sms from tenant acme at "
            "2026-02-10T12:00:00Z names no campaign, so no declaration covers it; messages go "
            "out only under a campaign declaration in force when they are sent (consentry "
            "policy (campaign declarations)).");
  EXPECT_EQ(Because(findings[0]), "no_campaign_id");
  simdjson::dom::parser parser;
  EXPECT_TRUE(ParseJson(parser, findings[0].evidence_json)["campaign_id"].is_null());
  // Transactional and other non-marketing messages need no campaign.
  EXPECT_TRUE(Run(**strict, Message(Channel::kEmail, "essential.service.transactional", "US",
                                    sent_))
                  .empty());
  EXPECT_TRUE(Run(**strict, Message(Channel::kEmail, "research.surveys", "US", sent_)).empty());
}

TEST_F(PurposeUndeclaredDetectorTest, EvidenceKeepsTheLastTenVersions) {
  for (int i = 0; i < 12; ++i) {
    state_.AddCampaign(Declaration({kEmail}, from_ + Days(i), from_ + Days(i) + Duration(1)));
  }
  const auto findings = Run(EmailToDe(from_ + Days(20)));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(int64_t(doc["versions_known"]), 12);
  EXPECT_EQ(doc["versions"].get_array().size(), 10u);
  EXPECT_EQ(std::string_view(doc["versions"].at(0)["valid_from"]), "2026-01-03T00:00:00Z");
  EXPECT_EQ(std::string_view(doc["last_valid_to"]), "2026-01-12T00:00:00.000001Z");
}

TEST_F(PurposeUndeclaredDetectorTest, VerdictsSurviveARestart) {
  // The versions as stored and read back (column family `campaigns`) give the same verdicts.
  CampaignHistory stored;
  ASSERT_TRUE(stored.Add(Declaration({kEmail}, from_, to_)));
  ASSERT_TRUE(stored.Add(Declaration({kEmail}, T("2026-03-15T00:00:00Z"))));
  auto restored = CampaignHistory::Decode(stored.Encode());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  for (const CampaignDeclaration& v : restored->versions()) state_.AddCampaign(v);
  EXPECT_TRUE(Run(EmailToDe(sent_)).empty());
  const auto findings = Run(EmailToDe(to_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(Because(findings[0]), "expired");
}

TEST_F(PurposeUndeclaredDetectorTest, FactoryValidatesParams) {
  const Taxonomy taxonomy = Taxonomy::Default();
  const DetectorEnv env{taxonomy, policies_};
  EXPECT_EQ(PurposeUndeclaredDetector::Create({{"require_campaign", "yes"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(PurposeUndeclaredDetector::Create({{"campaign", "true"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = PurposeUndeclaredDetector::Create(
      {{"severity", "high"}, {"require_campaign", "false"}}, env);
  ASSERT_TRUE(detector.ok()) << detector.status().ToString();
  EXPECT_EQ((*detector)->Needs(), StateNeed::kCampaign);
  EXPECT_TRUE(Run(**detector, Message(Channel::kEmail, kEmail, "DE", sent_)).empty());
  const auto findings = Run(**detector, EmailToDe(sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kHigh);
}

}  // namespace
}  // namespace consentry
