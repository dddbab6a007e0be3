#include "app/config.h"

#include <gtest/gtest.h>

#include <fstream>

namespace consentry {
namespace {

constexpr char kMinimal[] = R"(kafka:
  bootstrap.servers: 127.0.0.1:9092
detectors:
  consent.missing: {}
  consent.withdrawn: {}
)";

// Expects ParseConfig(yaml) to fail with a message containing every one of `parts`.
void ExpectError(const std::string& yaml, std::vector<std::string> parts) {
  auto c = ParseConfig(yaml, "configs/x.yaml");
  ASSERT_FALSE(c.ok()) << yaml;
  for (const auto& p : parts) {
    EXPECT_NE(c.status().message().find(p), std::string::npos)
        << "missing '" << p << "' in: " << c.status().message();
  }
}

TEST(ConfigTest, MinimalConfigGetsDefaults) {
  auto c = ParseConfig(kMinimal, "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->kafka.at("bootstrap.servers"), "127.0.0.1:9092");
  EXPECT_EQ(c->topics.outbound, "comms.outbound");
  EXPECT_EQ(c->partitions, 4);
  EXPECT_EQ(c->allowed_lateness, std::chrono::seconds(5));
  ASSERT_EQ(c->detectors.size(), 2u);
  auto detectors = MakeDetectors(*c);
  ASSERT_TRUE(detectors.ok());
  EXPECT_EQ((*detectors)[0]->Name(), "consent.missing");
}

TEST(ConfigTest, ShippedConfigIsValid) {
  auto c = LoadConfig(std::string(CONSENTRY_SOURCE_DIR) + "/configs/consentry.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->detectors.size(), 2u);
}

TEST(ConfigTest, ErrorsNameFileLineAndFix) {
  ExpectError(std::string(kMinimal) + "detecors: {}\n", {"configs/x.yaml:6:", "unknown key 'detecors'", "detectors"});
  ExpectError("detectors:\n  consent.missin: {}\n", {"configs/x.yaml:2:", "consent.missin", "consent.missing"});
  ExpectError("detectors: {consent.missing: {}}\nprocessing:\n  allowed_lateness: soon\n",
              {"configs/x.yaml:3:", "not a duration", "5s"});
  ExpectError("detectors: {consent.missing: {}}\nprocessing:\n  guarantee: exactly_once\n",
              {":3:", "at_least_once"});
  ExpectError("detectors: {consent.missing: {}}\npartitions: 0\n", {":2:", "partitions"});
  ExpectError("detectors: [a, b\n", {"configs/x.yaml:", "not valid YAML"});
  ExpectError("kafka:\n  bootstrap.servers: x\n", {"no `detectors:` section"});
  ExpectError("kafka:\n  no.such.setting: 1\ndetectors: {consent.missing: {}}\n", {":2:", "no.such.setting"});
  ExpectError("detectors:\n  consent.missing:\n    threshold: 3\n", {":2:", "threshold"});
}

TEST(ConfigTest, PoliciesAndTaxonomyReplaceTheDefaults) {
  auto c = ParseConfig(std::string(kMinimal) + R"yaml(taxonomy:
  marketing: {needs_consent: {default: true}}
  essential: {needs_consent: {default: false}}
policies:
  default:
    withdrawal_window: 1d
    withdrawal_clause: {rule: "honour a withdrawal at once", source: "GDPR art. 7(3)"}
    consent_clause: {rule: "marketing needs prior consent", source: "GDPR art. 6"}
  US:
    withdrawal_window: 10d
    withdrawal_window_by_channel: {email: 3d}
    withdrawal_clause: {rule: "honour within 10 days", source: "FCC order 24-24"}
    consent_clause: {rule: "texts need prior express consent", source: "47 CFR 64.1200"}
regions:
  NA: [US, CA]
)yaml", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->policies.For("US").WithdrawalWindow(Channel::kEmail), std::chrono::hours(72));
  EXPECT_EQ(c->policies.For("US").WithdrawalWindow(Channel::kSms), std::chrono::hours(240));
  EXPECT_EQ(c->policies.For("DK").name, "default");
  EXPECT_TRUE(c->taxonomy.NeedsConsent("marketing.communications.sms", {"default"}));
  EXPECT_FALSE(c->taxonomy.NeedsConsent("essential", {"default"}));
  ExpectError(std::string(kMinimal) + "policies:\n  US:\n    withdrawal_window_by_channel: {fax: 1d}\n",
              {":8:", "unknown channel 'fax'"});
  ExpectError(std::string(kMinimal) + "policies:\n  default:\n    withdrawal_window: 1d\n",
              {":7:", "policy default has no withdrawal_clause", "legal source"});
}

TEST(ConfigTest, DurationsParse) {
  EXPECT_EQ(*ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(*ParseDuration("10d"), std::chrono::hours(240));
  EXPECT_FALSE(ParseDuration("10").ok());
  EXPECT_FALSE(ParseDuration("d").ok());
  EXPECT_FALSE(ParseDuration("-1s").ok());
}

TEST(ConfigTest, MissingFileIsAClearError) {
  auto c = LoadConfig("/nonexistent/consentry.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/nonexistent/consentry.yaml"), std::string::npos);
}

}  // namespace
}  // namespace consentry
