#include "state/campaign_codec.h"

#include <gtest/gtest.h>

#include "state/test_util.h"

namespace consentry {
namespace {

TEST(CampaignCodecTest, RoundTripsEveryField) {
  const CampaignDeclaration c = testing::FullCampaign("spring-sale");
  auto decoded = DecodeCampaign(EncodeCampaign(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  testing::ExpectSameCampaign(*decoded, c);
}

TEST(CampaignCodecTest, RoundTripsAbsentOptionals) {
  CampaignDeclaration c;
  c.campaign_id = CampaignId("bare");
  c.tenant = TenantId("acme");
  auto decoded = DecodeCampaign(EncodeCampaign(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  testing::ExpectSameCampaign(*decoded, c);
  EXPECT_FALSE(decoded->channels.has_value());
  EXPECT_FALSE(decoded->ai_content.has_value());

  c.ai_content = true;
  c.channels = ChannelSet{.all = true, .channels = {}};
  decoded = DecodeCampaign(EncodeCampaign(c));
  ASSERT_TRUE(decoded.ok());
  testing::ExpectSameCampaign(*decoded, c);
}

TEST(CampaignCodecTest, EveryTruncationIsDataLoss) {
  const std::string bytes = EncodeCampaign(testing::FullCampaign("spring-sale"));
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = DecodeCampaign(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.ok()) << "length " << len;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss);
  }
  EXPECT_EQ(DecodeCampaign(bytes + "!").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecodeCampaign("\x02" + bytes.substr(1)).status().code(), StatusCode::kDataLoss);
}

TEST(CampaignCodecTest, ReadsTheFormatBeforeExpectedVolume) {
  CampaignDeclaration c = testing::FullCampaign("spring-sale");
  c.expected_volume.reset();
  std::string bytes = EncodeCampaign(c);
  ASSERT_EQ(bytes[0], '\x03');
  ASSERT_EQ(bytes.back(), '\x00');  // "no expected_volume"
  // Format 1 is format 3 without the trailing expected_volume.
  const std::string v1 = "\x01" + bytes.substr(1, bytes.size() - 2);
  auto decoded = DecodeCampaign(v1);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  testing::ExpectSameCampaign(*decoded, c);
}

}  // namespace
}  // namespace consentry
