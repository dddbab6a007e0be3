#include "state/keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace consentry {
namespace {

TEST(KeysTest, FamilyNamesAreStableAndDistinct) {
  EXPECT_EQ(FamilyName(Family::kConsent), "consent");
  EXPECT_EQ(FamilyName(Family::kCampaigns), "campaigns");
  EXPECT_EQ(FamilyName(Family::kPending), "pending");
  EXPECT_EQ(FamilyName(Family::kMeta), "meta");
  std::set<std::string_view> names;
  for (Family f : AllFamilies()) names.insert(FamilyName(f));
  EXPECT_EQ(names.size(), static_cast<size_t>(kFamilyCount));
}

TEST(KeysTest, KeyKindsAreFrozen) {
  // These bytes are on disk. If this test fails, a key kind was renumbered: undo that.
  EXPECT_EQ(ConsentKey(SubjectId("s"))[0], '\x01');
  EXPECT_EQ(CampaignKey(CampaignId("c"))[0], '\x02');
  EXPECT_EQ(PendingPrefix(0)[0], '\x08');
  EXPECT_EQ(InputOffsetKey("t", 0)[0], '\x04');
  EXPECT_EQ(SchemaVersionKey(), std::string("\x05"));
  EXPECT_EQ(DedupKey(0, TenantId("t"), EventId("e"))[0], '\x0f');
  EXPECT_EQ(ChangelogOffsetKey("t", 0)[0], '\x10');
  EXPECT_EQ(InstanceIdKey(), std::string("\x11"));
  EXPECT_EQ(IncidentAlertKey("i", AlertId("a"))[0], '\x18');
  EXPECT_EQ(WebhookOutboxKey(1)[0], '\x19');
  EXPECT_EQ(SubjectAlertKey(SubjectId("s"), AlertId("a"))[0], '\x1a');
  EXPECT_EQ(CampaignKey(CampaignId("c"), 1)[0], '\x1c');
}

TEST(KeysTest, EachEngineHasItsOwnCampaignKeysAndTheFirstKeepsTheOldOnes) {
  EXPECT_EQ(CampaignKey(CampaignId("c"), 0), CampaignKey(CampaignId("c")));
  EXPECT_EQ(CampaignKey(CampaignId("c")), std::string("\x02\x01" "c", 3));
  EXPECT_EQ(CampaignKey(CampaignId("c"), 2), std::string("\x1c\x00\x00\x00\x02\x01" "c", 7));
  EXPECT_NE(CampaignKey(CampaignId("c"), 1), CampaignKey(CampaignId("c"), 2));
}

TEST(KeysTest, PendingKeysSortByPartitionThenTimeThenTenantThenId) {
  // Listed in the order the keys must sort.
  const std::vector<std::string> expected = {
      PendingKey(-1, FromMicros(5), TenantId("t"), EventId("a")),
      PendingKey(0, FromMicros(INT64_MIN), TenantId("t"), EventId("a")),
      PendingKey(0, FromMicros(-1'000'000), TenantId("t"), EventId("a")),
      PendingKey(0, FromMicros(-1), TenantId("t"), EventId("z")),
      PendingKey(0, FromMicros(0), TenantId("t"), EventId("a")),
      PendingKey(0, FromMicros(1), TenantId("t"), EventId("a")),
      PendingKey(0, FromMicros(1), TenantId("t"), EventId("b")),
      PendingKey(0, FromMicros(1), TenantId("u"), EventId("a")),
      PendingKey(0, FromMicros(256), TenantId("t"), EventId("a")),
      PendingKey(0, FromMicros(INT64_MAX), TenantId("t"), EventId("a")),
      PendingKey(1, FromMicros(-5), TenantId("t"), EventId("a")),
      PendingKey(2, FromMicros(0), TenantId("t"), EventId("a")),
      PendingKey(256, FromMicros(0), TenantId("t"), EventId("a")),
  };
  std::vector<std::string> shuffled(expected.rbegin(), expected.rend());
  std::rotate(shuffled.begin(), shuffled.begin() + 5, shuffled.end());
  std::sort(shuffled.begin(), shuffled.end());
  EXPECT_EQ(shuffled, expected);
}

TEST(KeysTest, PendingPrefixCoversExactlyItsPartition) {
  const std::string prefix = PendingPrefix(7);
  EXPECT_TRUE(PendingKey(7, FromMicros(-3), TenantId("t"), EventId("x")).starts_with(prefix));
  EXPECT_FALSE(PendingKey(8, FromMicros(-3), TenantId("t"), EventId("x")).starts_with(prefix));
  EXPECT_FALSE(PendingKey(6, FromMicros(-3), TenantId("t"), EventId("x")).starts_with(prefix));
}

TEST(KeysTest, PendingKeyRoundTrips) {
  for (int64_t micros : {INT64_MIN, int64_t{-1}, int64_t{0}, int64_t{1'700'000'000'000'000},
                         INT64_MAX}) {
    for (int32_t partition : {INT32_MIN, -1, 0, 3, INT32_MAX}) {
      const EventId id(std::string("evt-\0\xff", 6));
      const TenantId tenant("acme");
      const std::string key = PendingKey(partition, FromMicros(micros), tenant, id);
      auto parts = ParsePendingKey(key);
      ASSERT_TRUE(parts.ok()) << parts.status().ToString();
      EXPECT_EQ(parts->partition, partition);
      EXPECT_EQ(ToMicros(parts->sent_at), micros);
      EXPECT_EQ(parts->tenant, tenant);
      EXPECT_EQ(parts->event_id, id);
    }
  }
}

TEST(KeysTest, InputOffsetKeyRoundTrips) {
  const std::string key = InputOffsetKey("comms.outbound", 12);
  auto parts = ParseInputOffsetKey(key);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(parts->topic, "comms.outbound");
  EXPECT_EQ(parts->partition, 12);
  EXPECT_LT(InputOffsetKey("t", 2), InputOffsetKey("t", 10));
}

TEST(KeysTest, LengthPrefixesPreventAmbiguity) {
  EXPECT_NE(InputOffsetKey("a", 0), InputOffsetKey("", 0));
  // ("ab", partition) vs ("a", partition whose first byte looks like 'b'): never equal.
  EXPECT_NE(PendingKey(0, FromMicros(0), TenantId("t"), EventId("ab")),
            PendingKey(0, FromMicros(0), TenantId("t"), EventId("a")) + "b");
  EXPECT_NE(ConsentKey(SubjectId("ab")), ConsentKey(SubjectId("a")) + "b");
  EXPECT_FALSE(ConsentKey(SubjectId("ab")).starts_with(ConsentKey(SubjectId("a"))));
  // A key with extra bytes after a complete key does not parse.
  EXPECT_FALSE(ParsePendingKey(PendingKey(0, FromMicros(0), TenantId("t"), EventId("a")) + "b").ok());
  EXPECT_FALSE(ParseInputOffsetKey(InputOffsetKey("a", 1) + "x").ok());
}

TEST(KeysTest, SubjectAlertKeysHoldTheDigestNotTheIdAndParseBack) {
  // SHA-256("s-42"), an independent computation (sha256sum).
  EXPECT_EQ(SubjectDigest(SubjectId("s-42")), "b222d77b50db0d4254993c5e00415170");
  const std::string key = SubjectAlertKey(SubjectId("s-42"), AlertId("0f0e"));
  EXPECT_EQ(key.find("s-42"), std::string::npos);
  EXPECT_TRUE(key.starts_with(SubjectAlertPrefix(SubjectId("s-42"))));
  EXPECT_FALSE(key.starts_with(SubjectAlertPrefix(SubjectId("s-4"))));
  auto parsed = ParseSubjectAlertKey(key);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->value(), "0f0e");
  EXPECT_FALSE(ParseSubjectAlertKey(key + "x").ok());
  EXPECT_FALSE(ParseSubjectAlertKey(IncidentAlertKey("i", AlertId("0f0e"))).ok());
}

TEST(KeysTest, ParsingGarbageFails) {
  const std::string pending = PendingKey(3, FromMicros(42), TenantId("t"), EventId("evt"));
  for (size_t len = 0; len < pending.size(); ++len) {
    EXPECT_FALSE(ParsePendingKey(pending.substr(0, len)).ok()) << len;
  }
  const std::string offset = InputOffsetKey("topic", 3);
  for (size_t len = 0; len < offset.size(); ++len) {
    EXPECT_FALSE(ParseInputOffsetKey(offset.substr(0, len)).ok()) << len;
  }
  EXPECT_FALSE(ParsePendingKey(offset).ok());
  EXPECT_FALSE(ParseInputOffsetKey(pending).ok());
  EXPECT_FALSE(ParsePendingKey("\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff").ok());
  EXPECT_EQ(ParsePendingKey("junk").status().code(), StatusCode::kInvalidArgument);
}


TEST(KeysTest, SenderStateKeysParseBackAndGroupByPartition) {
  const std::string key = SenderStateKey(3, "sender.velocity", "acme/crm");
  auto parts = ParseSenderStateKey(key);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(parts->partition, 3);
  EXPECT_EQ(parts->owner, "sender.velocity");
  EXPECT_EQ(parts->key, "acme/crm");
  EXPECT_TRUE(key.starts_with(SenderStatePrefix(3)));
  EXPECT_FALSE(key.starts_with(SenderStatePrefix(4)));
  EXPECT_FALSE(ParseSenderStateKey(key + "x").ok());
  EXPECT_FALSE(ParseSenderStateKey(ConsentKey(SubjectId("s"))).ok());
  // Length-prefixed parts: ("a", "bc") and ("ab", "c") differ.
  EXPECT_NE(SenderStateKey(0, "a", "bc"), SenderStateKey(0, "ab", "c"));
}

}  // namespace
}  // namespace consentry
