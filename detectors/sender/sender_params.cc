#include "detectors/sender/sender_params.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace consentry {
namespace {

// Counts times a denominator of up to 10^9 can pass 64 bits.
__extension__ typedef __int128 Wide;

Status Bad(std::string_view detector, std::string_view name, std::string_view value,
           std::string_view expected) {
  return InvalidArgument("detector \"" + std::string(detector) + "\": " + std::string(name) +
                         " \"" + std::string(value) + "\" is not " + std::string(expected));
}

}  // namespace

StatusOr<Duration> DurationParam(std::string_view detector, const DetectorParams& params,
                                 std::string_view name, Duration fallback) {
  const auto it = params.find(std::string(name));
  if (it == params.end()) return fallback;
  const StatusOr<Duration> d = ParseDuration(it->second);
  if (!d.ok() || *d <= Duration(0)) {
    return Bad(detector, name, it->second, "a positive duration such as \"1m\", \"10m\", \"24h\"");
  }
  return *d;
}

StatusOr<int64_t> CountParam(std::string_view detector, const DetectorParams& params,
                             std::string_view name, int64_t fallback, int64_t min) {
  const auto it = params.find(std::string(name));
  if (it == params.end()) return fallback;
  const std::string& s = it->second;
  int64_t n = 0;
  bool ok = !s.empty() && s.size() <= 15;
  for (char c : s) ok = ok && c >= '0' && c <= '9';
  if (ok) {
    for (char c : s) n = n * 10 + (c - '0');
  }
  if (!ok || n < min) {
    return Bad(detector, name, s, "a whole number of at least " + std::to_string(min));
  }
  return n;
}

StatusOr<double> NumberParam(std::string_view detector, const DetectorParams& params,
                             std::string_view name, double fallback, double min, double max) {
  const auto it = params.find(std::string(name));
  if (it == params.end()) return fallback;
  const std::string& s = it->second;
  char* end = nullptr;
  errno = 0;
  const double v = s.empty() ? 0 : std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || errno != 0 || !std::isfinite(v) || v < min ||
      v > max) {
    char range[96];
    std::snprintf(range, sizeof range, "a number in [%g, %g]", min, max);
    return Bad(detector, name, s, range);
  }
  return v;
}

bool Ratio::ExceededBy(int64_t part, int64_t whole) const {
  if (whole <= 0) return false;
  return static_cast<Wide>(part) * den > static_cast<Wide>(num) * whole;
}

bool Ratio::ReachedBy(int64_t part, int64_t whole) const {
  if (whole <= 0) return false;
  return static_cast<Wide>(part) * den >= static_cast<Wide>(num) * whole;
}

std::string Ratio::ToString() const {
  std::string digits = std::to_string(num);
  int decimals = 0;
  for (int64_t d = den; d > 1; d /= 10) ++decimals;
  if (decimals == 0) return digits;
  while (static_cast<int>(digits.size()) <= decimals) digits.insert(digits.begin(), '0');
  digits.insert(digits.end() - decimals, '.');
  return digits;
}

StatusOr<Ratio> ParseRatio(std::string_view text) {
  Ratio r;
  size_t i = 0;
  bool any = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (r.num > 1'000'000'000) return InvalidArgument("ratio too large");
    r.num = r.num * 10 + (text[i++] - '0');
    any = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    int decimals = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++decimals > 9) return InvalidArgument("more than 9 decimals");
      r.num = r.num * 10 + (text[i++] - '0');
      r.den *= 10;
      any = true;
    }
  }
  if (!any || i != text.size()) return InvalidArgument("not a decimal number");
  return r;
}

StatusOr<Ratio> RatioParam(std::string_view detector, const DetectorParams& params,
                           std::string_view name, Ratio fallback) {
  const auto it = params.find(std::string(name));
  if (it == params.end()) return fallback;
  const StatusOr<Ratio> r = ParseRatio(it->second);
  if (!r.ok() || r->num > r->den) {
    return Bad(detector, name, it->second,
               "a decimal fraction in [0, 1] with at most 9 decimals, such as \"0.003\"");
  }
  return *r;
}

}  // namespace consentry
