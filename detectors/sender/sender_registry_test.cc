#include "detectors/sender/sender_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace consentry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SenderDetectorRegistryTest, RegistersTheBuiltins) {
  SenderDetectorRegistry registry;
  RegisterBuiltinSenderDetectors(registry);
  EXPECT_THAT(registry.Names(),
              ElementsAre("complaint.rate", "content.fanout", "sender.velocity"));
  for (const std::string& name : registry.Names()) {
    const auto d = registry.Create(name, {});
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ((*d)->Name(), name);
    EXPECT_EQ((*d)->RuleVersion(), "1");
  }
}

TEST(SenderDetectorRegistryTest, UnknownNameListsTheKnownOnes) {
  SenderDetectorRegistry registry;
  RegisterBuiltinSenderDetectors(registry);
  const auto d = registry.Create("sender.speed", {});
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.status().message(), HasSubstr("\"sender.velocity\""));
}

TEST(SenderDetectorRegistryTest, FactoriesRejectBadParameters) {
  SenderDetectorRegistry registry;
  RegisterBuiltinSenderDetectors(registry);
  EXPECT_FALSE(registry.Create("sender.velocity", {{"windw", "1m"}}).ok());
  EXPECT_FALSE(registry.Create("sender.velocity", {{"window", "10m"}, {"long_window", "5m"}}).ok());
  EXPECT_FALSE(registry.Create("sender.velocity", {{"window", "2m"}, {"long_window", "15m"}}).ok());
  EXPECT_FALSE(registry.Create("sender.velocity", {{"alpha", "0"}}).ok());
  EXPECT_FALSE(registry.Create("sender.velocity", {{"severity", "urgent"}}).ok());
  EXPECT_FALSE(registry.Create("content.fanout", {{"k", "8"}}).ok());
  EXPECT_FALSE(registry.Create("content.fanout", {{"precision", "17"}}).ok());
  EXPECT_FALSE(registry.Create("content.fanout", {{"unconsented_share", "50%"}}).ok());
  EXPECT_FALSE(registry.Create("complaint.rate", {{"window", "90m"}}).ok());
  EXPECT_FALSE(
      registry.Create("complaint.rate", {{"warn_rate", "0.004"}, {"alert_rate", "0.003"}}).ok());
  EXPECT_FALSE(registry.Create("complaint.rate", {{"warn_severity", "meh"}}).ok());
  EXPECT_TRUE(registry
                  .Create("complaint.rate", {{"window", "48h"},
                                             {"min_volume", "5000"},
                                             {"warn_rate", "0.002"},
                                             {"alert_rate", "0.002"},
                                             {"alert_severity", "critical"}})
                  .ok());
}

}  // namespace
}  // namespace consentry
