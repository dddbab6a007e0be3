#include "core/time.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(TimeTest, ParsesUtcAndOffsets) {
  auto z = ParseRfc3339("2026-03-01T09:30:00Z");
  ASSERT_TRUE(z.ok()) << z.status().ToString();
  auto plus = ParseRfc3339("2026-03-01T10:30:00+01:00");
  ASSERT_TRUE(plus.ok());
  EXPECT_EQ(*z, *plus);
  auto minus = ParseRfc3339("2026-03-01T04:30:00-05:00");
  ASSERT_TRUE(minus.ok());
  EXPECT_EQ(*z, *minus);
  EXPECT_EQ(FormatRfc3339(*z), "2026-03-01T09:30:00Z");
}

TEST(TimeTest, KeepsMicroseconds) {
  auto t = ParseRfc3339("2026-03-01T09:30:00.1234567Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(ToMicros(*t) % 1000000, 123456);
  EXPECT_EQ(FormatRfc3339(*t), "2026-03-01T09:30:00.123456Z");
}

TEST(TimeTest, EpochRoundTrips) {
  auto t = ParseRfc3339("1970-01-01T00:00:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(ToMicros(*t), 0);
}

TEST(TimeTest, RejectsMalformedTimestamps) {
  for (const char* bad : {"", "2026-03-01", "2026-03-01T09:30:00", "2026-13-01T09:30:00Z",
                          "2026-02-30T09:30:00Z", "2026-03-01T24:00:00Z", "2026-03-01T09:60:00Z",
                          "2026-03-01T09:30:00+1:00", "2026-03-01T09:30:00Zjunk",
                          "2026-03-01X09:30:00Z", "2026-03-01T09:30:00.Z", "yesterday at noon!!",
                          "2026-03-01T09:30:00+25:00"}) {
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
  }
}

TEST(TimeTest, ManualClockAdvances) {
  ManualClock clock(FromMicros(10));
  clock.Advance(Duration(5));
  EXPECT_EQ(ToMicros(clock.Now()), 15);
}

}  // namespace
}  // namespace consentry
