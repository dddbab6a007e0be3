#include "detectors/calendar/business_days.h"

#include <date/tz.h>

#include <exception>
#include <string>
#include <vector>

#include "detectors/calendar/tz_lookup.h"

namespace consentry {
Status CheckTimeZone(std::string_view zone) {
  auto found = FindZone(zone);
  return found.ok() ? Status::Ok() : found.status();
}

StatusOr<CivilDay> LocalDate(Timestamp t, std::string_view zone) {
  CONSENTRY_ASSIGN_OR_RETURN(const date::time_zone* tz, FindZone(zone));
  const auto local = tz->to_local(t);
  const auto day = date::floor<date::days>(local);
  return CivilDay(std::chrono::days(day.time_since_epoch().count()));
}

StatusOr<Timestamp> StartOfLocalDay(CivilDay day, std::string_view zone) {
  CONSENTRY_ASSIGN_OR_RETURN(const date::time_zone* tz, FindZone(zone));
  const date::local_days local{date::days(day.time_since_epoch().count())};
  // For a midnight that does not exist (the clock jumps from 23:59:59 to 01:00), both choices
  // give the instant of the jump, which is when the day starts. For a midnight that happens
  // twice (the clock falls back to 00:00), the earlier one is when the day starts.
  const auto sys = tz->to_sys(date::local_time<Duration>(local), date::choose::earliest);
  return Timestamp(sys.time_since_epoch());
}

CivilDay NthBusinessDayAfter(CivilDay day, int n, const HolidayCalendar& calendar) {
  // The holidays of one year at a time: a window rarely spans more than two years.
  int year = 0;
  std::vector<Holiday> holidays;
  int counted = 0;
  while (counted < n) {
    day += std::chrono::days(1);
    const std::chrono::weekday wd(day);
    if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) continue;
    const int y = static_cast<int>(std::chrono::year_month_day(day).year());
    if (holidays.empty() || y != year) {
      year = y;
      holidays = calendar.HolidaysIn(y);
    }
    bool holiday = false;
    for (const Holiday& h : holidays) holiday = holiday || h.date == day;
    if (!holiday) ++counted;
  }
  return day;
}

StatusOr<Timestamp> BusinessDayDeadline(Timestamp decided_at, int business_days,
                                        const HolidayCalendar& calendar, std::string_view zone) {
  if (business_days < 1 || business_days > kMaxBusinessDays) {
    return InvalidArgument("a business-day window needs 1 to " +
                           std::to_string(kMaxBusinessDays) + " days, not " +
                           std::to_string(business_days));
  }
  CONSENTRY_ASSIGN_OR_RETURN(const CivilDay day0, LocalDate(decided_at, zone));
  const CivilDay last = NthBusinessDayAfter(day0, business_days, calendar);
  return StartOfLocalDay(last + std::chrono::days(1), zone);
}

}  // namespace consentry
