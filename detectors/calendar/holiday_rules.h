#pragma once
// Holiday rules: how a calendar finds its holidays in any year from the rule itself (a fixed
// date, a day relative to Easter, the n-th weekday of a month, a weekday on or before a date),
// so no table of years runs out. A rule may be limited to a range of years (a holiday created or
// abolished by law, a one-off proclamation).
//
// Weekend substitution differs by country, so each rule says how a Saturday or Sunday holiday is
// observed (see WeekendShift). All dates are civil dates (std::chrono::sys_days used as a day
// count); time zones do not enter here.
//
// Thread safety: everything here is a pure function of its arguments.

#include <chrono>
#include <climits>
#include <optional>
#include <string>
#include <vector>

namespace consentry {

using CivilDay = std::chrono::sys_days;

// Easter Sunday of `year` in the Gregorian calendar (the anonymous Meeus/Jones/Butcher computus).
// Defined for 1583 and later.
std::chrono::year_month_day EasterSunday(int year);

// The `nth` (1..5) `weekday` of `year`-`month`, or the last one when nth == HolidayRule::kLast.
// nullopt when the month has no such day (a fifth Monday that does not exist).
std::optional<CivilDay> NthWeekdayOfMonth(int year, unsigned month, std::chrono::weekday weekday,
                                          int nth);

// How a holiday that falls on a Saturday or Sunday is observed.
enum class WeekendShift {
  kNone,             // not moved: the day off is lost (Denmark, Germany)
  kNearestWeekday,   // Saturday -> the Friday before, Sunday -> the Monday after (US federal,
                     // 5 U.S.C. 6103(b) and Executive Order 11582); may cross into another year
  kNextFreeWeekday,  // Saturday or Sunday -> the next weekday that is not already a holiday
                     // (England and Wales substitute days; Canadian federal practice)
};

struct HolidayRule {
  enum class Kind {
    kFixedDate,          // `month`-`day` every year
    kEasterOffset,       // Easter Sunday + `easter_offset` days (Good Friday = -2)
    kNthWeekday,         // the `nth` `day_of_week` of `month` (kLast = the last one)
    kWeekdayOnOrBefore,  // the last `day_of_week` on or before `month`-`day` (Victoria Day)
  };
  static constexpr int kLast = -1;
  static constexpr int kAlways = INT_MIN;  // no first year
  static constexpr int kForever = INT_MAX;  // no last year

  std::string name;
  Kind kind = Kind::kFixedDate;
  unsigned month = 1;
  unsigned day = 1;
  int easter_offset = 0;
  std::chrono::weekday day_of_week = std::chrono::Monday;
  int nth = 1;
  WeekendShift shift = WeekendShift::kNone;
  int first_year = kAlways;  // the rule applies to first_year..last_year, inclusive
  int last_year = kForever;

  static HolidayRule Fixed(std::string name, unsigned month, unsigned day,
                           WeekendShift shift = WeekendShift::kNone);
  static HolidayRule Easter(std::string name, int offset_days);
  static HolidayRule Nth(std::string name, unsigned month, std::chrono::weekday weekday, int nth);
  static HolidayRule OnOrBefore(std::string name, unsigned month, unsigned day,
                                std::chrono::weekday weekday);
  // A copy limited to first..last (use kAlways / kForever for an open end).
  HolidayRule Years(int first, int last) const;
};

// One day off.
struct Holiday {
  CivilDay date;
  std::string name;         // "Christmas Day", "Christmas Day (substitute day)"
  bool substitute = false;  // observed in place of a holiday on a weekend
};

// The rule's own date in `year`, before any weekend shift; nullopt outside its years or when the
// date does not exist that year (a 5th weekday that is missing, Feb 29 in a common year).
std::optional<CivilDay> RuleDate(const HolidayRule& rule, int year);

// The days off `rules` produce from their dates in `year`: each rule's own date, plus an observed
// day for one that falls on a weekend, per its shift. Substitutes are assigned in date order so
// that two weekend holidays in a row get consecutive weekdays (GB: Christmas on Saturday ->
// Monday 27th, Boxing Day on Sunday -> Tuesday 28th). An observed day may fall in year + 1 or
// year - 1. Sorted by date.
std::vector<Holiday> ApplyRules(const std::vector<HolidayRule>& rules, int year);

}  // namespace consentry
