#pragma once
// Encoding helpers shared by the sender detectors' state codecs (on top of state/codec.h).
// These formats are on disk: never change how an existing function encodes.

#include <bit>
#include <cmath>
#include <cstdint>

#include "core/events.h"
#include "core/time.h"
#include "state/codec.h"

namespace consentry {

// IEEE-754 bits, big-endian.
inline void PutDouble(ByteWriter& out, double v) { out.PutFixed64BE(std::bit_cast<uint64_t>(v)); }
// Only a finite, non-negative value (every double the sender detectors store is one).
[[nodiscard]] inline bool ReadNonNegativeDouble(ByteReader& in, double* v) {
  uint64_t bits = 0;
  if (!in.ReadFixed64BE(&bits)) return false;
  *v = std::bit_cast<double>(bits);
  if (!std::isfinite(*v) || *v < 0 || std::signbit(*v)) return in.Fail();
  return true;
}

// Stored times and window indices stay within the RFC 3339 range (core/time.h), so that adding
// a window length or an expiry to them cannot overflow.
inline bool InTimeRange(Timestamp t) { return t >= kMinRfc3339 && t <= kMaxRfc3339; }
inline bool WindowInTimeRange(int64_t index, Duration length) {
  return length.count() > 0 && index >= ToMicros(kMinRfc3339) / length.count() - 1 &&
         index <= ToMicros(kMaxRfc3339) / length.count() + 1;
}

inline void PutTimestamp(ByteWriter& out, Timestamp t) { out.PutSignedVarint64(ToMicros(t)); }
// Only a time in the RFC 3339 range.
[[nodiscard]] inline bool ReadTimestamp(ByteReader& in, Timestamp* t) {
  int64_t us = 0;
  if (!in.ReadSignedVarint64(&us)) return false;
  *t = FromMicros(us);
  if (!InTimeRange(*t)) return in.Fail();
  return true;
}

// The largest count a sender detector stores (2^48, far above any real volume): sums of
// thousands of stored counts, as a 30-day window of hourly buckets makes, cannot overflow.
inline constexpr int64_t kMaxStoredCount = int64_t{1} << 48;
static_assert(kMaxStoredCount >= kMaxExpectedVolume);

// A count from 0 to kMaxStoredCount.
[[nodiscard]] inline bool ReadNonNegative(ByteReader& in, int64_t* v) {
  uint64_t u = 0;
  if (!in.ReadVarint64(&u)) return false;
  if (u > static_cast<uint64_t>(kMaxStoredCount)) return in.Fail();
  *v = static_cast<int64_t>(u);
  return true;
}
inline void PutNonNegative(ByteWriter& out, int64_t v) {
  out.PutVarint64(static_cast<uint64_t>(v));
}

}  // namespace consentry
