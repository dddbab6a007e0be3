#pragma once
// Holiday calendars: a named set of holiday rules with the source they come from, and the
// built-in calendars business-day windows are counted with:
//
//   "US"            US federal holidays, 5 U.S.C. 6103(a); a Saturday holiday is observed the
//                   Friday before, a Sunday one the Monday after (6103(b), Executive Order 11582)
//   "CA"            Canada's federal general holidays, Canada Labour Code s. 166; a weekend
//                   holiday is observed on the next weekday that is not already a holiday
//   "DK"            Danish public holidays (helligdage); Store Bededag only until 2023
//   "DE"            holidays observed in all 16 German states
//   "GB-EAW"        England and Wales bank holidays (Banking and Financial Dealings Act 1971,
//                   royal proclamations) with substitute days, plus Good Friday and Christmas
//   "weekends_only" no holidays: only Saturdays and Sundays are not business days
//
// Every calendar treats Saturday and Sunday as non-business days.
//
// Thread safety: a HolidayCalendar is immutable; the built-ins are created once, thread-safely.

#include <string>
#include <string_view>
#include <vector>

#include "detectors/calendar/holiday_rules.h"

namespace consentry {

class HolidayCalendar {
 public:
  HolidayCalendar(std::string name, std::string source, std::vector<HolidayRule> rules);

  const std::string& name() const { return name_; }
  const std::string& source() const { return source_; }
  const std::vector<HolidayRule>& rules() const { return rules_; }

  // Every day off that falls in `year` (including observed days moved in from the year before
  // or after), sorted by date.
  std::vector<Holiday> HolidaysIn(int year) const;

  // True when `day` is a holiday or an observed (substitute) day.
  bool IsHoliday(CivilDay day) const;

  // Not a Saturday, not a Sunday and not a holiday.
  bool IsBusinessDay(CivilDay day) const;

 private:
  std::string name_;
  std::string source_;
  std::vector<HolidayRule> rules_;
};

// The built-in calendar called `name`, or nullptr when there is none. The pointer stays valid
// for the life of the process.
const HolidayCalendar* FindBuiltinCalendar(std::string_view name);

// The names of the built-in calendars, sorted.
std::vector<std::string> BuiltinCalendarNames();

}  // namespace consentry
