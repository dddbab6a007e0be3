#include "detectors/sender/hyperloglog.h"

#include <gtest/gtest.h>

#include <string>

#include "state/codec.h"

namespace consentry {
namespace {

HyperLogLog Range(uint64_t from, uint64_t to, int precision = HyperLogLog::kDefaultPrecision) {
  HyperLogLog h(precision);
  for (uint64_t i = from; i < to; ++i) h.Add(i * 7919 + 13);
  return h;
}

std::string Encode(const HyperLogLog& h) {
  std::string out;
  ByteWriter w(&out);
  h.Encode(w);
  return out;
}

bool Decode(std::string_view bytes, HyperLogLog* h) {
  ByteReader r(bytes);
  return HyperLogLog::Decode(r, h) && r.empty();
}

TEST(HyperLogLogTest, SmallSetsAreExactAndSparse) {
  HyperLogLog h;
  for (int round = 0; round < 3; ++round) {
    for (uint64_t i = 1; i <= 300; ++i) h.Add(i);
  }
  EXPECT_TRUE(h.sparse());
  EXPECT_EQ(h.Estimate(), 300);
  EXPECT_EQ(HyperLogLog().Estimate(), 0);
  EXPECT_EQ(h.SparseLimit(), 512u);
}

TEST(HyperLogLogTest, SwitchesToRegistersPastTheSparseLimit) {
  EXPECT_TRUE(Range(0, 512).sparse());
  EXPECT_FALSE(Range(0, 513).sparse());
}

TEST(HyperLogLogTest, EstimatesOneThousandWithinTwoPercent) {
  EXPECT_NEAR(static_cast<double>(Range(0, 1000).Estimate()), 1000.0, 20.0);
}

TEST(HyperLogLogTest, EstimatesFiveThousandWithinFourPercent) {
  // Between the sparse limit and 2.5 x 4,096 registers: linear counting.
  EXPECT_NEAR(static_cast<double>(Range(0, 5'000).Estimate()), 5'000.0, 200.0);
}

TEST(HyperLogLogTest, EstimatesTenThousandWithinFourPercent) {
  EXPECT_NEAR(static_cast<double>(Range(0, 10'000).Estimate()), 10'000.0, 400.0);
}

TEST(HyperLogLogTest, EstimatesOneHundredThousandWithinFourPercent) {
  EXPECT_NEAR(static_cast<double>(Range(0, 100'000).Estimate()), 100'000.0, 4'000.0);
}

TEST(HyperLogLogTest, MergeIsTheSketchOfTheUnion) {
  HyperLogLog a = Range(0, 60'000);
  const HyperLogLog b = Range(40'000, 100'000);
  a.Merge(b);
  EXPECT_EQ(a, Range(0, 100'000));
}

TEST(HyperLogLogTest, MergeOfSmallSetsStaysExact) {
  HyperLogLog a = Range(0, 100);
  a.Merge(Range(50, 200));
  EXPECT_TRUE(a.sparse());
  EXPECT_EQ(a.Estimate(), 200);
  EXPECT_EQ(a, Range(0, 200));
}

TEST(HyperLogLogTest, MergeOfSparseIntoDenseAndBackAgree) {
  HyperLogLog dense_first = Range(0, 5'000);
  dense_first.Merge(Range(4'990, 5'100));
  HyperLogLog sparse_first = Range(4'990, 5'100);
  sparse_first.Merge(Range(0, 5'000));
  EXPECT_EQ(dense_first, sparse_first);
  EXPECT_EQ(dense_first, Range(0, 5'100));
}

TEST(HyperLogLogTest, MergeAcrossPrecisionsFoldsToTheLowerOne) {
  HyperLogLog low(10);
  low.Merge(Range(0, 20'000, 12));
  EXPECT_EQ(low.precision(), 10);
  EXPECT_EQ(low, Range(0, 20'000, 10));
  HyperLogLog high = Range(0, 300, 12);
  high.Merge(Range(300, 20'000, 10));
  EXPECT_EQ(high, Range(0, 20'000, 10));
}

TEST(HyperLogLogTest, EncodingRoundTrips) {
  for (const HyperLogLog& h : {HyperLogLog(), Range(0, 40), Range(0, 3'000), Range(0, 10, 4)}) {
    HyperLogLog back;
    ASSERT_TRUE(Decode(Encode(h), &back));
    EXPECT_EQ(back, h);
  }
}

TEST(HyperLogLogTest, DecodeRejectsMalformedBytes) {
  HyperLogLog h;
  EXPECT_FALSE(Decode("", &h));
  EXPECT_FALSE(Decode(std::string("\x03\x00\x00", 3), &h));  // precision 3
  EXPECT_FALSE(Decode(std::string("\x11\x00\x00", 3), &h));  // precision 17
  EXPECT_FALSE(Decode(std::string("\x0c\x02\x00", 3), &h));  // unknown representation
  EXPECT_FALSE(Decode(std::string("\x04\x00\x02\x05\x00", 5), &h));  // repeated hash
  EXPECT_FALSE(Decode(std::string("\x04\x00\x03\x01\x01\x01", 6), &h));  // over the limit (2)
  std::string dense("\x04\x01", 2);
  dense += std::string(15, '\0');
  EXPECT_FALSE(Decode(dense, &h));  // truncated registers
  dense += '\x3e';                  // rank 62 > 64 - 4 + 1
  EXPECT_FALSE(Decode(dense, &h));
  dense.back() = '\x3d';
  EXPECT_TRUE(Decode(dense, &h));
}

TEST(HyperLogLogTest, StableHashIsFixed) {
  // FNV-1a of "" is 0xcbf29ce484222325; these values are on disk: never change them.
  EXPECT_EQ(StableHash64(""), MixHash64(0xcbf29ce484222325ULL));
  EXPECT_NE(StableHash64("sender-a"), StableHash64("sender-b"));
  EXPECT_EQ(MixHash64(0), 0xe220a8397b1dcdafULL);
}

}  // namespace
}  // namespace consentry
