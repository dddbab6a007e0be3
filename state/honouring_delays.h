#pragma once
// How long withdrawals took to be honoured: for every message sent inside an honouring window
// (after a withdrawal, before the policy's deadline, so no alert), the delay since the
// withdrawal, counted per (UTC day of sending, policy, channel) in family `windows`. The
// regulator reports read these: the share of withdrawals honoured inside the window and the
// median delay. A histogram, not a list, so the value stays a few dozen bytes.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/events.h"
#include "core/status.h"
#include "core/time.h"

namespace consentry {

struct DelayKey {
  int32_t day = 0;     // days since 1970-01-01 (UTC) of sent_at
  std::string policy;  // the jurisdiction policy's name
  Channel channel = Channel::kEmail;
  friend bool operator==(const DelayKey&, const DelayKey&) = default;
};

// The key of `key` in family windows.
std::string DelayStatsKey(const DelayKey& key);

class DelayHistogram {
 public:
  // Bucket i holds delays in [2^(i-1) h, 2^i h), bucket 0 those under 1 h, the last everything
  // from 256 h on.
  static constexpr int kBuckets = 10;

  void Add(Duration delay);
  int64_t count() const { return count_; }
  Duration total() const { return total_; }
  Duration max() const { return max_; }
  const std::array<int64_t, kBuckets>& buckets() const { return buckets_; }

  bool empty() const { return count_ == 0; }
  std::string Encode() const;
  static StatusOr<DelayHistogram> Decode(std::string_view bytes);

 private:
  int64_t count_ = 0;
  Duration total_{0};
  Duration max_{0};
  std::array<int64_t, kBuckets> buckets_{};
};

}  // namespace consentry

template <>
struct std::hash<consentry::DelayKey> {
  size_t operator()(const consentry::DelayKey& k) const noexcept {
    return (std::hash<std::string>{}(k.policy) * 31 + static_cast<size_t>(k.day)) * 31 +
           static_cast<size_t>(k.channel);
  }
};
