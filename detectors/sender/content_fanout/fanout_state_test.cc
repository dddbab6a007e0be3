#include "detectors/sender/content_fanout/fanout_state.h"

#include <gtest/gtest.h>

#include <string>

namespace consentry {
namespace {

TEST(FanoutStateTest, KeysSortByWindowStart) {
  const FanoutKey before{FromMicros(-1), TenantId("t"), 1};
  const FanoutKey after{FromMicros(0), TenantId("t"), 0};
  EXPECT_LT(EncodeFanoutKey(before), EncodeFanoutKey(after));
  EXPECT_EQ(*DecodeFanoutKey(EncodeFanoutKey(before)), before);
}

TEST(FanoutStateTest, EntryRoundTrips) {
  FanoutEntry e(10);
  for (uint64_t i = 0; i < 200; ++i) {
    e.recipients.Add(i);
    if (i % 3 == 0) e.unconsented.Add(i);
  }
  e.senders.Add(StableHash64("a"));
  e.sample.Add(SenderId("a"), 200);
  e.messages = 200;
  EXPECT_EQ(*DecodeFanoutEntry(EncodeFanoutEntry(e)), e);
}

TEST(FanoutStateTest, SenderSampleKeepsTheSmallestHashesWhateverTheOrder) {
  SenderSample forward;
  SenderSample backward;
  for (int i = 0; i < 100; ++i) forward.Add(SenderId("s" + std::to_string(i)), i + 1);
  for (int i = 99; i >= 0; --i) backward.Add(SenderId("s" + std::to_string(i)), i + 1);
  EXPECT_EQ(forward, backward);
  ASSERT_EQ(forward.counts().size(), SenderSample::kSenderSample);
  // Every kept sender has its exact count (i + 1 for "s<i>").
  for (const auto& [id, count] : forward.counts()) {
    EXPECT_EQ(count, std::stoi(id.value().substr(1)) + 1) << id.value();
  }
}

TEST(FanoutStateTest, RejectsMalformedBytes) {
  EXPECT_EQ(DecodeFanoutEntry("").status().code(), StatusCode::kDataLoss);
  FanoutEntry e;
  e.sample.Add(SenderId("a"), 1);
  const std::string bytes = EncodeFanoutEntry(e);
  EXPECT_TRUE(DecodeFanoutEntry(bytes).ok());
  EXPECT_FALSE(DecodeFanoutEntry("\x02" + bytes.substr(1)).ok());
  EXPECT_FALSE(DecodeFanoutEntry(bytes.substr(0, bytes.size() - 1)).ok());
  EXPECT_FALSE(DecodeFanoutEntry(bytes + "x").ok());
  EXPECT_FALSE(DecodeFanoutKey("short").ok());
}

}  // namespace
}  // namespace consentry
