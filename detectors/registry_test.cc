#include "detectors/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace consentry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RegistryTest : public ::testing::Test {
 protected:
  RegistryTest() { RegisterBuiltinDetectors(registry_); }

  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  DetectorEnv env_{taxonomy_, policies_};
  DetectorRegistry registry_;
};

TEST_F(RegistryTest, ListsBuiltins) {
  EXPECT_THAT(registry_.Names(),
              ElementsAre("ai.undisclosed", "consent.expired", "consent.missing",
                          "consent.third_party_unnamed", "consent.withdrawn",
                          "data_source.unconsented", "frequency.cap", "purpose.mismatch",
                          "purpose.undeclared", "quiet_hours", "suppression.hit",
                          "unsubscribe.missing"));
}

TEST_F(RegistryTest, CreatesEachBuiltinWithItsName) {
  for (const std::string& name : registry_.Names()) {
    auto detector = registry_.Create(name, {}, env_);
    ASSERT_TRUE(detector.ok()) << detector.status().ToString();
    EXPECT_EQ((*detector)->Name(), name);
    // consent.missing and consent.withdrawn changed meaning in issue 5 (rule version 2).
    const bool v2 = name == "consent.missing" || name == "consent.withdrawn";
    EXPECT_EQ((*detector)->RuleVersion(), v2 ? "2" : "1") << name;
  }
}

TEST_F(RegistryTest, UnknownDetectorListsKnownNames) {
  auto detector = registry_.Create("consent.mising", {}, env_);
  ASSERT_FALSE(detector.ok());
  EXPECT_EQ(detector.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(detector.status().message(), HasSubstr("consent.mising"));
  EXPECT_THAT(detector.status().message(), HasSubstr("\"consent.missing\""));
  EXPECT_THAT(detector.status().message(), HasSubstr("\"consent.withdrawn\""));
}

TEST_F(RegistryTest, UnknownParamIsNamedWithTheValidOnes) {
  for (const std::string& name : registry_.Names()) {
    auto detector = registry_.Create(name, {{"treshold", "3"}}, env_);
    ASSERT_FALSE(detector.ok()) << name;
    EXPECT_EQ(detector.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(detector.status().message(), HasSubstr("\"treshold\""));
    EXPECT_THAT(detector.status().message(), HasSubstr("\"severity\""));
  }
}

TEST_F(RegistryTest, SeverityParamIsValidated) {
  auto bad = registry_.Create("consent.missing", {{"severity", "urgent"}}, env_);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("urgent"));
  EXPECT_TRUE(registry_.Create("consent.withdrawn", {{"severity", "critical"}}, env_).ok());
}

TEST(SeverityTest, NameAndParseRoundTrip) {
  for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh,
                     Severity::kCritical}) {
    EXPECT_EQ(ParseSeverity(Name(s)), s);
  }
  EXPECT_EQ(Name(Severity::kHigh), "high");
  EXPECT_FALSE(ParseSeverity("High").has_value());
}

}  // namespace
}  // namespace consentry
