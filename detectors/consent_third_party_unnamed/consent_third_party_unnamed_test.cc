#include "detectors/consent_third_party_unnamed/consent_third_party_unnamed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using testing::Days;
using testing::FakeState;
using testing::Grant;
using testing::Message;
using testing::ParseJson;
using testing::T;

using testing::kEmail;

class ConsentThirdPartyUnnamedDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state_, findings);
    return findings;
  }
  ConsentEvent Bought(std::vector<std::string> named) const {
    ConsentEvent g = Grant("c-1", before_, {Channel::kEmail, Channel::kSms}, {"marketing"});
    g.source = "third_party:acme-data";
    for (std::string& n : named) g.named_senders.push_back(TenantId(std::move(n)));
    return g;
  }

  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  ConsentThirdPartyUnnamedDetector detector_{taxonomy_, policies_};
  FakeState state_;
  Timestamp before_ = T("2026-02-01T09:00:00Z");
  Timestamp sent_ = T("2026-03-01T10:00:00Z");
};

TEST_F(ConsentThirdPartyUnnamedDetectorTest, FiresWhenTheThirdPartyDidNotNameTheTenant) {
  state_.AddConsent(Bought({"globex", "initech"}));
  const auto findings = Run(Message(Channel::kEmail, kEmail, "DE", sent_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "consent.third_party_unnamed");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.reason,
            "The only consent covering this email message for marketing.communications.email "
            "from tenant acme at 2026-03-01T10:00:00Z was collected by third party acme-data on "
            "2026-02-01T09:00:00Z, which did not name tenant acme (it named globex, initech); "
            "consent collected by a third party must name this sender (or a sufficiently "
            "defined class of senders) in DE (UK ICO guidance on PECR reg. 22 (indirect "
            "consent)).");
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "guidance");
  EXPECT_EQ(std::string_view(doc["third_party"]), "acme-data");
  EXPECT_EQ(std::string_view(doc["tenant"]), "acme");
  EXPECT_EQ(std::string_view(doc["named_senders"].at(1)), "initech");
  EXPECT_EQ(std::string_view(doc["third_party_grant"]["event_id"]), "c-1");
  EXPECT_EQ(std::string_view(doc["consent_clause"]["source"]),
            "ePrivacy Directive 2002/58/EC art. 13(1)-(2)");
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, NoNamedSendersAtAll) {
  state_.AddConsent(Bought({}));
  const auto findings = Run(Message(Channel::kEmail, kEmail, "DE", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("which did not name tenant acme (it named no sender)"));
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, QuietWhenTheTenantIsNamed) {
  state_.AddConsent(Bought({"globex", testing::kTenant}));
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "DE", sent_)).empty());
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, QuietForFirstPartyConsent) {
  state_.AddConsent(Grant("c-1", before_, {Channel::kEmail}, {"marketing"}));
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "DE", sent_)).empty());
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, QuietWhenAFirstPartyGrantAlsoCovers) {
  state_.AddConsent(Grant("c-0", before_ - Days(10), {Channel::kEmail}, {"marketing"}));
  ConsentEvent bought = Bought({});
  state_.AddConsent(bought);
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "DE", sent_)).empty());
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, AppliesInUsAndCanadaAsConsentryPolicy) {
  state_.AddConsent(Bought({}));
  for (const char* where : {"US", "CA", ""}) {
    const auto findings =
        Run(Message(Channel::kSms, "marketing.communications.sms", where, sent_));
    ASSERT_EQ(findings.size(), 1u) << where;
    simdjson::dom::parser parser;
    EXPECT_EQ(std::string_view(ParseJson(parser, findings[0].evidence_json)["clause_kind"]),
              "consentry_policy")
        << where;
  }
  // No consent is needed for US marketing email, so who collected it does not matter.
  EXPECT_TRUE(Run(Message(Channel::kEmail, kEmail, "US", sent_)).empty());
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, PolicyCanTurnTheCheckOff) {
  PolicySet lenient;
  Policy p{.name = "default"};
  p.third_party.must_name_sender = false;
  ASSERT_TRUE(lenient.Add(p).ok());
  const ConsentThirdPartyUnnamedDetector detector(taxonomy_, lenient);
  state_.AddConsent(Bought({}));
  std::vector<Finding> findings;
  detector.Evaluate(Message(Channel::kEmail, kEmail, "DE", sent_), state_, findings);
  EXPECT_TRUE(findings.empty());
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, AnExpiredThirdPartyGrantIsReportedOnce) {
  // Unnamed and expired: the grant never counted for this sender, so it is reported here and
  // consent.expired stays quiet (see ConsentDetectorsTest.OneAlertPerViolation).
  ConsentEvent g = Bought({});
  g.expires_at = before_ + Days(1);
  state_.AddConsent(g);
  EXPECT_EQ(Run(Message(Channel::kEmail, kEmail, "DE", sent_)).size(), 1u);
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, ControlCharactersAreEscaped) {
  ConsentEvent g = Bought({"evil\ncorp"});
  g.source = "third_party:lead\tco";
  state_.AddConsent(g);
  const auto findings = Run(Message(Channel::kEmail, kEmail, "DE", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("third party lead\\u0009co on"));
  EXPECT_THAT(findings[0].reason, HasSubstr("(it named evil\\u000acorp)"));
}

TEST_F(ConsentThirdPartyUnnamedDetectorTest, FactoryRejectsUnknownParamsAndHonoursSeverity) {
  const DetectorEnv env{taxonomy_, policies_};
  EXPECT_EQ(ConsentThirdPartyUnnamedDetector::Create({{"strict", "true"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = ConsentThirdPartyUnnamedDetector::Create({{"severity", "high"}}, env);
  ASSERT_TRUE(detector.ok());
  state_.AddConsent(Bought({}));
  std::vector<Finding> findings;
  (*detector)->Evaluate(Message(Channel::kEmail, kEmail, "DE", sent_), state_, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kHigh);
}

}  // namespace
}  // namespace consentry
