#include "detectors/calendar/calendars.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "detectors/testing/calendar.h"

namespace consentry {
namespace {

using testing::Cal;
using testing::D;

std::vector<CivilDay> Dates(const std::vector<Holiday>& holidays) {
  std::vector<CivilDay> out;
  for (const Holiday& h : holidays) out.push_back(h.date);
  return out;
}

TEST(HolidayCalendarTest, BuiltinsHaveNamesAndSources) {
  EXPECT_EQ(BuiltinCalendarNames(),
            (std::vector<std::string>{"CA", "DE", "DK", "GB-EAW", "US", "weekends_only"}));
  for (const std::string& name : BuiltinCalendarNames()) {
    EXPECT_FALSE(Cal(name).source().empty()) << name;
  }
  EXPECT_EQ(FindBuiltinCalendar("FR"), nullptr);
  EXPECT_EQ(FindBuiltinCalendar(""), nullptr);
  EXPECT_NE(Cal("US").source().find("5 U.S.C. 6103"), std::string::npos);
  EXPECT_NE(Cal("CA").source().find("Canada Labour Code s. 166"), std::string::npos);
  EXPECT_NE(Cal("GB-EAW").source().find("Banking and Financial Dealings Act 1971"),
            std::string::npos);
}

TEST(HolidayCalendarTest, UsFederalHolidays2026) {
  EXPECT_EQ(Dates(Cal("US").HolidaysIn(2026)),
            (std::vector<CivilDay>{D(2026, 1, 1), D(2026, 1, 19), D(2026, 2, 16), D(2026, 5, 25),
                                   D(2026, 6, 19), D(2026, 7, 3), D(2026, 7, 4), D(2026, 9, 7),
                                   D(2026, 10, 12), D(2026, 11, 11), D(2026, 11, 26),
                                   D(2026, 12, 25)}));
}

TEST(HolidayCalendarTest, UsObservedDays) {
  const HolidayCalendar& us = Cal("US");
  EXPECT_TRUE(us.IsHoliday(D(2026, 11, 26)));      // Thanksgiving
  EXPECT_FALSE(us.IsBusinessDay(D(2026, 7, 3)));   // July 4 on a Saturday -> Friday
  EXPECT_TRUE(us.IsBusinessDay(D(2026, 7, 6)));
  EXPECT_FALSE(us.IsBusinessDay(D(2022, 12, 26)));  // Christmas on a Sunday -> Monday
  EXPECT_FALSE(us.IsBusinessDay(D(2021, 12, 31)));  // New Year's Day 2022 on a Saturday
  EXPECT_FALSE(us.IsBusinessDay(D(2021, 6, 18)));   // the first Juneteenth, observed
  EXPECT_TRUE(us.IsBusinessDay(D(2020, 6, 19)));    // before Juneteenth was a holiday
  EXPECT_TRUE(us.IsBusinessDay(D(2026, 4, 6)));     // Easter Monday is not a US holiday
  EXPECT_FALSE(us.IsBusinessDay(D(2026, 11, 28)));  // Saturday
}

TEST(HolidayCalendarTest, CanadaFederalHolidays2026) {
  EXPECT_EQ(Dates(Cal("CA").HolidaysIn(2026)),
            (std::vector<CivilDay>{D(2026, 1, 1), D(2026, 4, 3), D(2026, 5, 18), D(2026, 7, 1),
                                   D(2026, 9, 7), D(2026, 9, 30), D(2026, 10, 12),
                                   D(2026, 11, 11), D(2026, 12, 25), D(2026, 12, 26),
                                   D(2026, 12, 28)}));
  const HolidayCalendar& ca = Cal("CA");
  EXPECT_TRUE(ca.IsBusinessDay(D(2026, 4, 6)));    // Easter Monday: not in s. 166
  EXPECT_FALSE(ca.IsBusinessDay(D(2023, 7, 3)));   // Canada Day 2023 on a Saturday
  EXPECT_TRUE(ca.IsBusinessDay(D(2020, 9, 30)));   // before the NDTR existed
}

TEST(HolidayCalendarTest, DenmarkEasterHolidaysAndStoreBededag) {
  EXPECT_EQ(Dates(Cal("DK").HolidaysIn(2026)),
            (std::vector<CivilDay>{D(2026, 1, 1), D(2026, 4, 2), D(2026, 4, 3), D(2026, 4, 5),
                                   D(2026, 4, 6), D(2026, 5, 14), D(2026, 5, 24), D(2026, 5, 25),
                                   D(2026, 12, 25), D(2026, 12, 26)}));
  const HolidayCalendar& dk = Cal("DK");
  EXPECT_FALSE(dk.IsBusinessDay(D(2023, 5, 5)));  // the last Store Bededag
  EXPECT_TRUE(dk.IsBusinessDay(D(2024, 4, 26)));  // abolished from 2024
  EXPECT_TRUE(dk.IsBusinessDay(D(2026, 6, 5)));   // Grundlovsdag is not a public holiday
}

TEST(HolidayCalendarTest, GermanyNationwideHolidays) {
  EXPECT_EQ(Dates(Cal("DE").HolidaysIn(2026)),
            (std::vector<CivilDay>{D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 1),
                                   D(2026, 5, 14), D(2026, 5, 25), D(2026, 10, 3),
                                   D(2026, 12, 25), D(2026, 12, 26)}));
  const HolidayCalendar& de = Cal("DE");
  EXPECT_TRUE(de.IsBusinessDay(D(2026, 4, 2)));    // Maundy Thursday is not nationwide
  EXPECT_TRUE(de.IsBusinessDay(D(2026, 10, 5)));   // 3 October on a Saturday is not moved
  EXPECT_FALSE(de.IsBusinessDay(D(2017, 10, 31)));  // Reformation Day, once nationwide
  EXPECT_TRUE(de.IsBusinessDay(D(2018, 10, 31)));
}

TEST(HolidayCalendarTest, EnglandAndWalesBankHolidays) {
  EXPECT_EQ(Dates(Cal("GB-EAW").HolidaysIn(2026)),
            (std::vector<CivilDay>{D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4),
                                   D(2026, 5, 25), D(2026, 8, 31), D(2026, 12, 25),
                                   D(2026, 12, 26), D(2026, 12, 28)}));
  const HolidayCalendar& gb = Cal("GB-EAW");
  EXPECT_FALSE(gb.IsBusinessDay(D(2021, 12, 27)));  // substitute days for a weekend Christmas
  EXPECT_FALSE(gb.IsBusinessDay(D(2021, 12, 28)));
  EXPECT_FALSE(gb.IsBusinessDay(D(2022, 12, 27)));
  EXPECT_FALSE(gb.IsBusinessDay(D(2022, 1, 3)));    // New Year's Day on a Saturday
  EXPECT_FALSE(gb.IsBusinessDay(D(2020, 5, 8)));    // early May moved to VE Day
  EXPECT_TRUE(gb.IsBusinessDay(D(2020, 5, 4)));
  EXPECT_FALSE(gb.IsBusinessDay(D(2022, 6, 2)));    // spring bank holiday moved
  EXPECT_FALSE(gb.IsBusinessDay(D(2022, 6, 3)));    // Platinum Jubilee
  EXPECT_TRUE(gb.IsBusinessDay(D(2022, 5, 30)));
  EXPECT_FALSE(gb.IsBusinessDay(D(2022, 9, 19)));   // State Funeral
  EXPECT_FALSE(gb.IsBusinessDay(D(2023, 5, 8)));    // Coronation
}

TEST(HolidayCalendarTest, EasterMondayInDenmarkGermanyAndEngland) {
  for (const char* name : {"DK", "DE", "GB-EAW"}) {
    EXPECT_FALSE(Cal(name).IsBusinessDay(D(2026, 4, 6))) << name;
    EXPECT_FALSE(Cal(name).IsBusinessDay(D(2027, 3, 29))) << name;
  }
}

TEST(HolidayCalendarTest, RulesHoldForFarYears) {
  // No table runs out: Thanksgiving 2100 and Easter Monday 2100 (Easter 2100 is 28 March).
  EXPECT_TRUE(Cal("US").IsHoliday(D(2100, 11, 25)));
  EXPECT_TRUE(Cal("DE").IsHoliday(D(2100, 3, 29)));
}

TEST(HolidayCalendarTest, WeekendsOnlyHasNoHolidays) {
  const HolidayCalendar& w = Cal("weekends_only");
  EXPECT_TRUE(w.HolidaysIn(2026).empty());
  EXPECT_TRUE(w.IsBusinessDay(D(2026, 12, 25)));
  EXPECT_FALSE(w.IsBusinessDay(D(2026, 12, 26)));
}

}  // namespace
}  // namespace consentry
