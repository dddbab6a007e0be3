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

TEST(TimeTest, LastRfc3339InstantIsAcceptedAndRoundTrips) {
  auto t = ParseRfc3339("9999-12-31T23:59:59Z");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(ToMicros(*t), 253'402'300'799'000'000);
  EXPECT_EQ(FormatRfc3339(*t), "9999-12-31T23:59:59Z");

  auto last = ParseRfc3339("9999-12-31T23:59:59.999999999Z");
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(*last, kMaxRfc3339);
  EXPECT_EQ(FormatRfc3339(kMaxRfc3339), "9999-12-31T23:59:59.999999Z");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(kMaxRfc3339)).value(), kMaxRfc3339);

  // A positive offset pulls the instant back inside.
  auto east = ParseRfc3339("9999-12-31T23:59:59+14:00");
  ASSERT_TRUE(east.ok());
  EXPECT_EQ(FormatRfc3339(*east), "9999-12-31T09:59:59Z");
}

TEST(TimeTest, FirstRfc3339InstantIsAcceptedAndRoundTrips) {
  auto t = ParseRfc3339("0000-01-01T00:00:00Z");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(*t, kMinRfc3339);
  EXPECT_EQ(ToMicros(*t), -62'167'219'200'000'000);
  EXPECT_EQ(FormatRfc3339(*t), "0000-01-01T00:00:00Z");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(kMinRfc3339)).value(), kMinRfc3339);

  auto west = ParseRfc3339("0000-01-01T00:00:00-01:00");
  ASSERT_TRUE(west.ok());
  EXPECT_EQ(FormatRfc3339(*west), "0000-01-01T01:00:00Z");
}

TEST(TimeTest, RejectsInstantsOutsideFourDigitYears) {
  // Year 10000 cannot be written at all; offsets push these past either end in UTC.
  for (const char* bad : {"10000-01-01T00:00:00Z", "9999-12-31T23:59:59-00:01",
                          "9999-12-31T23:00:00-01:00", "9999-12-31T23:59:60.5-23:59",
                          "0000-01-01T00:00:00+00:01", "0000-01-01T00:59:59.999999+01:00",
                          "-0001-12-31T23:59:59Z"}) {
    StatusOr<Timestamp> t = ParseRfc3339(bad);
    EXPECT_FALSE(t.ok()) << bad << " parsed as " << ToMicros(*t);
  }
  const Status s = ParseRfc3339("9999-12-31T23:00:00-01:00").status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("0000 to 9999"), std::string::npos) << s.message();
}

TEST(TimeTest, ParsesDurations) {
  EXPECT_EQ(*ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(*ParseDuration("1m"), std::chrono::minutes(1));
  EXPECT_EQ(*ParseDuration("24h"), std::chrono::hours(24));
  EXPECT_EQ(*ParseDuration("10d"), std::chrono::hours(240));
  EXPECT_EQ(*ParseDuration("3660d"), kMaxDuration);
  EXPECT_FALSE(ParseDuration("10").ok());
  EXPECT_FALSE(ParseDuration("d").ok());
  EXPECT_FALSE(ParseDuration("-1m").ok());
  EXPECT_FALSE(ParseDuration("3661d").ok());
  EXPECT_FALSE(ParseDuration("9999999999d").ok());
}

TEST(TimeTest, ManualClockAdvances) {
  ManualClock clock(FromMicros(10));
  clock.Advance(Duration(5));
  EXPECT_EQ(ToMicros(clock.Now()), 15);
}

TEST(TimeTest, DaysFormatAndParse) {
  EXPECT_EQ(FormatDay(0), "1970-01-01");
  EXPECT_EQ(FormatDay(20514), "2026-03-02");
  EXPECT_EQ(*ParseDay("2026-03-02"), 20514);
  EXPECT_EQ(*ParseDay("2024-02-29"), 19782);
  EXPECT_FALSE(ParseDay("2023-02-29").ok());
  EXPECT_FALSE(ParseDay("2026-3-2").ok());
  EXPECT_FALSE(ParseDay("2026-03-02x").ok());
  EXPECT_FALSE(ParseDay("1969-12-31").ok());
}

}  // namespace
}  // namespace consentry
