#include "detectors/data_source_unconsented/data_source_unconsented.h"

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
using testing::Declaration;
using testing::FakeState;
using testing::Message;
using testing::ParseJson;
using testing::T;

using testing::kEmail;
const std::string kAcmeData = "third_party:acme-data";

class DataSourceUnconsentedDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state_, findings);
    return findings;
  }
  OutboundEvent Targeted(std::vector<std::string> sources, Timestamp sent,
                         std::string jurisdiction = "FR") const {
    OutboundEvent m = CampaignMessage(Channel::kEmail, kEmail, std::move(jurisdiction), sent);
    m.data_sources = std::move(sources);
    return m;
  }
  CampaignDeclaration Allowing(std::vector<std::string> sources,
                               std::optional<Timestamp> from = std::nullopt,
                               std::optional<Timestamp> to = std::nullopt) const {
    CampaignDeclaration d = Declaration({"marketing"}, from ? from : from_, to);
    d.allowed_data_sources = std::move(sources);
    return d;
  }

  PolicySet policies_ = PolicySet::Default();
  DataSourceUnconsentedDetector detector_{policies_};
  FakeState state_;
  Timestamp from_ = T("2026-01-01T00:00:00Z");
  Timestamp sent_ = T("2026-02-10T12:00:00Z");
};

TEST_F(DataSourceUnconsentedDetectorTest, FiresForASourceTheDeclarationDoesNotAllow) {
  state_.AddCampaign(Allowing({"first_party"}));
  const auto findings = Run(Targeted({"first_party", kAcmeData}, sent_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "data_source.unconsented");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.reason,
            "Campaign spring-sale targeted this email message at 2026-02-10T12:00:00Z using "
            "third_party:acme-data, a data source its declaration in force then does not allow "
            "(allowed: first_party); targeting uses only the data sources the campaign declared "
            "(consentry policy (campaign declarations), in support of GDPR art. 5(1)(b) "
            "(purpose limitation) and art. 14 (telling people where their data came from)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "EU");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
  EXPECT_EQ(std::string_view(doc["declaration"]["allowed_data_sources"].at(0)), "first_party");
  EXPECT_EQ(std::string_view(doc["allowed_data_sources"].at(0)), "first_party");
  EXPECT_FALSE(bool(doc["allowed_by_default"]));
  EXPECT_EQ(doc["data_sources"].get_array().size(), 2u);
  EXPECT_EQ(doc["undeclared_sources"].get_array().size(), 1u);
  EXPECT_EQ(std::string_view(doc["undeclared_sources"].at(0)), kAcmeData);
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(DataSourceUnconsentedDetectorTest, QuietWhenEverySourceIsDeclared) {
  state_.AddCampaign(Allowing({"first_party", kAcmeData}));
  EXPECT_TRUE(Run(Targeted({kAcmeData, "first_party"}, sent_)).empty());
  EXPECT_TRUE(Run(Targeted({}, sent_)).empty());  // no targeting data at all
}

TEST_F(DataSourceUnconsentedDetectorTest, NoAllowedSourcesMeansFirstPartyOnly) {
  state_.AddCampaign(Allowing({}));
  EXPECT_TRUE(Run(Targeted({"first_party"}, sent_)).empty());
  const auto findings = Run(Targeted({kAcmeData}, sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("(allowed: first_party)"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_TRUE(bool(doc["allowed_by_default"]));
  EXPECT_EQ(doc["declaration"]["allowed_data_sources"].get_array().size(), 0u);
  EXPECT_EQ(std::string_view(doc["allowed_data_sources"].at(0)), "first_party");
}

TEST_F(DataSourceUnconsentedDetectorTest, SourcesMatchExactlyWithoutWildcards) {
  state_.AddCampaign(Allowing({"first_party", kAcmeData}));
  EXPECT_EQ(Run(Targeted({"third_party:acme-data-eu"}, sent_)).size(), 1u);
  EXPECT_EQ(Run(Targeted({"third_party"}, sent_)).size(), 1u);
  EXPECT_EQ(Run(Targeted({"First_Party"}, sent_)).size(), 1u);
}

TEST_F(DataSourceUnconsentedDetectorTest, SeveralUndeclaredSourcesGiveOneFinding) {
  state_.AddCampaign(Allowing({"first_party"}));
  const auto findings =
      Run(Targeted({"third_party:a", "first_party", "inferred", "third_party:a"}, sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("using third_party:a and inferred, data sources its declaration"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(doc["undeclared_sources"].get_array().size(), 2u);  // repeats listed once
}

TEST_F(DataSourceUnconsentedDetectorTest, DeclarationUpdatedMidStreamAppliesAtEventTime) {
  // From March the campaign declares the third-party source; before, it did not.
  const Timestamp widened = T("2026-03-01T00:00:00Z");
  state_.AddCampaign(Allowing({"first_party", kAcmeData}, widened));
  state_.AddCampaign(Allowing({"first_party"}, from_, widened));
  EXPECT_EQ(Run(Targeted({kAcmeData}, widened - Duration(1))).size(), 1u);
  EXPECT_TRUE(Run(Targeted({kAcmeData}, widened)).empty());
}

TEST_F(DataSourceUnconsentedDetectorTest, QuietWithoutADeclarationOfThisTenantInForce) {
  EXPECT_TRUE(Run(Targeted({kAcmeData}, sent_)).empty());  // never declared
  OutboundEvent no_campaign = Message(Channel::kEmail, kEmail, "FR", sent_);
  no_campaign.data_sources = {kAcmeData};
  EXPECT_TRUE(Run(no_campaign).empty());
  CampaignDeclaration other = Allowing({"first_party"});
  other.tenant = TenantId("globex");
  state_.AddCampaign(other);
  EXPECT_TRUE(Run(Targeted({kAcmeData}, sent_)).empty());
}

TEST_F(DataSourceUnconsentedDetectorTest, OutsideTheEuTheClauseIsConsentryPolicyOnly) {
  state_.AddCampaign(Allowing({}));
  const auto findings = Run(Targeted({kAcmeData}, sent_, "CA"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, Not(HasSubstr("GDPR")));
  simdjson::dom::parser parser;
  EXPECT_EQ(std::string_view(ParseJson(parser, findings[0].evidence_json)["policy"]), "CA");
}

TEST_F(DataSourceUnconsentedDetectorTest, FactoryRejectsUnknownParamsAndHonoursSeverity) {
  const Taxonomy taxonomy = Taxonomy::Default();
  const DetectorEnv env{taxonomy, policies_};
  EXPECT_EQ(DataSourceUnconsentedDetector::Create({{"allow", "x"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = DataSourceUnconsentedDetector::Create({{"severity", "info"}}, env);
  ASSERT_TRUE(detector.ok()) << detector.status().ToString();
  EXPECT_EQ((*detector)->Needs(), StateNeed::kCampaign);
  state_.AddCampaign(Allowing({}));
  std::vector<Finding> findings;
  (*detector)->Evaluate(Targeted({kAcmeData}, sent_), state_, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kInfo);
}

}  // namespace
}  // namespace consentry
