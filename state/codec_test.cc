#include "state/codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace consentry {
namespace {

TEST(CodecTest, VarintsRoundTripAtEveryWidth) {
  const uint64_t values[] = {0, 1, 127, 128, 16383, 16384, uint64_t{1} << 35,
                             std::numeric_limits<uint64_t>::max()};
  for (uint64_t v : values) {
    std::string buf;
    ByteWriter(&buf).PutVarint64(v);
    ByteReader r(buf);
    uint64_t out = 0;
    ASSERT_TRUE(r.ReadVarint64(&out)) << v;
    EXPECT_EQ(out, v);
    EXPECT_TRUE(r.empty());
  }
}

TEST(CodecTest, SignedVarintsRoundTripIncludingExtremes) {
  const int64_t values[] = {0, -1, 1, -64, 64, std::numeric_limits<int64_t>::min(),
                            std::numeric_limits<int64_t>::max()};
  for (int64_t v : values) {
    std::string buf;
    ByteWriter(&buf).PutSignedVarint64(v);
    ByteReader r(buf);
    int64_t out = 0;
    ASSERT_TRUE(r.ReadSignedVarint64(&out)) << v;
    EXPECT_EQ(out, v);
  }
  std::string small;
  ByteWriter(&small).PutSignedVarint64(-1);
  EXPECT_EQ(small.size(), 1u);
}

TEST(CodecTest, RejectsOverlongAndTruncatedVarints) {
  uint64_t v;
  // The reader views its input: the bytes must outlive it.
  const std::string eleven_bytes = std::string(10, '\x80') + "\x01";
  ByteReader eleven(eleven_bytes);
  EXPECT_FALSE(eleven.ReadVarint64(&v));
  const std::string overflow_bytes = std::string(9, '\xff') + "\x02";
  ByteReader overflow(overflow_bytes);
  EXPECT_FALSE(overflow.ReadVarint64(&v));
  ByteReader truncated("\x80\x80");
  EXPECT_FALSE(truncated.ReadVarint64(&v));
  EXPECT_FALSE(truncated.ok());
}

TEST(CodecTest, FailedReaderStaysFailed) {
  std::string buf;
  ByteWriter w(&buf);
  w.PutString("hello");
  w.PutU8(7);
  ByteReader r(std::string_view(buf).substr(0, 3));
  std::string s;
  EXPECT_FALSE(r.ReadString(&s));
  uint8_t b;
  EXPECT_FALSE(r.ReadU8(&b));
  EXPECT_FALSE(r.ok());
}

TEST(CodecTest, CountLargerThanInputIsRejected) {
  std::string buf;
  ByteWriter(&buf).PutVarint64(1'000'000);
  buf += "abc";
  ByteReader r(buf);
  uint64_t n;
  EXPECT_FALSE(r.ReadCount(&n));
}

TEST(CodecTest, BigEndianSortsLikeNumbers) {
  std::string a, b, c;
  ByteWriter(&a).PutFixed64BE(OrderedFromSigned64(-2));
  ByteWriter(&b).PutFixed64BE(OrderedFromSigned64(-1));
  ByteWriter(&c).PutFixed64BE(OrderedFromSigned64(1));
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  ByteReader r(c);
  uint64_t u;
  ASSERT_TRUE(r.ReadFixed64BE(&u));
  EXPECT_EQ(SignedFromOrdered64(u), 1);
  EXPECT_EQ(SignedFromOrdered32(OrderedFromSigned32(-7)), -7);
}

TEST(CodecTest, BoolAcceptsOnlyZeroAndOne) {
  bool b;
  ByteReader two("\x02");
  EXPECT_FALSE(two.ReadBool(&b));
  ByteReader one("\x01");
  ASSERT_TRUE(one.ReadBool(&b));
  EXPECT_TRUE(b);
}

}  // namespace
}  // namespace consentry
