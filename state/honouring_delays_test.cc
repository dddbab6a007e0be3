#include "state/honouring_delays.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include "state/test_util.h"

namespace consentry {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// The bucket a single delay lands in, read back from the histogram.
int OnlyBucket(Duration delay) {
  DelayHistogram h;
  h.Add(delay);
  int found = -1;
  for (int i = 0; i < DelayHistogram::kBuckets; ++i) {
    if (h.buckets()[i] == 0) continue;
    EXPECT_EQ(found, -1) << "two buckets";
    EXPECT_EQ(h.buckets()[i], 1);
    found = i;
  }
  return found;
}

TEST(DelayHistogramTest, BucketZeroIsUnderOneHour) {
  EXPECT_EQ(OnlyBucket(Duration(0)), 0);
  EXPECT_EQ(OnlyBucket(minutes(59)), 0);
  EXPECT_EQ(OnlyBucket(hours(1) - Duration(1)), 0);
}

TEST(DelayHistogramTest, BucketIHoldsFromTwoToTheIMinusOneHoursUpToTwoToTheI) {
  // [1 h, 2 h) -> 1, [2 h, 4 h) -> 2, ..., [128 h, 256 h) -> 8.
  const std::array<int64_t, 9> lower_hours = {0, 1, 2, 4, 8, 16, 32, 64, 128};
  for (int i = 1; i <= 8; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(OnlyBucket(hours(lower_hours[i])), i);
    EXPECT_EQ(OnlyBucket(hours(2 * lower_hours[i]) - Duration(1)), i);
  }
  EXPECT_EQ(OnlyBucket(hours(3)), 2);
  EXPECT_EQ(OnlyBucket(minutes(90)), 1);
}

TEST(DelayHistogramTest, LastBucketHoldsEverythingFrom256Hours) {
  EXPECT_EQ(OnlyBucket(hours(256)), 9);
  EXPECT_EQ(OnlyBucket(hours(512)), 9);
  EXPECT_EQ(OnlyBucket(hours(24 * 365 * 100)), 9);
  EXPECT_EQ(OnlyBucket(Duration::max()), 9);
}

TEST(DelayHistogramTest, NegativeDelaysCountAsZero) {
  DelayHistogram h;
  h.Add(hours(-5));
  h.Add(Duration::min());
  EXPECT_EQ(h.count(), 2);
  EXPECT_EQ(h.total(), Duration(0));
  EXPECT_EQ(h.max(), Duration(0));
  EXPECT_EQ(h.buckets()[0], 2);
}

TEST(DelayHistogramTest, CountsTotalsAndKeepsTheMaximum) {
  DelayHistogram h;
  EXPECT_TRUE(h.empty());
  h.Add(minutes(30));
  h.Add(hours(3));
  h.Add(hours(300));
  h.Add(minutes(45));
  EXPECT_FALSE(h.empty());
  EXPECT_EQ(h.count(), 4);
  EXPECT_EQ(h.total(), minutes(30 + 180 + 18000 + 45));
  EXPECT_EQ(h.max(), hours(300));
  const std::array<int64_t, DelayHistogram::kBuckets> expected = {2, 0, 1, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(h.buckets(), expected);
}

TEST(DelayHistogramTest, RoundTripsEmptyAndFilledHistograms) {
  auto empty = DelayHistogram::Decode(DelayHistogram().Encode());
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());

  DelayHistogram h;
  for (int64_t hrs : {0, 1, 2, 5, 12, 40, 100, 200, 300, 1000}) h.Add(hours(hrs));
  h.Add(Duration(1));
  auto decoded = DelayHistogram::Decode(h.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->count(), 11);
  EXPECT_EQ(decoded->total(), hours(1660) + Duration(1));
  EXPECT_EQ(decoded->max(), hours(1000));
  const std::array<int64_t, DelayHistogram::kBuckets> expected = {2, 1, 1, 1, 1, 0, 1, 1, 1, 2};
  EXPECT_EQ(decoded->buckets(), expected);
}

TEST(DelayHistogramTest, EncodesVersionCountTotalMaxThenBuckets) {
  DelayHistogram h;
  h.Add(Duration(3));  // zig-zag 6
  EXPECT_EQ(h.Encode(), std::string("\x01\x01\x06\x06\x01", 5) + std::string(9, '\0'));
}

TEST(DelayHistogramTest, EveryTruncationTrailingByteAndUnknownVersionIsDataLoss) {
  DelayHistogram h;
  h.Add(hours(3));
  h.Add(hours(1000));
  const std::string bytes = h.Encode();
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = DelayHistogram::Decode(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.ok()) << "length " << len;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss) << "length " << len;
  }
  EXPECT_EQ(DelayHistogram::Decode(bytes + '\0').status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(DelayHistogram::Decode("\x02" + bytes.substr(1)).status().code(),
            StatusCode::kDataLoss);
}

// Values Encode could never write: Add() on them could overflow, so they are DataLoss.
TEST(DelayHistogramTest, InconsistentValuesAreDataLoss) {
  // Version, count, total, max (zig-zag), bucket 0, then nine empty buckets.
  const auto decode = [](std::string_view head) {
    return DelayHistogram::Decode(std::string(head) + std::string(9, '\0')).status().code();
  };
  // What Encode writes for one 3 µs delay.
  EXPECT_EQ(decode(std::string_view("\x01\x01\x06\x06\x01", 5)), StatusCode::kOk);
  // Count 5 but the buckets hold 1; max above total; negative max; a total without a count.
  EXPECT_EQ(decode(std::string_view("\x01\x05\x06\x06\x01", 5)), StatusCode::kDataLoss);
  EXPECT_EQ(decode(std::string_view("\x01\x01\x06\x08\x01", 5)), StatusCode::kDataLoss);
  EXPECT_EQ(decode(std::string_view("\x01\x01\x06\x05\x01", 5)), StatusCode::kDataLoss);
  EXPECT_EQ(decode(std::string_view("\x01\x00\x06\x00\x00", 5)), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
