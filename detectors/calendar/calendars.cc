#include "detectors/calendar/calendars.h"

#include <algorithm>
#include <map>
#include <utility>

namespace consentry {
namespace {

using std::chrono::Monday;
using std::chrono::Thursday;
using R = HolidayRule;
constexpr WeekendShift kNearest = WeekendShift::kNearestWeekday;
constexpr WeekendShift kNextFree = WeekendShift::kNextFreeWeekday;
constexpr int kAlways = HolidayRule::kAlways;
constexpr int kForever = HolidayRule::kForever;

// A one-off holiday on one date of one year.
HolidayRule Once(std::string name, int year, unsigned month, unsigned day) {
  return R::Fixed(std::move(name), month, day).Years(year, year);
}

HolidayCalendar UnitedStates() {
  return HolidayCalendar(
      "US",
      "US federal holidays, 5 U.S.C. 6103(a); observed days per 5 U.S.C. 6103(b) and Executive "
      "Order 11582 (Saturday -> Friday before, Sunday -> Monday after)",
      {R::Fixed("New Year's Day", 1, 1, kNearest),
       R::Nth("Birthday of Martin Luther King, Jr.", 1, Monday, 3).Years(1986, kForever),
       R::Nth("Washington's Birthday", 2, Monday, 3).Years(1971, kForever),
       R::Nth("Memorial Day", 5, Monday, R::kLast).Years(1971, kForever),
       R::Fixed("Juneteenth National Independence Day", 6, 19, kNearest).Years(2021, kForever),
       R::Fixed("Independence Day", 7, 4, kNearest),
       R::Nth("Labor Day", 9, Monday, 1),
       R::Nth("Columbus Day", 10, Monday, 2).Years(1971, kForever),
       R::Nth("Veterans Day", 10, Monday, 4).Years(1971, 1977),
       R::Fixed("Veterans Day", 11, 11, kNearest).Years(1978, kForever),
       R::Nth("Thanksgiving Day", 11, Thursday, 4),
       R::Fixed("Christmas Day", 12, 25, kNearest)});
}

HolidayCalendar Canada() {
  return HolidayCalendar(
      "CA",
      "Canada Labour Code s. 166 (federal general holidays); a holiday on a Saturday or Sunday "
      "is observed on the next weekday that is not a holiday (federal practice)",
      {R::Fixed("New Year's Day", 1, 1, kNextFree),
       R::Easter("Good Friday", -2),
       R::OnOrBefore("Victoria Day", 5, 24, Monday),
       R::Fixed("Canada Day", 7, 1, kNextFree),
       R::Nth("Labour Day", 9, Monday, 1),
       R::Fixed("National Day for Truth and Reconciliation", 9, 30, kNextFree)
           .Years(2021, kForever),
       R::Nth("Thanksgiving Day", 10, Monday, 2),
       R::Fixed("Remembrance Day", 11, 11, kNextFree),
       R::Fixed("Christmas Day", 12, 25, kNextFree),
       R::Fixed("Boxing Day", 12, 26, kNextFree)});
}

HolidayCalendar Denmark() {
  return HolidayCalendar(
      "DK",
      "Danish public holidays (helligdage); Store Bededag abolished from 2024 (act adopted by "
      "the Folketing on 28 February 2023); Grundlovsdag, 24 and 31 December are not public "
      "holidays",
      {R::Fixed("Nytårsdag", 1, 1), R::Easter("Skærtorsdag", -3), R::Easter("Langfredag", -2),
       R::Easter("Påskedag", 0), R::Easter("2. påskedag", 1),
       R::Easter("Store bededag", 26).Years(kAlways, 2023),
       R::Easter("Kristi himmelfartsdag", 39), R::Easter("Pinsedag", 49),
       R::Easter("2. pinsedag", 50), R::Fixed("Juledag", 12, 25),
       R::Fixed("2. juledag", 12, 26)});
}

HolidayCalendar Germany() {
  return HolidayCalendar(
      "DE",
      "holidays observed in all 16 German states (state holiday acts; 3 October by the "
      "Unification Treaty art. 2(2); 31 October 2017 once, nationwide); no weekend substitution",
      {R::Fixed("Neujahr", 1, 1), R::Easter("Karfreitag", -2), R::Easter("Ostermontag", 1),
       R::Fixed("Tag der Arbeit", 5, 1), R::Easter("Christi Himmelfahrt", 39),
       R::Easter("Pfingstmontag", 50),
       R::Fixed("Tag der Deutschen Einheit", 10, 3).Years(1990, kForever),
       Once("Reformationstag (500th anniversary)", 2017, 10, 31),
       R::Fixed("1. Weihnachtstag", 12, 25), R::Fixed("2. Weihnachtstag", 12, 26)});
}

HolidayCalendar EnglandAndWales() {
  const R early_may = R::Nth("Early May bank holiday", 5, Monday, 1);
  const R spring = R::Nth("Spring bank holiday", 5, Monday, R::kLast);
  return HolidayCalendar(
      "GB-EAW",
      "England and Wales bank holidays: Banking and Financial Dealings Act 1971 sched. 1 and "
      "royal proclamations (New Year's Day, early May, substitute days, one-off days since "
      "1999); Good Friday and Christmas Day by common law",
      {R::Fixed("New Year's Day", 1, 1, kNextFree).Years(1974, kForever),
       R::Easter("Good Friday", -2), R::Easter("Easter Monday", 1),
       early_may.Years(1978, 1994), early_may.Years(1996, 2019), early_may.Years(2021, kForever),
       Once("Early May bank holiday (VE Day)", 1995, 5, 8),
       Once("Early May bank holiday (VE Day)", 2020, 5, 8),
       spring.Years(kAlways, 2001), spring.Years(2003, 2011), spring.Years(2013, 2021),
       spring.Years(2023, kForever), Once("Spring bank holiday", 2002, 6, 4),
       Once("Spring bank holiday", 2012, 6, 4), Once("Spring bank holiday", 2022, 6, 2),
       Once("Millennium bank holiday", 1999, 12, 31), Once("Golden Jubilee", 2002, 6, 3),
       Once("Royal Wedding", 2011, 4, 29), Once("Diamond Jubilee", 2012, 6, 5),
       Once("Platinum Jubilee", 2022, 6, 3),
       Once("State Funeral of Queen Elizabeth II", 2022, 9, 19),
       Once("Coronation of King Charles III", 2023, 5, 8),
       R::Nth("Summer bank holiday", 8, Monday, R::kLast),
       R::Fixed("Christmas Day", 12, 25, kNextFree), R::Fixed("Boxing Day", 12, 26, kNextFree)});
}

const std::map<std::string, HolidayCalendar, std::less<>>& Builtins() {
  static const auto* const calendars = [] {
    auto* m = new std::map<std::string, HolidayCalendar, std::less<>>;
    for (HolidayCalendar c : {UnitedStates(), Canada(), Denmark(), Germany(), EnglandAndWales(),
                              HolidayCalendar("weekends_only",
                                              "no holidays: Saturdays and Sundays only", {})}) {
      std::string name = c.name();
      m->emplace(std::move(name), std::move(c));
    }
    return m;
  }();
  return *calendars;
}

}  // namespace

HolidayCalendar::HolidayCalendar(std::string name, std::string source,
                                 std::vector<HolidayRule> rules)
    : name_(std::move(name)), source_(std::move(source)), rules_(std::move(rules)) {}

std::vector<Holiday> HolidayCalendar::HolidaysIn(int year) const {
  const std::chrono::sys_days first{std::chrono::year{year} / 1 / 1};
  const std::chrono::sys_days last{std::chrono::year{year} / 12 / 31};
  std::vector<Holiday> out;
  // Observed days cross year ends (US: New Year's Day on a Saturday is observed on 31 Dec).
  for (int y = year - 1; y <= year + 1; ++y) {
    for (Holiday& h : ApplyRules(rules_, y)) {
      if (h.date >= first && h.date <= last) out.push_back(std::move(h));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return out;
}

bool HolidayCalendar::IsHoliday(CivilDay day) const {
  const int year = static_cast<int>(std::chrono::year_month_day(day).year());
  for (const Holiday& h : HolidaysIn(year)) {
    if (h.date == day) return true;
  }
  return false;
}

bool HolidayCalendar::IsBusinessDay(CivilDay day) const {
  const std::chrono::weekday wd(day);
  if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) return false;
  return !IsHoliday(day);
}

const HolidayCalendar* FindBuiltinCalendar(std::string_view name) {
  const auto& builtins = Builtins();
  const auto it = builtins.find(name);
  return it == builtins.end() ? nullptr : &it->second;
}

std::vector<std::string> BuiltinCalendarNames() {
  std::vector<std::string> names;
  for (const auto& [name, calendar] : Builtins()) names.push_back(name);
  return names;
}

}  // namespace consentry
