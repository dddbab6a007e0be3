#include "state/seen_message.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <unordered_set>

#include "state/keys.h"
#include "state/test_util.h"

namespace consentry {
namespace {

TEST(SeenMessageTest, DefaultIsNeverSeen) {
  const SeenMessage never;
  EXPECT_FALSE(never.known);
  EXPECT_TRUE(never.empty());
}

TEST(SeenMessageTest, RoundTripsAndDecodesAsKnown) {
  for (int64_t micros : {int64_t{0}, int64_t{-1}, int64_t{1'700'000'000'000'000}, INT64_MIN,
                         INT64_MAX}) {
    SCOPED_TRACE(micros);
    SeenMessage seen;
    seen.digest = 0xFEDC'BA98'7654'3210;  // top bit set
    seen.sent_at = FromMicros(micros);
    auto decoded = SeenMessage::Decode(seen.Encode());
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(decoded->digest, 0xFEDC'BA98'7654'3210u);
    EXPECT_EQ(decoded->sent_at, FromMicros(micros));
    EXPECT_TRUE(decoded->known);
    EXPECT_FALSE(decoded->empty());
  }
}

TEST(SeenMessageTest, EncodesVersionDigestBigEndianThenZigZagTime) {
  SeenMessage seen;
  seen.digest = 0x0102'0304'0506'0708;
  seen.sent_at = FromMicros(-1);  // zig-zag 1
  EXPECT_EQ(seen.Encode(), std::string("\x01\x01\x02\x03\x04\x05\x06\x07\x08\x01", 10));
}

TEST(SeenMessageTest, EveryTruncationTrailingByteAndUnknownVersionIsDataLoss) {
  SeenMessage seen;
  seen.digest = 7;
  seen.sent_at = FromMicros(1'700'000'000'000'000);
  const std::string bytes = seen.Encode();
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = SeenMessage::Decode(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.ok()) << "length " << len;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss) << "length " << len;
  }
  EXPECT_EQ(SeenMessage::Decode(bytes + '\0').status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(SeenMessage::Decode("\x02" + bytes.substr(1)).status().code(),
            StatusCode::kDataLoss);
}

TEST(SeenMessageTest, SeenKeyIsTheDedupKeyOfPartitionTenantAndEventId) {
  const MessageRef ref{2, TenantId("acme"), EventId("e-1")};
  EXPECT_EQ(SeenKey(ref), DedupKey(2, TenantId("acme"), EventId("e-1")));
  // Kind byte 15, the partition (big-endian, sign bit flipped), then both length-prefixed strings.
  EXPECT_EQ(SeenKey(ref), std::string("\x0f\x80\x00\x00\x02\x04" "acme" "\x03" "e-1", 14));
}

TEST(SeenMessageTest, OneEventIdUnderTwoTenantsHasTwoKeys) {
  EXPECT_NE(SeenKey({0, TenantId("acme"), EventId("e-1")}),
            SeenKey({0, TenantId("beta"), EventId("e-1")}));
  // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
  EXPECT_NE(SeenKey({0, TenantId("ab"), EventId("c")}), SeenKey({0, TenantId("a"), EventId("bc")}));
}

TEST(SeenMessageTest, MessageRefWorksAsAnUnorderedSetKey) {
  std::unordered_set<MessageRef> refs;
  EXPECT_TRUE(refs.insert({0, TenantId("acme"), EventId("e-1")}).second);
  EXPECT_TRUE(refs.insert({0, TenantId("beta"), EventId("e-1")}).second);
  EXPECT_TRUE(refs.insert({0, TenantId("acme"), EventId("e-2")}).second);
  EXPECT_FALSE(refs.insert({0, TenantId("acme"), EventId("e-1")}).second);
  EXPECT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs.count({0, TenantId("beta"), EventId("e-1")}), 1u);
  EXPECT_EQ(refs.count({0, TenantId("beta"), EventId("e-2")}), 0u);
}

}  // namespace
}  // namespace consentry
