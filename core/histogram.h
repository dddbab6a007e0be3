#pragma once
// A histogram with fixed upper bounds, as Prometheus exposes one: per bound the number of
// observations at or below it, their sum and their count. Observing is a short search over the
// bounds; no allocation after construction.
//
// Thread-compatible: one thread observes; copy it to hand a snapshot to another thread.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/status.h"

namespace consentry {

class Histogram {
 public:
  // `bounds` in increasing order (seconds, for the latency histograms); +Inf is implied.
  explicit Histogram(std::vector<double> bounds)
      : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

  // Bounds for latencies from 1 ms to 60 s.
  static std::vector<double> LatencyBounds() {
    return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  }

  void Observe(double value) {
    const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value);
    ++counts_[static_cast<size_t>(at - bounds_.begin())];
    sum_ += value;
    ++count_;
  }

  // Adds another histogram's observations (the same bounds: a merge of several threads' copies).
  Histogram& operator+=(const Histogram& other) {
    CONSENTRY_CHECK(other.bounds_ == bounds_);  // only copies of one histogram are merged
    for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    sum_ += other.sum_;
    count_ += other.count_;
    return *this;
  }

  const std::vector<double>& bounds() const { return bounds_; }
  // Observations at or below bounds()[i] (cumulative); the last entry is the count.
  std::vector<int64_t> Cumulative() const {
    std::vector<int64_t> out(counts_.size());
    int64_t running = 0;
    for (size_t i = 0; i < counts_.size(); ++i) out[i] = running += counts_[i];
    return out;
  }
  double sum() const { return sum_; }
  int64_t count() const { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<int64_t> counts_;  // per bucket, not cumulative; the last one is +Inf
  double sum_ = 0;
  int64_t count_ = 0;
};

}  // namespace consentry
