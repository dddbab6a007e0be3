#pragma once
// Event time: microseconds since the Unix epoch, UTC. RFC 3339 parsing and formatting, and the
// injected Clock every component reads wall time from.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace consentry {

using Duration = std::chrono::microseconds;
using Timestamp = std::chrono::sys_time<Duration>;

// The instants RFC 3339 can write in UTC: its years have exactly four digits, so
// 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z. (A Timestamp itself reaches about
// +-292,000 years.)
inline constexpr Timestamp kMinRfc3339 = Timestamp(Duration(-62'167'219'200'000'000));
inline constexpr Timestamp kMaxRfc3339 = Timestamp(Duration(253'402'300'799'999'999));

// Parses "2026-03-01T09:30:00Z", "2026-03-01T09:30:00.123+01:00" (RFC 3339 section 5.6: a date,
// 'T' or 't' or ' ', a time with optional fraction of up to 9 digits (kept to microseconds), and
// 'Z' or a numeric offset). Rejects anything else, including out-of-range fields such as
// month 13, Feb 30 or hour 24, with an InvalidArgument that says what is wrong.
// Also rejects an instant outside [kMinRfc3339, kMaxRfc3339] once the offset is applied
// ("9999-12-31T23:30:00-01:00" is year 10000 in UTC), so FormatRfc3339 of every timestamp this
// returns is valid RFC 3339 and parses back to the same instant.
StatusOr<Timestamp> ParseRfc3339(std::string_view text);

// "2026-03-01T08:30:00Z", or with ".123456" when the time has a sub-second part.
// RFC 3339 only for t in [kMinRfc3339, kMaxRfc3339]; outside that range the year has a sign or
// more than four digits and no RFC 3339 parser reads it back.
std::string FormatRfc3339(Timestamp t);

// The UTC day of `t`, as days since 1970-01-01.
int32_t DayOf(Timestamp t);

// "2026-03-02" for a day number (days since 1970-01-01), and back: InvalidArgument unless the
// text is exactly YYYY-MM-DD, a valid date from 1970-01-01 on.
std::string FormatDay(int32_t day);
StatusOr<int32_t> ParseDay(std::string_view text);

// The longest duration ParseDuration accepts (about ten years), so that window arithmetic on
// event times cannot overflow.
inline constexpr Duration kMaxDuration = std::chrono::hours(24 * 3660);

// "250ms", "30s", "1m", "24h", "30d": digits and one unit, at most kMaxDuration (the grammar of
// every duration in the config and in detector parameters).
StatusOr<Duration> ParseDuration(std::string_view text);

inline int64_t ToMicros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMicros(int64_t micros) { return Timestamp(Duration(micros)); }

// Wall time, injected so tests can control it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }
  void Advance(Duration d) { now_ += d; }
  void Set(Timestamp t) { now_ = t; }

 private:
  Timestamp now_;
};

}  // namespace consentry
