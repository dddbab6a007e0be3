#include "pipeline/sender_record.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(SenderRecordTest, PartitionIsKafkasDefaultForAKey) {
  // (-973932308 & 0x7fffffff) % 4 = 1173551340 % 4 = 0; 479470107 % 4 = 3.
  EXPECT_EQ(SenderPartition(SenderId("21"), 4), 0);
  EXPECT_EQ(SenderPartition(SenderId("abc"), 4), 3);
  EXPECT_EQ(SenderPartition(SenderId("abc"), 1), 0);
}

TEST(SenderRecordTest, EveryKindRoundTrips) {
  SenderMessage m;
  m.sent_at = FromMicros(1772704860123456);
  m.tenant = TenantId("acme");
  m.sender = SenderId("crm");
  m.campaign = CampaignId("spring");
  m.expected_volume = 15000;
  m.channel = Channel::kSms;
  m.message_hash = 0x0123456789abcdefULL;
  m.recipient_hash = 42;
  m.fingerprint = 0xffff000000000001ULL;
  m.lacked_consent = true;
  auto decoded = DecodeSenderRecord(EncodeSenderRecord(m));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const auto& back = std::get<SenderMessage>(*decoded);
  EXPECT_EQ(back.sent_at, m.sent_at);
  EXPECT_EQ(back.tenant, m.tenant);
  EXPECT_EQ(back.sender, m.sender);
  EXPECT_EQ(back.campaign, m.campaign);
  EXPECT_EQ(back.expected_volume, m.expected_volume);
  EXPECT_EQ(back.channel, Channel::kSms);
  EXPECT_EQ(back.message_hash, m.message_hash);
  EXPECT_EQ(back.recipient_hash, 42u);
  EXPECT_EQ(back.fingerprint, m.fingerprint);
  EXPECT_TRUE(back.lacked_consent);

  SenderMessage bare;  // every optional absent
  auto bare_back = DecodeSenderRecord(EncodeSenderRecord(bare));
  ASSERT_TRUE(bare_back.ok());
  EXPECT_FALSE(std::get<SenderMessage>(*bare_back).expected_volume);
  EXPECT_FALSE(std::get<SenderMessage>(*bare_back).fingerprint);

  SenderFeedback f{FromMicros(5), TenantId("acme"), SenderId("crm"), FeedbackKind::kBounce, 7};
  auto f_back = DecodeSenderRecord(EncodeSenderRecord(f));
  ASSERT_TRUE(f_back.ok());
  EXPECT_EQ(std::get<SenderFeedback>(*f_back).kind, FeedbackKind::kBounce);
  EXPECT_EQ(std::get<SenderFeedback>(*f_back).feedback_hash, 7u);

  auto w_back = DecodeSenderRecord(EncodeSenderRecord(SenderWatermark{3, FromMicros(-9)}));
  ASSERT_TRUE(w_back.ok());
  EXPECT_EQ(std::get<SenderWatermark>(*w_back).source, 3);
  EXPECT_EQ(std::get<SenderWatermark>(*w_back).at, FromMicros(-9));
}

TEST(SenderRecordTest, MalformedBytesAreRejected) {
  const std::string good = EncodeSenderRecord(SenderWatermark{1, FromMicros(100)});
  EXPECT_FALSE(DecodeSenderRecord("").ok());
  EXPECT_FALSE(DecodeSenderRecord(good.substr(0, good.size() - 1)).ok());
  EXPECT_FALSE(DecodeSenderRecord(good + "x").ok());
  std::string wrong_version = good;
  wrong_version[0] = 9;
  EXPECT_FALSE(DecodeSenderRecord(wrong_version).ok());
  std::string wrong_kind = good;
  wrong_kind[1] = 7;
  EXPECT_FALSE(DecodeSenderRecord(wrong_kind).ok());
}

TEST(SenderRecordTest, HashesSeparateTheirInputs) {
  EXPECT_NE(MessageHash(TenantId("a"), EventId("bc")), MessageHash(TenantId("ab"), EventId("c")));
  EXPECT_NE(MessageHash(TenantId("a"), EventId("x")), FeedbackHash(TenantId("a"), EventId("x")));
  EXPECT_EQ(RecipientHash(SubjectId("s1")), RecipientHash(SubjectId("s1")));
  EXPECT_NE(RecipientHash(SubjectId("s1")), RecipientHash(SubjectId("s2")));
}

}  // namespace
}  // namespace consentry
