#include "detectors/unsubscribe_missing/unsubscribe_missing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::FakeState;
using testing::Message;
using testing::ParseJson;
using testing::T;

using testing::kEmail;

class UnsubscribeMissingDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state_, findings);
    return findings;
  }
  OutboundEvent Email(std::string jurisdiction, std::optional<bool> has_unsubscribe = false,
                      std::string purpose = kEmail) const {
    OutboundEvent m = Message(Channel::kEmail, std::move(purpose), std::move(jurisdiction), sent_);
    m.content.has_unsubscribe = has_unsubscribe;
    m.content.template_id = "tpl-42";
    return m;
  }
  std::string Source(const Finding& f) const {
    simdjson::dom::parser parser;
    const auto doc = ParseJson(parser, f.evidence_json);
    EXPECT_EQ(std::string_view(doc["clause_kind"]), "law");
    return std::string(std::string_view(doc["clause"]["source"]));
  }

  PolicySet policies_ = PolicySet::Default();
  UnsubscribeMissingDetector detector_{policies_};
  FakeState state_;
  Timestamp sent_ = T("2026-03-01T10:00:00Z");
};

TEST_F(UnsubscribeMissingDetectorTest, UsMarketingEmailWithoutUnsubscribeBreaksCanSpam) {
  const auto findings = Run(Email("US-FL"));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "unsubscribe.missing");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.reason,
            "This marketing email for marketing.communications.email from tenant acme at "
            "2026-03-01T10:00:00Z has no unsubscribe mechanism; every commercial email carries a "
            "working opt-out mechanism (CAN-SPAM 15 U.S.C. 7704(a)(3)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  // US-FL is a copy of US with Florida's quiet hours (default_policies.h).
  EXPECT_EQ(std::string_view(doc["policy"]), "US-FL");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "law");
  EXPECT_FALSE(bool(doc["has_unsubscribe"]));
  EXPECT_EQ(std::string_view(doc["template_id"]), "tpl-42");
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(UnsubscribeMissingDetectorTest, EuCitesEPrivacyArticle13) {
  const auto findings = Run(Email("DK"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(Source(findings[0]), "ePrivacy Directive 2002/58/EC art. 13(2), (4)");
}

TEST_F(UnsubscribeMissingDetectorTest, CanadaCitesCasl) {
  const auto findings = Run(Email("CA"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(Source(findings[0]), "CASL s. 11");
}

TEST_F(UnsubscribeMissingDetectorTest, WithoutJurisdictionTheClauseIsConsentryPolicy) {
  const auto findings = Run(Email(""));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "default");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
}

TEST_F(UnsubscribeMissingDetectorTest, AbsentFlagIsUnknownNotMissing) {
  EXPECT_TRUE(Run(Email("US", std::nullopt)).empty());
}

TEST_F(UnsubscribeMissingDetectorTest, QuietWithAnUnsubscribe) {
  EXPECT_TRUE(Run(Email("US", true)).empty());
}

TEST_F(UnsubscribeMissingDetectorTest, OnlyMarketingPurposesAreJudged) {
  EXPECT_TRUE(Run(Email("US", false, "essential.service.transactional")).empty());
  EXPECT_TRUE(Run(Email("US", false, "research.surveys")).empty());
  EXPECT_EQ(Run(Email("US", false, "marketing")).size(), 1u);
  EXPECT_EQ(Run(Email("US", false, "marketing.advertising")).size(), 1u);
}

TEST_F(UnsubscribeMissingDetectorTest, OnlyEmailIsJudged) {
  for (const Channel c : {Channel::kSms, Channel::kPush, Channel::kLetter, Channel::kWhatsapp}) {
    OutboundEvent m = Email("US");
    m.channel = c;
    EXPECT_TRUE(Run(m).empty()) << Name(c);
  }
}

TEST_F(UnsubscribeMissingDetectorTest, FactoryRejectsUnknownParamsAndHonoursSeverity) {
  const Taxonomy taxonomy = Taxonomy::Default();
  const DetectorEnv env{taxonomy, policies_};
  EXPECT_EQ(UnsubscribeMissingDetector::Create({{"channels", "email"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = UnsubscribeMissingDetector::Create({{"severity", "high"}}, env);
  ASSERT_TRUE(detector.ok()) << detector.status().ToString();
  EXPECT_EQ((*detector)->Needs(), StateNeed::kNone);
  std::vector<Finding> findings;
  (*detector)->Evaluate(Email("US"), state_, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kHigh);
}

}  // namespace
}  // namespace consentry
