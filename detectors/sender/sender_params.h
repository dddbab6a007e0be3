#pragma once
// Parameter parsing shared by the sender detectors' factories (sender_registry.h). Each helper
// reads one parameter from the config text, or returns `fallback` when it is absent, and
// returns InvalidArgument naming the detector, the parameter and what a valid value looks like.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "detectors/registry.h"

namespace consentry {



// A positive duration.
StatusOr<Duration> DurationParam(std::string_view detector, const DetectorParams& params,
                                 std::string_view name, Duration fallback);

// A whole number >= `min`.
StatusOr<int64_t> CountParam(std::string_view detector, const DetectorParams& params,
                             std::string_view name, int64_t fallback, int64_t min);

// A finite decimal number in [min, max].
StatusOr<double> NumberParam(std::string_view detector, const DetectorParams& params,
                             std::string_view name, double fallback, double min, double max);

// An exact fraction written as a decimal ("0.003", at most 9 digits after the point), so that a
// threshold edge is decided exactly: 3 complaints in 1,000 is not above "0.003".
struct Ratio {
  int64_t num = 0;
  int64_t den = 1;
  // part / whole > num / den, exactly; false when whole <= 0.
  bool ExceededBy(int64_t part, int64_t whole) const;
  // part / whole >= num / den, exactly; false when whole <= 0.
  bool ReachedBy(int64_t part, int64_t whole) const;
  double value() const { return static_cast<double>(num) / static_cast<double>(den); }
  // The decimal it was written as, e.g. "0.003".
  std::string ToString() const;
};
StatusOr<Ratio> ParseRatio(std::string_view text);
// A ratio in [0, 1].
StatusOr<Ratio> RatioParam(std::string_view detector, const DetectorParams& params,
                           std::string_view name, Ratio fallback);

}  // namespace consentry
