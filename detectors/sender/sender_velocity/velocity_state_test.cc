#include "detectors/sender/sender_velocity/velocity_state.h"

#include <gtest/gtest.h>

#include <limits>

namespace consentry {
namespace {

VelocityEntity Sample() {
  VelocityEntity e;
  e.last_seen = FromMicros(1'700'000'000'000'000);
  e.lanes[0].length = std::chrono::minutes(1);
  e.lanes[1].length = std::chrono::minutes(10);
  Baseline& b = e.lanes[0].baseline;
  b.known = true;
  b.last_window = 28'333'333;
  b.active_since = FromMicros(1'699'000'000'000'000);
  b.last_message = FromMicros(1'699'999'000'000'000);
  b.mean = 5.25;
  b.variance = 0.5;
  WindowTally& t = e.lanes[1].open[2'833'334];
  t.messages = 12;
  t.first = FromMicros(1'700'000'000'000'000);
  t.last = t.first;
  t.short_fired = true;
  t.declared[CampaignId("promo")] = {.messages = 10, .expected_volume = 15'000};
  e.lanes[1].runs[CampaignId("promo")] = {.total = 40, .last_window = 2'833'333,
                                          .alerted_limit = -1};
  return e;
}

TEST(VelocityStateTest, KeyAndValueRoundTrip) {
  const VelocityKey key{VelocityEntityKind::kCampaign, TenantId("t1"), "promo"};
  EXPECT_EQ(*DecodeVelocityKey(EncodeVelocityKey(key)), key);
  const std::string bytes = EncodeVelocityEntity(Sample());
  EXPECT_EQ(bytes[0], '\x01');  // version
  EXPECT_EQ(*DecodeVelocityEntity(bytes), Sample());
}

TEST(VelocityStateTest, RejectsWhatEncodeNeverWrites) {
  VelocityEntity negative = Sample();
  negative.lanes[0].baseline.mean = -1;
  EXPECT_EQ(DecodeVelocityEntity(EncodeVelocityEntity(negative)).status().code(),
            StatusCode::kDataLoss);
  VelocityEntity nan = Sample();
  nan.lanes[0].baseline.variance = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(DecodeVelocityEntity(EncodeVelocityEntity(nan)).ok());
  VelocityEntity zero_length = Sample();
  zero_length.lanes[1].length = Duration(0);
  EXPECT_FALSE(DecodeVelocityEntity(EncodeVelocityEntity(zero_length)).ok());
  VelocityEntity reversed = Sample();
  WindowTally& t = reversed.lanes[1].open.begin()->second;
  t.last = t.first - Duration(1);
  EXPECT_FALSE(DecodeVelocityEntity(EncodeVelocityEntity(reversed)).ok());
  const std::string bytes = EncodeVelocityEntity(Sample());
  EXPECT_FALSE(DecodeVelocityEntity(bytes.substr(0, bytes.size() - 1)).ok());
  EXPECT_FALSE(DecodeVelocityEntity(bytes + '\0').ok());
  EXPECT_FALSE(DecodeVelocityKey(std::string("\x03\x02t1\x01s", 6)).ok());
  EXPECT_TRUE(DecodeVelocityKey(std::string("\x01\x02t1\x01s", 6)).ok());
}

}  // namespace
}  // namespace consentry
