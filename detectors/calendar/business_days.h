#pragma once
// Business days in a jurisdiction's time zone: when does an honouring window of n business days
// close?
//
// The rule (design section 2, "Business days skip weekends and the jurisdiction's public
// holidays"): the decision's local date in `zone` is day 0, whatever the time of day or whether
// day 0 is itself a business day. Count n business days after it (skipping Saturdays, Sundays and
// the calendar's holidays, observed days included). The window closes at local midnight at the
// end of the n-th business day, i.e. at the start of the next calendar day in `zone`. A message
// sent at or after that instant is late. Daylight-saving changes inside the window are handled
// by the IANA rules of `zone`; where local midnight does not exist (a DST jump at 00:00), the
// window closes at the instant the day actually starts.
//
// Time zones come from the operating system's IANA database (howardhinnant date, USE_OS_TZDB).
//
// Thread safety: all functions are safe to call concurrently.

#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "detectors/calendar/calendars.h"

namespace consentry {

// The largest n accepted: a year of business days. Larger windows are a config mistake.
inline constexpr int kMaxBusinessDays = 366;

// OK when `zone` names a zone in the IANA database ("America/New_York", "UTC"); NotFound
// otherwise, with a message naming the zone.
[[nodiscard]] Status CheckTimeZone(std::string_view zone);

// The civil date of `t` in `zone`. NotFound for an unknown zone.
StatusOr<CivilDay> LocalDate(Timestamp t, std::string_view zone);

// The instant local midnight starts `day` in `zone`. NotFound for an unknown zone.
StatusOr<Timestamp> StartOfLocalDay(CivilDay day, std::string_view zone);

// The n-th business day after `day` (n >= 1; `day` itself never counts).
CivilDay NthBusinessDayAfter(CivilDay day, int n, const HolidayCalendar& calendar);

// The instant a window of `business_days` closes for a decision made at `decided_at` (see the
// rule above). InvalidArgument when business_days is not 1..kMaxBusinessDays; NotFound for an
// unknown zone.
StatusOr<Timestamp> BusinessDayDeadline(Timestamp decided_at, int business_days,
                                        const HolidayCalendar& calendar, std::string_view zone);

}  // namespace consentry
