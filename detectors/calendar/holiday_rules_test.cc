#include "detectors/calendar/holiday_rules.h"

#include <gtest/gtest.h>

#include "detectors/testing/calendar.h"

namespace consentry {
namespace {

using std::chrono::Monday;
using std::chrono::Thursday;

using testing::D;

std::chrono::year_month_day Ymd(int y, unsigned m, unsigned d) {
  return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

TEST(HolidayRulesTest, EasterSundayMatchesPublishedDates) {
  EXPECT_EQ(EasterSunday(2024), Ymd(2024, 3, 31));
  EXPECT_EQ(EasterSunday(2025), Ymd(2025, 4, 20));
  EXPECT_EQ(EasterSunday(2026), Ymd(2026, 4, 5));
  EXPECT_EQ(EasterSunday(2027), Ymd(2027, 3, 28));
  EXPECT_EQ(EasterSunday(2000), Ymd(2000, 4, 23));
  EXPECT_EQ(EasterSunday(2038), Ymd(2038, 4, 25));  // the latest possible date
  EXPECT_EQ(EasterSunday(2285), Ymd(2285, 3, 22));  // the earliest possible date
  EXPECT_EQ(EasterSunday(1818), Ymd(1818, 3, 22));
}

TEST(HolidayRulesTest, NthWeekdayOfMonthIncludingLast) {
  EXPECT_EQ(NthWeekdayOfMonth(2026, 11, Thursday, 4), D(2026, 11, 26));  // US Thanksgiving
  EXPECT_EQ(NthWeekdayOfMonth(2026, 1, Monday, 3), D(2026, 1, 19));
  EXPECT_EQ(NthWeekdayOfMonth(2026, 5, Monday, HolidayRule::kLast), D(2026, 5, 25));
  EXPECT_EQ(NthWeekdayOfMonth(2026, 8, Monday, HolidayRule::kLast), D(2026, 8, 31));
  EXPECT_EQ(NthWeekdayOfMonth(2026, 2, Monday, 5), std::nullopt);  // February 2026 has four
  EXPECT_EQ(NthWeekdayOfMonth(2026, 13, Monday, 1), std::nullopt);
  EXPECT_EQ(NthWeekdayOfMonth(2026, 5, Monday, 0), std::nullopt);
}

TEST(HolidayRulesTest, RuleDateOfEachKind) {
  EXPECT_EQ(RuleDate(HolidayRule::Fixed("x", 7, 4), 2026), D(2026, 7, 4));
  EXPECT_EQ(RuleDate(HolidayRule::Fixed("leap", 2, 29), 2026), std::nullopt);
  EXPECT_EQ(RuleDate(HolidayRule::Fixed("leap", 2, 29), 2028), D(2028, 2, 29));
  EXPECT_EQ(RuleDate(HolidayRule::Easter("Good Friday", -2), 2026), D(2026, 4, 3));
  EXPECT_EQ(RuleDate(HolidayRule::Easter("Whit Monday", 50), 2026), D(2026, 5, 25));
  EXPECT_EQ(RuleDate(HolidayRule::Nth("x", 9, Monday, 1), 2026), D(2026, 9, 7));
  // Victoria Day: the Monday on or before 24 May (Sunday in 2026, Monday in 2027).
  const HolidayRule victoria = HolidayRule::OnOrBefore("Victoria Day", 5, 24, Monday);
  EXPECT_EQ(RuleDate(victoria, 2026), D(2026, 5, 18));
  EXPECT_EQ(RuleDate(victoria, 2027), D(2027, 5, 24));
}

TEST(HolidayRulesTest, YearsLimitARule) {
  const HolidayRule r = HolidayRule::Fixed("x", 6, 19).Years(2021, 2030);
  EXPECT_EQ(RuleDate(r, 2020), std::nullopt);
  EXPECT_EQ(RuleDate(r, 2021), D(2021, 6, 19));
  EXPECT_EQ(RuleDate(r, 2030), D(2030, 6, 19));
  EXPECT_EQ(RuleDate(r, 2031), std::nullopt);
}

TEST(HolidayRulesTest, NearestWeekdayMovesSaturdayBackAndSundayForward) {
  const std::vector<HolidayRule> rules = {
      HolidayRule::Fixed("Independence Day", 7, 4, WeekendShift::kNearestWeekday),
      HolidayRule::Fixed("Christmas Day", 12, 25, WeekendShift::kNearestWeekday)};
  // 2026-07-04 is a Saturday: observed Friday 3 July.
  const auto h2026 = ApplyRules(rules, 2026);
  ASSERT_EQ(h2026.size(), 3u);
  EXPECT_EQ(h2026[0].date, D(2026, 7, 3));
  EXPECT_EQ(h2026[0].name, "Independence Day (observed)");
  EXPECT_TRUE(h2026[0].substitute);
  EXPECT_EQ(h2026[1].date, D(2026, 7, 4));
  EXPECT_FALSE(h2026[1].substitute);
  EXPECT_EQ(h2026[2].date, D(2026, 12, 25));  // a Friday: no observed day
  // 2022-12-25 is a Sunday: observed Monday 26 December.
  const auto h2022 = ApplyRules(rules, 2022);
  ASSERT_EQ(h2022.size(), 3u);
  EXPECT_EQ(h2022[2].date, D(2022, 12, 26));
}

TEST(HolidayRulesTest, NearestWeekdayCanCrossIntoThePreviousYear) {
  const std::vector<HolidayRule> rules = {
      HolidayRule::Fixed("New Year's Day", 1, 1, WeekendShift::kNearestWeekday)};
  const auto h = ApplyRules(rules, 2022);  // 2022-01-01 is a Saturday
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].date, D(2021, 12, 31));
}

TEST(HolidayRulesTest, NextFreeWeekdayGivesConsecutiveSubstitutes) {
  const std::vector<HolidayRule> rules = {
      HolidayRule::Fixed("Christmas Day", 12, 25, WeekendShift::kNextFreeWeekday),
      HolidayRule::Fixed("Boxing Day", 12, 26, WeekendShift::kNextFreeWeekday)};
  // 2021: Christmas on Saturday, Boxing Day on Sunday -> Monday 27, Tuesday 28.
  const auto h2021 = ApplyRules(rules, 2021);
  ASSERT_EQ(h2021.size(), 4u);
  EXPECT_EQ(h2021[2].date, D(2021, 12, 27));
  EXPECT_EQ(h2021[2].name, "Christmas Day (substitute day)");
  EXPECT_EQ(h2021[3].date, D(2021, 12, 28));
  EXPECT_EQ(h2021[3].name, "Boxing Day (substitute day)");
  // 2022: Christmas on Sunday, Boxing Day on Monday -> Christmas moves to Tuesday 27.
  const auto h2022 = ApplyRules(rules, 2022);
  ASSERT_EQ(h2022.size(), 3u);
  EXPECT_EQ(h2022[1].date, D(2022, 12, 26));
  EXPECT_EQ(h2022[2].date, D(2022, 12, 27));
  EXPECT_EQ(h2022[2].name, "Christmas Day (substitute day)");
  // 2020: Christmas on Friday, Boxing Day on Saturday -> Monday 28.
  const auto h2020 = ApplyRules(rules, 2020);
  ASSERT_EQ(h2020.size(), 3u);
  EXPECT_EQ(h2020[2].date, D(2020, 12, 28));
}

TEST(HolidayRulesTest, NoShiftLosesAWeekendHoliday) {
  const auto h = ApplyRules({HolidayRule::Fixed("Tag der Deutschen Einheit", 10, 3)}, 2026);
  ASSERT_EQ(h.size(), 1u);  // a Saturday in 2026, not moved
  EXPECT_EQ(h[0].date, D(2026, 10, 3));
}

}  // namespace
}  // namespace consentry
