#include "detectors/sender/sender_params.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(SenderParamsTest, DurationParamRejectsZero) {
  EXPECT_FALSE(DurationParam("d", {{"window", "0m"}}, "window", Duration(1)).ok());
  EXPECT_EQ(*DurationParam("d", {}, "window", Duration(7)), Duration(7));
}

TEST(SenderParamsTest, CountAndNumberParams) {
  EXPECT_EQ(*CountParam("d", {{"n", "1000"}}, "n", 5, 1), 1000);
  EXPECT_FALSE(CountParam("d", {{"n", "0"}}, "n", 5, 1).ok());
  EXPECT_FALSE(CountParam("d", {{"n", "1e3"}}, "n", 5, 1).ok());
  EXPECT_DOUBLE_EQ(*NumberParam("d", {{"z", "6.5"}}, "z", 1, 0, 10), 6.5);
  EXPECT_FALSE(NumberParam("d", {{"z", "11"}}, "z", 1, 0, 10).ok());
  EXPECT_FALSE(NumberParam("d", {{"z", "nan"}}, "z", 1, 0, 10).ok());
  EXPECT_FALSE(NumberParam("d", {{"z", "6x"}}, "z", 1, 0, 10).ok());
}

TEST(SenderParamsTest, RatiosCompareExactly) {
  const Ratio r = *ParseRatio("0.003");
  EXPECT_EQ(r.num, 3);
  EXPECT_EQ(r.den, 1000);
  EXPECT_EQ(r.ToString(), "0.003");
  EXPECT_FALSE(r.ExceededBy(3, 1000));
  EXPECT_TRUE(r.ExceededBy(31, 10'000));
  EXPECT_TRUE(r.ReachedBy(3, 1000));
  EXPECT_FALSE(r.ReachedBy(2999, 1'000'000));
  EXPECT_FALSE(r.ExceededBy(5, 0));
  EXPECT_EQ(ParseRatio("1")->ToString(), "1");
  EXPECT_FALSE(ParseRatio("").ok());
  EXPECT_FALSE(ParseRatio(".").ok());
  EXPECT_FALSE(ParseRatio("0.1.2").ok());
  EXPECT_FALSE(ParseRatio("0.0000000001").ok());
  EXPECT_FALSE(RatioParam("d", {{"r", "1.5"}}, "r", r).ok());
}

}  // namespace
}  // namespace consentry
