#pragma once
// FrequencyWindow: how many messages one subject received, per (second of sent_at, tenant,
// channel, purpose), for frequency.cap (detectors/frequency_cap/frequency_cap.h). One value per
// subject in family windows (FrequencyWindowKey), holding every tenant's counters, so a batch
// reads a subject's windows with one MultiGet and any cap shape (per channel, across channels,
// per purpose) is counted from the same value.
//
// Written with merge operands, never whole: a batch merges a FrequencyWindow holding only its
// own messages (state/frequency_merge.h folds it into the stored value), and the compaction
// filter of family windows drops buckets older than the expiry floor minus the longest
// configured window (state/windows_filter.h). Times are truncated to the second: messages of
// the same second share a bucket and are not ordered among themselves.
//
// Encoding (format 1), canonical, so Encode(Decode(b)) == b for every accepted b:
//   u8 format (1)
//   varint n, then n length-prefixed tenant strings, strictly ascending
//   varint n, then n length-prefixed purpose strings, strictly ascending
//   varint n, then n buckets strictly ascending by (second, tenant, channel code, purpose):
//     signed varint second - previous bucket's second (the first: - 0), varint tenant index,
//     u8 channel code (state/event_codec.h), varint purpose index, varint count (>= 1)
// Every dictionary string is used by some bucket. Decode rejects anything else with DataLoss.
//
// Thread-compatible.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/ids.h"
#include "core/status.h"
#include "core/time.h"

namespace consentry {

struct FrequencyBucket {
  int64_t second = 0;  // sent_at truncated (floor) to the second, since the epoch
  std::string tenant;
  Channel channel = Channel::kEmail;
  std::string purpose;

  Timestamp start() const;
  // By (second, tenant, channel's on-disk code, purpose): the encoding's order.
  friend bool operator<(const FrequencyBucket& a, const FrequencyBucket& b);
  friend bool operator==(const FrequencyBucket&, const FrequencyBucket&) = default;
};

class FrequencyWindow {
 public:
  // Counts at most this many messages per bucket (more saturate), so sums never overflow.
  static constexpr int64_t kMaxCount = int64_t{1} << 40;
  // The seconds a bucket may name: what a Timestamp (microseconds) can hold.
  static constexpr int64_t kMaxSecond = INT64_MAX / 1'000'000 - 1;

  // sent_at floored to the second.
  static int64_t SecondOf(Timestamp sent_at);

  // Counts `n` (>= 1) messages sent at `sent_at`.
  void Add(Timestamp sent_at, const TenantId& tenant, Channel channel, std::string_view purpose,
           int64_t n = 1);
  // Adds every bucket of `other`.
  void Merge(const FrequencyWindow& other);

  // The messages in buckets that `in_scope` accepts with from_exclusive < start <= to_inclusive
  // (bucket start = its second). Callers pass times truncated to the second. `in_scope` must
  // judge a bucket by its tenant, channel and purpose only (it sees each series once, with the
  // second of its first bucket), so the cost is one predicate call and two binary searches per
  // series, not a walk over the window: a subject that receives thousands of messages a day
  // costs no more per message than one that receives three.
  int64_t Count(const std::function<bool(const FrequencyBucket&)>& in_scope,
                Timestamp from_exclusive, Timestamp to_inclusive) const;

  // Drops the buckets that start before `cutoff`; returns how many were dropped.
  size_t DropBefore(Timestamp cutoff);

  const std::map<FrequencyBucket, int64_t>& buckets() const { return buckets_; }
  bool empty() const { return buckets_.empty(); }
  // The newest bucket's start; Timestamp::min() when empty.
  Timestamp newest() const;
  friend bool operator==(const FrequencyWindow& a, const FrequencyWindow& b) {
    return a.buckets_ == b.buckets_;
  }

  // Rough heap bytes held, for the overlay's memory-bounded cache (state/heap_bytes.h).
  size_t ApproxBytes() const;
  std::string Encode() const;
  static StatusOr<FrequencyWindow> Decode(std::string_view bytes);

 private:
  // Count's index: per series (tenant, channel, purpose; a bucket with second 0), its seconds
  // in order with the running total of messages up to each. Built from buckets_ when Count
  // needs it; Add and DropBefore keep it up to date while messages come in time order; a late
  // message or a Merge drops it.
  struct Running {
    int64_t second;
    int64_t total;  // messages of the series from its start up to and including `second`
  };
  struct Series {
    int64_t dropped = 0;  // the total of the buckets dropped from its front
    std::deque<Running> running;
  };
  using Index = std::map<FrequencyBucket, Series>;
  void BuildIndex() const;

  std::map<FrequencyBucket, int64_t> buckets_;
  mutable std::optional<Index> index_;
};

}  // namespace consentry
