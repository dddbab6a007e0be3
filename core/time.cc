#include "core/time.h"

#include <date/date.h>

#include <cstdio>

namespace consentry {
namespace {

// Reads exactly `n` digits at `pos`; false if any is not a digit.
bool ReadDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

Status Bad(std::string_view text, std::string_view why) {
  std::string m = "not an RFC 3339 timestamp (";
  m += why;
  m += ")";
  (void)text;  // the caller adds the field name; the raw text may be personal data
  return InvalidArgument(std::move(m));
}

}  // namespace

StatusOr<Timestamp> ParseRfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (s.size() < 20) return Bad(s, "too short");
  if (!ReadDigits(s, 0, 4, year) || s[4] != '-' || !ReadDigits(s, 5, 2, month) || s[7] != '-' ||
      !ReadDigits(s, 8, 2, day)) {
    return Bad(s, "date must be YYYY-MM-DD");
  }
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return Bad(s, "missing 'T' between date and time");
  if (!ReadDigits(s, 11, 2, hour) || s[13] != ':' || !ReadDigits(s, 14, 2, minute) ||
      s[16] != ':' || !ReadDigits(s, 17, 2, second)) {
    return Bad(s, "time must be HH:MM:SS");
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return Bad(s, "no such calendar date");
  if (hour > 23 || minute > 59 || second > 60) return Bad(s, "time field out of range");
  if (second == 60) second = 59;  // a leap second is kept inside its minute

  size_t pos = 19;
  int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return Bad(s, "fraction must have 1 to 9 digits");
    for (size_t i = digits; i < 6; ++i) micros *= 10;
  }
  if (pos >= s.size()) return Bad(s, "missing offset ('Z' or +HH:MM)");
  int offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!ReadDigits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ReadDigits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return Bad(s, "offset must be +HH:MM or -HH:MM");
    }
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return Bad(s, "missing offset ('Z' or +HH:MM)");
  }
  if (pos != s.size()) return Bad(s, "trailing characters");

  const auto days = date::sys_days(ymd);
  Timestamp t = std::chrono::time_point_cast<Duration>(days) + std::chrono::hours(hour) +
                std::chrono::minutes(minute) + std::chrono::seconds(second) + Duration(micros) -
                std::chrono::minutes(offset_minutes);
  // Only reachable through the offset: the four-digit year already bounds the local time.
  if (t < kMinRfc3339 || t > kMaxRfc3339) {
    return InvalidArgument(
        "outside the years 0000 to 9999 once its offset is applied (RFC 3339 writes UTC "
        "times from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z)");
  }
  return t;
}

std::string FormatRfc3339(Timestamp t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Duration> tod{t - day};
  char buf[48];
  const int64_t frac = tod.subseconds().count();
  if (frac == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                  static_cast<int>(tod.seconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                  static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()),
                  static_cast<long long>(frac));
  }
  return buf;
}

StatusOr<Duration> ParseDuration(std::string_view text) {
  size_t i = 0;
  int64_t n = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (n > 1'000'000'000) return InvalidArgument("duration too large");
    n = n * 10 + (text[i++] - '0');
  }
  if (i == 0) return InvalidArgument("duration must start with a number");
  const std::string_view unit = text.substr(i);
  int64_t unit_us = 0;
  if (unit == "ms") unit_us = 1'000;
  if (unit == "s") unit_us = 1'000'000;
  if (unit == "m") unit_us = 60'000'000;
  if (unit == "h") unit_us = 3'600'000'000;
  if (unit == "d") unit_us = 86'400'000'000;
  if (unit_us == 0) return InvalidArgument("unknown duration unit");
  if (n > kMaxDuration.count() / unit_us) return InvalidArgument("duration longer than 3660 days");
  return Duration(n * unit_us);
}

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

int32_t DayOf(Timestamp t) {
  return static_cast<int32_t>(std::chrono::floor<std::chrono::days>(t).time_since_epoch().count());
}

std::string FormatDay(int32_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

StatusOr<int32_t> ParseDay(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  const std::string copy(text);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      std::sscanf(copy.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    return InvalidArgument("'" + copy + "' is not a date (YYYY-MM-DD)");
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok() || y < 1970) {
    return InvalidArgument("'" + copy + "' is not a date from 1970-01-01 on (YYYY-MM-DD)");
  }
  return static_cast<int32_t>(std::chrono::sys_days(ymd).time_since_epoch().count());
}

}  // namespace consentry
