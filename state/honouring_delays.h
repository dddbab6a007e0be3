#pragma once
// How long withdrawals took to be honoured: for every message sent inside an honouring window
// (after a withdrawal, before the policy's deadline, so no alert), the delay since the
// withdrawal. Part of each report aggregate (state/stats_cell.h); the regulator report reads the
// median and p95. A histogram, not a list, so the value stays a few dozen bytes.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace consentry {

class DelayHistogram {
 public:
  // Bucket i holds delays in [2^(i-1) h, 2^i h), bucket 0 those under 1 h, the last everything
  // from 256 h on.
  static constexpr int kBuckets = 10;
  // The exclusive upper bound of bucket `i` (Duration::max() for the last).
  static Duration BucketEnd(int i);

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

