#include "state/verdict.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "state/codec.h"
#include "state/outbound_codec.h"
#include "state/test_util.h"

namespace consentry {
namespace {

Verdict WithRules(std::vector<FiredRule> fired) {
  Verdict v;
  v.message = testing::FullOutboundEvent("m-1", 1'700'000'000'000'000);
  v.fired = std::move(fired);
  return v;
}

const std::vector<FiredRule> kThreeRules = {
    {"consent_at_send", "2"}, {"purpose_mismatch", "1"}, {"quiet_hours", ""}};

TEST(VerdictTest, RoundTripsNoneOneAndThreeFiredRules) {
  for (const auto& fired : {std::vector<FiredRule>{},
                            std::vector<FiredRule>{{"consent_at_send", "1"}}, kThreeRules}) {
    SCOPED_TRACE(fired.size());
    const Verdict v = WithRules(fired);
    auto decoded = Verdict::Decode(v.Encode());
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    testing::ExpectSameOutbound(decoded->message, v.message);
    EXPECT_EQ(decoded->fired, fired);
  }
}

TEST(VerdictTest, EncodesTheMessageAsALengthPrefixedOutboundValue) {
  Verdict v;
  v.fired = {{"d", "7"}};
  // Version 1, the default message's 18 bytes with their length, one rule of two strings.
  const std::string expected = std::string("\x01\x12") + "\x01" + std::string(17, '\0') +
                               "\x01" + "\x01" "d" + "\x01" "7";
  EXPECT_EQ(v.Encode(), expected);
}

TEST(VerdictTest, EveryTruncationIsDataLoss) {
  const std::string bytes = WithRules(kThreeRules).Encode();
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = Verdict::Decode(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.ok()) << "length " << len;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss) << "length " << len;
  }
}

TEST(VerdictTest, TrailingBytesAndUnknownVersionAreDataLoss) {
  const std::string bytes = WithRules(kThreeRules).Encode();
  EXPECT_EQ(Verdict::Decode(bytes + '\0').status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(Verdict::Decode("\x02" + bytes.substr(1)).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(Verdict::Decode(std::string(1, '\0') + bytes.substr(1)).status().code(),
            StatusCode::kDataLoss);
}

TEST(VerdictTest, AMalformedEmbeddedMessageIsDataLoss) {
  // A well-formed verdict frame around a message with trailing bytes inside its length.
  const std::string message = EncodeOutbound(testing::FullOutboundEvent("m-1", 0)) + "x";
  std::string bytes = "\x01";
  ByteWriter w(&bytes);
  w.PutString(message);
  w.PutVarint64(0);
  EXPECT_EQ(Verdict::Decode(bytes).status().code(), StatusCode::kDataLoss);
}

TEST(VerdictTest, UnsortedOrRepeatedRulesAreDataLoss) {
  Verdict v = WithRules({{"b", "1"}, {"a", "1"}});  // Encode keeps the order it is given
  EXPECT_EQ(Verdict::Decode(v.Encode()).status().code(), StatusCode::kDataLoss);
  v = WithRules({{"a", "1"}, {"a", "1"}});
  EXPECT_EQ(Verdict::Decode(v.Encode()).status().code(), StatusCode::kDataLoss);
}

TEST(VerdictTest, ARuleCountLargerThanTheRulesIsDataLoss) {
  std::string bytes = WithRules({{"a", "1"}}).Encode();
  // The count sits just before the single rule's four bytes ("\x01" "a" "\x01" "1").
  const size_t count_at = bytes.size() - 5;
  ASSERT_EQ(bytes[count_at], '\x01');
  bytes[count_at] = '\x02';
  EXPECT_EQ(Verdict::Decode(bytes).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
