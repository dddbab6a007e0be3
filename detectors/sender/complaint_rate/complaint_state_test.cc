#include "detectors/sender/complaint_rate/complaint_state.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(ComplaintStateTest, KeyAndValueRoundTrip) {
  const ComplaintKey key{SenderId("s1"), TenantId("")};
  EXPECT_EQ(*DecodeComplaintKey(EncodeComplaintKey(key)), key);
  ComplaintEntity e;
  e.level = ComplaintLevel::kWarn;
  e.next_hour = -3;
  e.hours[-5] = {.sent = 10, .bounces = 1, .complaints = 2};
  e.hours[400'000] = {.sent = 0, .bounces = 0, .complaints = 7};
  const std::string bytes = EncodeComplaintEntity(e);
  EXPECT_EQ(bytes[0], '\x01');  // version
  EXPECT_EQ(*DecodeComplaintEntity(bytes), e);
}

TEST(ComplaintStateTest, RejectsMalformedBytes) {
  EXPECT_EQ(DecodeComplaintEntity("").status().code(), StatusCode::kDataLoss);
  EXPECT_FALSE(DecodeComplaintEntity(std::string("\x02\x00\x00\x00", 4)).ok());  // version
  EXPECT_FALSE(DecodeComplaintEntity(std::string("\x01\x03\x00\x00", 4)).ok());  // level
  EXPECT_TRUE(DecodeComplaintEntity(std::string("\x01\x02\x00\x00", 4)).ok());
  // Hours out of order: 2 then 1.
  EXPECT_FALSE(
      DecodeComplaintEntity(std::string("\x01\x00\x00\x02\x04\x00\x00\x00\x02\x00\x00\x00", 12))
          .ok());
  EXPECT_FALSE(DecodeComplaintKey("\x05s1").ok());
}

}  // namespace
}  // namespace consentry
