#include "detectors/calendar/business_days.h"

#include <gtest/gtest.h>

#include "detectors/testing/calendar.h"
#include "detectors/testing/events.h"

namespace consentry {
namespace {

using testing::T;

using testing::Cal;
using testing::D;

Timestamp Deadline(const char* decided, int n, std::string_view calendar, std::string_view zone) {
  auto t = BusinessDayDeadline(T(decided), n, Cal(calendar), zone);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : Timestamp();
}

TEST(BusinessDaysTest, UsThanksgivingInsideTheWindow) {
  // Day 0 Wed 25 Nov 2026; Thu 26 is Thanksgiving; business days Fri 27, Mon 30 - Fri 4 Dec,
  // Mon 7 - Thu 10 Dec: the 10th ends at midnight starting Fri 11 Dec, EST (UTC-5).
  EXPECT_EQ(Deadline("2026-11-25T15:00:00Z", 10, "US", "America/New_York"),
            T("2026-12-11T05:00:00Z"));
  // Without the holiday the window would close a day earlier.
  EXPECT_EQ(Deadline("2026-11-25T15:00:00Z", 10, "weekends_only", "America/New_York"),
            T("2026-12-10T05:00:00Z"));
}

TEST(BusinessDaysTest, IndependenceDayOnSaturdayIsObservedFriday) {
  // Day 0 Wed 1 Jul 2026: Thu 2 (1), Fri 3 observed holiday, weekend, Mon 6 (2).
  EXPECT_EQ(Deadline("2026-07-01T14:00:00Z", 2, "US", "America/New_York"),
            T("2026-07-07T04:00:00Z"));
}

TEST(BusinessDaysTest, ChristmasOnSundayIsObservedMonday) {
  // Day 0 Fri 23 Dec 2022: weekend, Mon 26 observed Christmas, Tue 27 (1).
  EXPECT_EQ(Deadline("2022-12-23T15:00:00Z", 1, "US", "America/New_York"),
            T("2022-12-28T05:00:00Z"));
}

TEST(BusinessDaysTest, EasterHolidaysInDenmarkGermanyAndEngland) {
  // Day 0 Wed 1 Apr 2026. DK: Maundy Thursday, Good Friday, weekend, Easter Monday; Tue 7 (1);
  // CEST is UTC+2.
  EXPECT_EQ(Deadline("2026-04-01T10:00:00Z", 1, "DK", "Europe/Copenhagen"),
            T("2026-04-07T22:00:00Z"));
  // DE: Thu 2 is a business day (1), then Good Friday, weekend, Easter Monday; Tue 7 (2).
  EXPECT_EQ(Deadline("2026-04-01T10:00:00Z", 1, "DE", "Europe/Berlin"),
            T("2026-04-02T22:00:00Z"));
  EXPECT_EQ(Deadline("2026-04-01T10:00:00Z", 2, "DE", "Europe/Berlin"),
            T("2026-04-07T22:00:00Z"));
  // GB-EAW: day 0 Thu 2 Apr; Good Friday, weekend, Easter Monday; Tue 7 (1); BST is UTC+1.
  EXPECT_EQ(Deadline("2026-04-02T10:00:00Z", 1, "GB-EAW", "Europe/London"),
            T("2026-04-07T23:00:00Z"));
}

TEST(BusinessDaysTest, DaylightSavingStartInsideTheWindow) {
  // Day 0 Mon 2 Mar 2026 (EST); DST starts Sun 8 Mar; the 10th business day is Mon 16 Mar and
  // its end is midnight EDT (UTC-4).
  EXPECT_EQ(Deadline("2026-03-02T20:00:00Z", 10, "US", "America/New_York"),
            T("2026-03-17T04:00:00Z"));
}

TEST(BusinessDaysTest, DaylightSavingEndInsideTheWindow) {
  // Day 0 Wed 28 Oct 2026 (EDT); DST ends Sun 1 Nov; Thu 29, Fri 30, Mon 2 Nov; midnight EST.
  EXPECT_EQ(Deadline("2026-10-28T14:00:00Z", 3, "US", "America/New_York"),
            T("2026-11-03T05:00:00Z"));
}

TEST(BusinessDaysTest, DayZeroIsTheLocalDateNotTheUtcDate) {
  // 03:00Z on 3 Mar is 22:00 on 2 Mar in New York: day 0 is 2 Mar.
  EXPECT_EQ(Deadline("2026-03-03T03:00:00Z", 10, "US", "America/New_York"),
            T("2026-03-17T04:00:00Z"));
  // 05:00Z on 3 Mar is local midnight: day 0 is 3 Mar, one business day later.
  EXPECT_EQ(Deadline("2026-03-03T05:00:00Z", 10, "US", "America/New_York"),
            T("2026-03-18T04:00:00Z"));
}

TEST(BusinessDaysTest, DecisionOnAWeekendOrHolidayCountsFromTheNextBusinessDay) {
  EXPECT_EQ(Deadline("2026-03-07T15:00:00Z", 1, "US", "America/New_York"),  // Saturday
            T("2026-03-10T04:00:00Z"));
  EXPECT_EQ(Deadline("2026-11-26T15:00:00Z", 1, "US", "America/New_York"),  // Thanksgiving
            T("2026-11-28T05:00:00Z"));
}

TEST(BusinessDaysTest, WindowAcrossTheYearEnd) {
  // Day 0 Wed 23 Dec 2026: Thu 24 (1), Christmas, weekend, Mon 28 (2) ... Thu 31 (5), New
  // Year's Day, weekend, Mon 4 Jan 2027 (6).
  EXPECT_EQ(Deadline("2026-12-23T15:00:00Z", 6, "US", "America/New_York"),
            T("2027-01-05T05:00:00Z"));
}

TEST(BusinessDaysTest, NthBusinessDayAfter) {
  EXPECT_EQ(NthBusinessDayAfter(D(2026, 11, 25), 1, Cal("US")), D(2026, 11, 27));
  EXPECT_EQ(NthBusinessDayAfter(D(2026, 11, 25), 10, Cal("US")), D(2026, 12, 10));
  EXPECT_EQ(NthBusinessDayAfter(D(2026, 12, 24), 1, Cal("GB-EAW")), D(2026, 12, 29));
}

TEST(BusinessDaysTest, LocalMidnightThatDoesNotExist) {
  // Chile moves its clocks from 00:00 to 01:00 on Sun 6 Sep 2026 (at 04:00 UTC): that day
  // starts at the jump.
  auto start = StartOfLocalDay(D(2026, 9, 6), "America/Santiago");
  ASSERT_TRUE(start.ok());
  EXPECT_EQ(*start, T("2026-09-06T04:00:00Z"));
}

TEST(BusinessDaysTest, LocalDateAndZones) {
  EXPECT_EQ(LocalDate(T("2026-03-03T03:00:00Z"), "America/New_York").value(), D(2026, 3, 2));
  EXPECT_EQ(LocalDate(T("2026-03-03T03:00:00Z"), "UTC").value(), D(2026, 3, 3));
  EXPECT_TRUE(CheckTimeZone("Europe/Copenhagen").ok());
  const Status bad = CheckTimeZone("Mars/Olympus_Mons");
  EXPECT_EQ(bad.code(), StatusCode::kNotFound);
  EXPECT_NE(bad.message().find("Mars/Olympus_Mons"), std::string::npos);
  EXPECT_EQ(LocalDate(T("2026-03-03T03:00:00Z"), "").status().code(), StatusCode::kNotFound);
}

TEST(BusinessDaysTest, RejectsBadCounts) {
  EXPECT_EQ(BusinessDayDeadline(T("2026-03-03T03:00:00Z"), 0, Cal("US"), "UTC").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(BusinessDayDeadline(T("2026-03-03T03:00:00Z"), kMaxBusinessDays + 1, Cal("US"), "UTC")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(BusinessDayDeadline(T("2026-03-03T03:00:00Z"), 1, Cal("US"), "Nowhere/City")
                .status()
                .code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace consentry
