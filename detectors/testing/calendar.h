#pragma once
// Days and calendars for the calendar tests.

#include <gtest/gtest.h>

#include <chrono>
#include <string_view>

#include "detectors/calendar/calendars.h"
#include "detectors/calendar/holiday_rules.h"

namespace consentry::testing {

inline CivilDay D(int y, unsigned m, unsigned d) {
  return CivilDay(std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d});
}

// A built-in calendar by name; fails the test when there is none.
inline const HolidayCalendar& Cal(std::string_view name) {
  const HolidayCalendar* c = FindBuiltinCalendar(name);
  EXPECT_NE(c, nullptr) << name;
  return *c;
}

}  // namespace consentry::testing
