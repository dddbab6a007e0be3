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

// Parses "2026-03-01T09:30:00Z", "2026-03-01T09:30:00.123+01:00" (RFC 3339 section 5.6: a date,
// 'T' or 't' or ' ', a time with optional fraction of up to 9 digits (kept to microseconds), and
// 'Z' or a numeric offset). Rejects anything else, including out-of-range fields such as
// month 13, Feb 30 or hour 24, with an InvalidArgument that says what is wrong.
StatusOr<Timestamp> ParseRfc3339(std::string_view text);

// "2026-03-01T08:30:00Z", or with ".123456" when the time has a sub-second part.
std::string FormatRfc3339(Timestamp t);

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
