#include "state/outbound_codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "state/test_util.h"

namespace consentry {
namespace {

OutboundEvent RoundTrip(const OutboundEvent& m) {
  auto decoded = DecodeOutbound(EncodeOutbound(m));
  EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
  return decoded.ok() ? *decoded : OutboundEvent{};
}

TEST(OutboundCodecTest, RoundTripsEveryFieldWithOptionalsPresent) {
  const OutboundEvent m = testing::FullOutboundEvent("m-1", 1'700'000'000'123'456);
  testing::ExpectSameOutbound(RoundTrip(m), m);
}

TEST(OutboundCodecTest, RoundTripsAbsentOptionalsAndEmptyStrings) {
  OutboundEvent m;
  m.event_id = EventId("bare");
  m.sent_at = FromMicros(-42);  // before the epoch
  const OutboundEvent decoded = RoundTrip(m);
  testing::ExpectSameOutbound(decoded, m);
  EXPECT_FALSE(decoded.content.fingerprint.has_value());
  EXPECT_FALSE(decoded.content.has_unsubscribe.has_value());
  EXPECT_FALSE(decoded.content.ai_generated.has_value());
  EXPECT_FALSE(decoded.content.ai_disclosed.has_value());
  EXPECT_FALSE(decoded.content.length.has_value());
  EXPECT_TRUE(decoded.data_sources.empty());
}

TEST(OutboundCodecTest, EncodesADefaultMessageAsTheVersionByteAndSeventeenZeros) {
  // Format 1, then every field empty, zero or absent: one zero byte each.
  EXPECT_EQ(EncodeOutbound(OutboundEvent{}), std::string("\x01") + std::string(17, '\0'));
}

TEST(OutboundCodecTest, RoundTripsFingerprintsWithTheTopBitSet) {
  OutboundEvent m = testing::FullOutboundEvent("m-1", 0);
  for (uint64_t fingerprint : {uint64_t{0}, uint64_t{1}, uint64_t{0x7FFF'FFFF'FFFF'FFFF},
                               uint64_t{0x8000'0000'0000'0000}, uint64_t{0xFFFF'FFFF'FFFF'FFFF}}) {
    SCOPED_TRACE(fingerprint);
    m.content.fingerprint = fingerprint;
    EXPECT_EQ(RoundTrip(m).content.fingerprint, fingerprint);
  }
}

TEST(OutboundCodecTest, RoundTripsZeroNegativeAndExtremeLengths) {
  OutboundEvent m = testing::FullOutboundEvent("m-1", 0);
  for (int64_t length : {int64_t{0}, int64_t{-1}, int64_t{-5}, INT64_MIN, INT64_MAX}) {
    SCOPED_TRACE(length);
    m.content.length = length;
    EXPECT_EQ(RoundTrip(m).content.length, length);
  }
}

TEST(OutboundCodecTest, RoundTripsEveryChannelAndBothBoolValues) {
  OutboundEvent m = testing::FullOutboundEvent("m-1", 0);
  for (Channel c : {Channel::kEmail, Channel::kSms, Channel::kMms, Channel::kPush, Channel::kVoice,
                    Channel::kWhatsapp, Channel::kLetter, Channel::kInApp}) {
    m.channel = c;
    EXPECT_EQ(RoundTrip(m).channel, c) << Name(c);
  }
  m.content.has_unsubscribe = false;
  m.content.ai_generated = true;
  m.content.ai_disclosed = false;
  testing::ExpectSameOutbound(RoundTrip(m), m);
}

TEST(OutboundCodecTest, EveryTruncationIsDataLoss) {
  const std::string bytes = EncodeOutbound(testing::FullOutboundEvent("m-1", 1'700'000'000));
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = DecodeOutbound(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.ok()) << "length " << len;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss) << "length " << len;
  }
}

TEST(OutboundCodecTest, TrailingBytesAreDataLoss) {
  const std::string bytes = EncodeOutbound(testing::FullOutboundEvent("m-1", 0));
  EXPECT_EQ(DecodeOutbound(bytes + '\0').status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecodeOutbound(bytes + "more").status().code(), StatusCode::kDataLoss);
}

TEST(OutboundCodecTest, UnknownFormatByteIsDataLoss) {
  const std::string body = EncodeOutbound(testing::FullOutboundEvent("m-1", 0)).substr(1);
  for (char version : {'\x00', '\x02', '\xff'}) {
    EXPECT_EQ(DecodeOutbound(std::string(1, version) + body).status().code(),
              StatusCode::kDataLoss)
        << static_cast<int>(static_cast<uint8_t>(version));
  }
}

TEST(OutboundCodecTest, UnknownChannelOrBoolCodeIsDataLoss) {
  // Default message: version, event id, sent_at, tenant, subject, then the channel at byte 5.
  std::string bytes = EncodeOutbound(OutboundEvent{});
  bytes[5] = '\x08';  // one past the last channel code
  EXPECT_EQ(DecodeOutbound(bytes).status().code(), StatusCode::kDataLoss);
  bytes = EncodeOutbound(OutboundEvent{});
  bytes[13] = '\x03';  // has_unsubscribe: only 0 (absent), 1 (false) and 2 (true) exist
  EXPECT_EQ(DecodeOutbound(bytes).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
