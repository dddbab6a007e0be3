#include "detectors/calendar/holiday_rules.h"

#include <algorithm>
#include <utility>

namespace consentry {
namespace {

using std::chrono::days;
using std::chrono::weekday;

bool IsWeekend(CivilDay d) {
  const weekday wd(d);
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

std::optional<CivilDay> Valid(const std::chrono::year_month_day& ymd) {
  if (!ymd.ok()) return std::nullopt;
  return CivilDay(ymd);
}

std::chrono::year_month_day Ymd(int year, unsigned month, unsigned day) {
  return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                     std::chrono::day{day}};
}

}  // namespace

std::chrono::year_month_day EasterSunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return Ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<CivilDay> NthWeekdayOfMonth(int year, unsigned month, weekday wd, int nth) {
  const std::chrono::year_month ym{std::chrono::year{year}, std::chrono::month{month}};
  if (!ym.ok()) return std::nullopt;
  if (nth == HolidayRule::kLast) {
    return CivilDay(std::chrono::year_month_weekday_last{ym.year(), ym.month(),
                                                         std::chrono::weekday_last{wd}});
  }
  if (nth < 1 || nth > 5) return std::nullopt;
  const std::chrono::year_month_weekday ymw{ym.year(), ym.month(),
                                            wd[static_cast<unsigned>(nth)]};
  if (!ymw.ok()) return std::nullopt;
  return CivilDay(ymw);
}

HolidayRule HolidayRule::Fixed(std::string name, unsigned month, unsigned day,
                               WeekendShift shift) {
  HolidayRule r;
  r.name = std::move(name);
  r.kind = Kind::kFixedDate;
  r.month = month;
  r.day = day;
  r.shift = shift;
  return r;
}

HolidayRule HolidayRule::Easter(std::string name, int offset_days) {
  HolidayRule r;
  r.name = std::move(name);
  r.kind = Kind::kEasterOffset;
  r.easter_offset = offset_days;
  return r;
}

HolidayRule HolidayRule::Nth(std::string name, unsigned month, std::chrono::weekday wd,
                             int nth) {
  HolidayRule r;
  r.name = std::move(name);
  r.kind = Kind::kNthWeekday;
  r.month = month;
  r.day_of_week = wd;
  r.nth = nth;
  return r;
}

HolidayRule HolidayRule::OnOrBefore(std::string name, unsigned month, unsigned day,
                                    std::chrono::weekday wd) {
  HolidayRule r;
  r.name = std::move(name);
  r.kind = Kind::kWeekdayOnOrBefore;
  r.month = month;
  r.day = day;
  r.day_of_week = wd;
  return r;
}

HolidayRule HolidayRule::Years(int first, int last) const {
  HolidayRule r = *this;
  r.first_year = first;
  r.last_year = last;
  return r;
}

std::optional<CivilDay> RuleDate(const HolidayRule& rule, int year) {
  if (year < rule.first_year || year > rule.last_year) return std::nullopt;
  switch (rule.kind) {
    case HolidayRule::Kind::kFixedDate:
      return Valid(Ymd(year, rule.month, rule.day));
    case HolidayRule::Kind::kEasterOffset:
      return CivilDay(EasterSunday(year)) + days(rule.easter_offset);
    case HolidayRule::Kind::kNthWeekday:
      return NthWeekdayOfMonth(year, rule.month, rule.day_of_week, rule.nth);
    case HolidayRule::Kind::kWeekdayOnOrBefore: {
      const std::optional<CivilDay> limit = Valid(Ymd(year, rule.month, rule.day));
      if (!limit) return std::nullopt;
      return *limit - (weekday(*limit) - rule.day_of_week);  // weekday difference is 0..6 days
    }
  }
  return std::nullopt;
}

std::vector<Holiday> ApplyRules(const std::vector<HolidayRule>& rules, int year) {
  struct Dated {
    CivilDay date;
    const HolidayRule* rule;
  };
  std::vector<Dated> dated;
  for (const HolidayRule& rule : rules) {
    if (const auto date = RuleDate(rule, year)) dated.push_back({*date, &rule});
  }
  std::stable_sort(dated.begin(), dated.end(),
                   [](const Dated& a, const Dated& b) { return a.date < b.date; });

  std::vector<CivilDay> taken;
  for (const Dated& d : dated) taken.push_back(d.date);
  const auto is_taken = [&taken](CivilDay day) {
    return std::find(taken.begin(), taken.end(), day) != taken.end();
  };

  std::vector<Holiday> out;
  for (const Dated& d : dated) {
    out.push_back({d.date, d.rule->name, false});
    if (!IsWeekend(d.date)) continue;
    switch (d.rule->shift) {
      case WeekendShift::kNone:
        break;
      case WeekendShift::kNearestWeekday: {
        const bool saturday = weekday(d.date) == std::chrono::Saturday;
        out.push_back({d.date + days(saturday ? -1 : 1), d.rule->name + " (observed)", true});
        break;
      }
      case WeekendShift::kNextFreeWeekday: {
        CivilDay day = d.date + days(1);
        while (IsWeekend(day) || is_taken(day)) day += days(1);
        taken.push_back(day);
        out.push_back({day, d.rule->name + " (substitute day)", true});
        break;
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return out;
}

}  // namespace consentry
