#include "state/honouring_delays.h"

#include <algorithm>
#include <chrono>

#include "state/codec.h"

namespace consentry {
namespace {

// Leading byte of every stored histogram. Never reuse a number.
constexpr uint8_t kDelayFormatV1 = 1;

int BucketOf(Duration delay) {
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(delay).count();
  int bucket = 0;
  for (int64_t limit = 1; bucket < DelayHistogram::kBuckets - 1 && hours >= limit; limit *= 2) {
    ++bucket;
  }
  return bucket;
}

}  // namespace

Duration DelayHistogram::BucketEnd(int i) {
  if (i >= kBuckets - 1) return Duration::max();
  return std::chrono::hours(int64_t{1} << i);
}

void DelayHistogram::Add(Duration delay) {
  delay = std::max(delay, Duration(0));
  ++count_;
  total_ += delay;
  max_ = std::max(max_, delay);
  ++buckets_[BucketOf(delay)];
}

std::string DelayHistogram::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kDelayFormatV1);
  w.PutVarint64(static_cast<uint64_t>(count_));
  w.PutSignedVarint64(total_.count());  // Duration counts microseconds
  w.PutSignedVarint64(max_.count());
  for (int64_t b : buckets_) w.PutVarint64(static_cast<uint64_t>(b));
  return out;
}

StatusOr<DelayHistogram> DelayHistogram::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version;
  DelayHistogram h;
  uint64_t count;
  int64_t total, max;
  if (!r.ReadU8(&version) || version != kDelayFormatV1 || !r.ReadVarint64(&count) ||
      !r.ReadSignedVarint64(&total) || !r.ReadSignedVarint64(&max)) {
    return DataLoss("honouring delays: malformed value");
  }
  // Every count fits an int64 and the buckets add up to it; 0 <= max <= total. A value that
  // breaks these was not written by Encode, and Add() on it could overflow.
  constexpr uint64_t kMaxCount = static_cast<uint64_t>(INT64_MAX);
  uint64_t sum = 0;
  for (int64_t& b : h.buckets_) {
    uint64_t v;
    if (!r.ReadVarint64(&v)) return DataLoss("honouring delays: truncated buckets");
    if (v > kMaxCount - sum) return DataLoss("honouring delays: bucket counts overflow");
    sum += v;
    b = static_cast<int64_t>(v);
  }
  if (!r.empty()) return DataLoss("honouring delays: trailing bytes");
  if (count > kMaxCount || sum != count) {
    return DataLoss("honouring delays: buckets do not add up to the count");
  }
  if (max < 0 || total < max || (count == 0 && total != 0)) {
    return DataLoss("honouring delays: total and max are inconsistent");
  }
  h.count_ = static_cast<int64_t>(count);
  h.total_ = Duration(total);
  h.max_ = Duration(max);
  return h;
}

}  // namespace consentry
