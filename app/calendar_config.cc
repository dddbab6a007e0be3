#include "app/calendar_config.h"

#include <string>
#include <utility>
#include <vector>

#include "detectors/calendar/calendars.h"

namespace consentry {
namespace {

constexpr char kRuleFix[] =
    "give exactly one of `date: MM-DD`, `easter: OFFSET_DAYS`, `month` + `weekday` + `nth` "
    "(1-5 or last), or `month` + `weekday` + `on_or_before: DAY`";

StatusOr<std::chrono::weekday> ReadWeekday(const ConfigReader& r, const YAML::Node& node) {
  static constexpr const char* kNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                           "thursday", "friday", "saturday"};
  for (unsigned i = 0; i < 7; ++i) {
    if (node.IsScalar() && node.Scalar() == kNames[i]) return std::chrono::weekday{i};
  }
  return r.Error(node, "unknown weekday '" + node.Scalar() + "'", "use monday ... sunday");
}

StatusOr<WeekendShift> ReadShift(const ConfigReader& r, const YAML::Node& node) {
  const std::string s = node.IsScalar() ? node.Scalar() : "";
  if (s == "none") return WeekendShift::kNone;
  if (s == "nearest_weekday") return WeekendShift::kNearestWeekday;
  if (s == "next_free_weekday") return WeekendShift::kNextFreeWeekday;
  return r.Error(node, "unknown shift '" + s + "'",
                 "use none, nearest_weekday or next_free_weekday");
}

// "12-25" -> month 12, day 25.
Status ReadMonthDay(const ConfigReader& r, const YAML::Node& node, HolidayRule& rule) {
  const std::string s = node.IsScalar() ? node.Scalar() : "";
  const bool shape = s.size() == 5 && s[2] == '-' && isdigit(s[0]) && isdigit(s[1]) &&
                     isdigit(s[3]) && isdigit(s[4]);
  rule.month = shape ? static_cast<unsigned>(std::stoi(s.substr(0, 2))) : 0;
  rule.day = shape ? static_cast<unsigned>(std::stoi(s.substr(3, 2))) : 0;
  const std::chrono::month_day md{std::chrono::month{rule.month}, std::chrono::day{rule.day}};
  if (!shape || !md.ok()) {
    return r.Error(node, "holiday date '" + s + "' is not MM-DD", "write e.g. 12-25");
  }
  return Status::Ok();
}

Status ReadWeekdayRule(const ConfigReader& r, const YAML::Node& h, HolidayRule& rule) {
  CONSENTRY_ASSIGN_OR_RETURN(int64_t month, r.Int(h["month"], "holiday month", 1, 12));
  rule.month = static_cast<unsigned>(month);
  if (!h["weekday"]) return r.Error(h, "a weekday holiday needs `weekday`", kRuleFix);
  CONSENTRY_ASSIGN_OR_RETURN(rule.day_of_week, ReadWeekday(r, h["weekday"]));
  if (h["nth"] && !h["on_or_before"]) {
    rule.kind = HolidayRule::Kind::kNthWeekday;
    if (h["nth"].IsScalar() && h["nth"].Scalar() == "last") {
      rule.nth = HolidayRule::kLast;
      return Status::Ok();
    }
    CONSENTRY_ASSIGN_OR_RETURN(int64_t nth, r.Int(h["nth"], "holiday nth (or `last`)", 1, 5));
    rule.nth = static_cast<int>(nth);
    return Status::Ok();
  }
  if (h["on_or_before"] && !h["nth"]) {
    rule.kind = HolidayRule::Kind::kWeekdayOnOrBefore;
    CONSENTRY_ASSIGN_OR_RETURN(int64_t day,
                               r.Int(h["on_or_before"], "holiday on_or_before", 1, 31));
    rule.day = static_cast<unsigned>(day);
    return Status::Ok();
  }
  return r.Error(h, "a weekday holiday needs exactly one of `nth` and `on_or_before`", kRuleFix);
}

StatusOr<HolidayRule> ReadRule(const ConfigReader& r, const YAML::Node& h) {
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      h, {"name", "date", "easter", "month", "weekday", "nth", "on_or_before", "shift",
          "from_year", "to_year"},
      "holiday"));
  HolidayRule rule;
  CONSENTRY_ASSIGN_OR_RETURN(rule.name, r.String(h["name"], "holiday name"));
  const int kinds = (h["date"] ? 1 : 0) + (h["easter"] ? 1 : 0) + (h["month"] ? 1 : 0);
  if (kinds != 1) return r.Error(h, "holiday " + rule.name + " has no single rule", kRuleFix);
  if (h["date"]) {
    rule.kind = HolidayRule::Kind::kFixedDate;
    CONSENTRY_RETURN_IF_ERROR(ReadMonthDay(r, h["date"], rule));
  } else if (h["easter"]) {
    rule.kind = HolidayRule::Kind::kEasterOffset;
    CONSENTRY_ASSIGN_OR_RETURN(int64_t offset,
                               r.Int(h["easter"], "holiday easter offset", -100, 100));
    rule.easter_offset = static_cast<int>(offset);
  } else {
    CONSENTRY_RETURN_IF_ERROR(ReadWeekdayRule(r, h, rule));
  }
  if (h["shift"]) {
    CONSENTRY_ASSIGN_OR_RETURN(rule.shift, ReadShift(r, h["shift"]));
  }
  if (h["from_year"]) {
    CONSENTRY_ASSIGN_OR_RETURN(int64_t y, r.Int(h["from_year"], "holiday from_year", 1583, 9999));
    rule.first_year = static_cast<int>(y);
  }
  if (h["to_year"]) {
    CONSENTRY_ASSIGN_OR_RETURN(int64_t y, r.Int(h["to_year"], "holiday to_year", 1583, 9999));
    rule.last_year = static_cast<int>(y);
  }
  if (rule.first_year > rule.last_year) {
    return r.Error(h, "holiday " + rule.name + " ends before it starts",
                   "swap from_year and to_year");
  }
  return rule;
}

}  // namespace

Status ReadCalendars(const ConfigReader& r, const YAML::Node& node, PolicySet& set) {
  if (!node.IsMap()) {
    return r.Error(node, "calendars must map a calendar name to {source, holidays}", "");
  }
  for (const auto& kv : node) {
    const std::string name = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(v, {"source", "holidays"}, "calendar " + name));
    CONSENTRY_ASSIGN_OR_RETURN(std::string source,
                               r.String(v["source"], "calendar " + name + " source"));
    std::vector<HolidayRule> rules;
    if (v["holidays"]) {
      if (!v["holidays"].IsSequence()) {
        return r.Error(v["holidays"], "holidays of calendar " + name + " must be a list", kRuleFix);
      }
      for (const auto& h : v["holidays"]) {
        CONSENTRY_ASSIGN_OR_RETURN(HolidayRule rule, ReadRule(r, h));
        rules.push_back(std::move(rule));
      }
    }
    const Status s = set.AddCalendar(HolidayCalendar(name, std::move(source), std::move(rules)));
    if (!s.ok()) return r.Error(kv.first, s.message(), "");
  }
  return Status::Ok();
}

}  // namespace consentry
