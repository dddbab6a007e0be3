#include "detectors/policy.h"

#include <gtest/gtest.h>

#include <chrono>

namespace consentry {
namespace {

using Chain = std::vector<std::string>;

Duration Days(int n) { return std::chrono::duration_cast<Duration>(std::chrono::days(n)); }

TEST(PolicySetTest, ChainResolvesSubdivisionsAndRegions) {
  PolicySet set;
  set.AddRegion("EU", {"DK", "FR"});
  EXPECT_EQ(set.Chain("US-FL"), (Chain{"US-FL", "US", "default"}));
  EXPECT_EQ(set.Chain("US"), (Chain{"US", "default"}));
  EXPECT_EQ(set.Chain("DK"), (Chain{"DK", "EU", "default"}));
  EXPECT_EQ(set.Chain("FR-75"), (Chain{"FR-75", "FR", "EU", "default"}));
  EXPECT_EQ(set.Chain(""), (Chain{"default"}));
  EXPECT_EQ(set.Chain("JP"), (Chain{"JP", "default"}));
}

TEST(PolicySetTest, ForPicksTheMostSpecificExistingPolicy) {
  PolicySet set;
  ASSERT_TRUE(set.Add({.name = "default"}).ok());
  ASSERT_TRUE(set.Add({.name = "US"}).ok());
  ASSERT_TRUE(set.Add({.name = "US-FL"}).ok());
  ASSERT_TRUE(set.Add({.name = "EU"}).ok());
  set.AddRegion("EU", {"DK"});
  EXPECT_EQ(set.For("US-FL").name, "US-FL");
  EXPECT_EQ(set.For("US-MD").name, "US");
  EXPECT_EQ(set.For("DK").name, "EU");
  EXPECT_EQ(set.For("JP").name, "default");
  EXPECT_EQ(set.For("").name, "default");
}

TEST(PolicySetTest, DefaultPolicyIsRequired) {
  PolicySet set;
  ASSERT_TRUE(set.Add({.name = "US", .withdrawal_window = Days(10)}).ok());
  EXPECT_EQ(set.Validate().code(), StatusCode::kFailedPrecondition);
  // Even unvalidated, For() never crashes: it falls back to honouring at once.
  EXPECT_EQ(set.For("JP").WithdrawalWindow(Channel::kSms), Duration(0));
  ASSERT_TRUE(set.Add({.name = "default"}).ok());
  EXPECT_TRUE(set.Validate().ok());
}

TEST(PolicySetTest, AddRejectsBadPolicies) {
  PolicySet set;
  EXPECT_EQ(set.Add({.name = ""}).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(set.Add({.name = "default"}).ok());
  EXPECT_EQ(set.Add({.name = "default"}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(set.Add({.name = "US", .withdrawal_window = Duration(-1)}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(set.Add({.name = "CA", .withdrawal_window_by_channel = {{Channel::kSms, -Days(1)}}})
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(PolicyTest, WindowAndClauseByChannelOverrideTheDefault) {
  Policy p{.name = "US",
           .withdrawal_window = Days(3),
           .withdrawal_window_by_channel = {{Channel::kSms, Days(10)}},
           .withdrawal_clause = {"r", "general"},
           .withdrawal_clause_by_channel = {{Channel::kSms, {"r", "FCC order 24-24"}}}};
  EXPECT_EQ(p.WithdrawalWindow(Channel::kSms), Days(10));
  EXPECT_EQ(p.WithdrawalWindow(Channel::kPush), Days(3));
  EXPECT_EQ(p.WithdrawalClause(Channel::kSms).source, "FCC order 24-24");
  EXPECT_EQ(p.WithdrawalClause(Channel::kPush).source, "general");
}

TEST(PolicySetTest, DefaultsMatchTheDesign) {
  const PolicySet set = PolicySet::Default();
  ASSERT_TRUE(set.Validate().ok());
  EXPECT_EQ(set.For("").WithdrawalWindow(Channel::kEmail), Duration(0));
  EXPECT_EQ(set.For("US-FL").name, "US");
  EXPECT_EQ(set.For("US").WithdrawalWindow(Channel::kSms), Days(10));
  EXPECT_EQ(set.For("US").WithdrawalWindow(Channel::kEmail), Days(10));
  EXPECT_EQ(set.For("US").WithdrawalClause(Channel::kSms).source, "FCC order 24-24");
  EXPECT_EQ(set.For("US").WithdrawalClause(Channel::kEmail).source, "CAN-SPAM 15 U.S.C. 7704");
  EXPECT_EQ(set.For("CA").WithdrawalWindow(Channel::kEmail), Days(10));
  EXPECT_EQ(set.For("DK").name, "EU");
  EXPECT_EQ(set.For("NO").name, "EU");  // EEA
  EXPECT_EQ(set.For("GB").name, "default");
  EXPECT_EQ(set.For("DK").consent_clause.source, "ePrivacy Directive art. 13; GDPR art. 6, 7");
  EXPECT_EQ(set.Chain("DK"), (Chain{"DK", "EU", "default"}));
  for (const char* member : {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
                             "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT",
                             "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"}) {
    EXPECT_EQ(set.For(member).name, "EU") << member;
  }
}

}  // namespace
}  // namespace consentry
