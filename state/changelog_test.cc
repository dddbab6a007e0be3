#include "state/changelog.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/partitioner.h"
#include "state/frequency_window.h"
#include "state/keys.h"
#include "state/stats_cell.h"
#include "state/test_util.h"

namespace consentry {
namespace {

using testing::ScopedTempDir;

constexpr int32_t kPartitions = 4;

FrequencyWindow OneMessage(int64_t second, int64_t n = 1) {
  FrequencyWindow w;
  w.Add(FromMicros(second * 1'000'000), TenantId("acme"), Channel::kSms,
        "marketing.communications.sms", n);
  return w;
}

class ChangelogTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(const std::string& name) {
    auto store = Store::Open(dir_.Sub(name), StoreOptions{.block_cache_mb = 8});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  std::optional<std::string> Get(Store& store, Family f, const std::string& key) {
    std::optional<std::string> v;
    EXPECT_TRUE(store.Get(f, key, &v).ok());
    return v;
  }
  ScopedTempDir dir_;
};

TEST(KeyOwnerTest, EveryKeyKindSaysWhoOwnsIt) {
  const std::string consent = ConsentKey(SubjectId("s-1"));  // owners are views into the key
  auto subject = OwnerOf(consent);
  ASSERT_TRUE(subject.ok());
  EXPECT_EQ(subject->kind, KeyOwner::Kind::kSubject);
  EXPECT_EQ(subject->subject, "s-1");
  for (const std::string& key :
       {SuppressionKey(SubjectId("s-1")),
        VerdictKey(SubjectId("s-1"), FromMicros(5), TenantId("t"), EventId("e")),
        FrequencyWindowKey(SubjectId("s-1"))}) {
    auto owner = OwnerOf(key);
    ASSERT_TRUE(owner.ok());
    EXPECT_EQ(owner->kind, KeyOwner::Kind::kSubject);
    EXPECT_EQ(owner->subject, "s-1");
  }
  for (const std::string& key :
       {PendingKey(3, FromMicros(1), TenantId("t"), EventId("e")), JudgedThroughKey(3),
        DedupKey(3, TenantId("t"), EventId("e")),
        SenderStateKey(3, "sender.velocity", "k"), InputOffsetKey("comms.outbound", 3),
        StatsCellStateKey({.partition = 3, .day = 1, .channel = "sms"})}) {
    auto owner = OwnerOf(key);
    ASSERT_TRUE(owner.ok());
    EXPECT_EQ(owner->kind, KeyOwner::Kind::kPartition);
    EXPECT_EQ(owner->partition, 3);
  }
  for (const std::string& key :
       {CampaignKey(CampaignId("c")), CampaignKey(CampaignId("c"), 2), SchemaVersionKey(),
        ExpiryFloorKey(),
        ChangelogOffsetKey("consentry.changelog", 1),
        InstanceIdKey()}) {
    auto owner = OwnerOf(key);
    ASSERT_TRUE(owner.ok());
    EXPECT_EQ(owner->kind, KeyOwner::Kind::kInstance);
  }
  EXPECT_FALSE(OwnerOf("").ok());
  EXPECT_FALSE(OwnerOf(std::string(1, '\x7f')).ok());
  EXPECT_FALSE(OwnerOf(std::string(1, '\x08')).ok());  // a pending key without its partition
}

TEST_F(ChangelogTest, ChangesAreFullValuesWithMergesFoldedIn) {
  auto store = Open("db");
  const std::string key = FrequencyWindowKey(SubjectId("s-1"));
  StoreBatch first;
  first.Merge(Family::kWindows, key, OneMessage(100).Encode());
  CONSENTRY_ASSERT_OK(store->Write(first));

  StoreBatch batch;
  batch.Put(Family::kConsent, ConsentKey(SubjectId("s-1")), "ledger-1");
  batch.Merge(Family::kWindows, key, OneMessage(200, 2).Encode());
  batch.Delete(Family::kSuppression, SuppressionKey(SubjectId("s-2")));
  batch.Put(Family::kConsent, ConsentKey(SubjectId("s-1")), "ledger-2");  // the last one wins
  auto changes = store->Changes(batch);
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[0].family, Family::kConsent);
  EXPECT_EQ((*changes)[0].value, "ledger-2");
  // The stored window (one message at 100) plus the operand (two at 200), never the operand.
  FrequencyWindow expected = OneMessage(100);
  expected.Merge(OneMessage(200, 2));
  EXPECT_EQ((*changes)[1].key, key);
  EXPECT_EQ((*changes)[1].value, expected.Encode());
  EXPECT_EQ((*changes)[2].value, std::nullopt);
  // And what RocksDB holds after the write is the same value.
  CONSENTRY_ASSERT_OK(store->Write(batch));
  EXPECT_EQ(Get(*store, Family::kWindows, key), expected.Encode());
}

TEST_F(ChangelogTest, AMergeAfterAPutInTheSameBatchStartsFromThePut) {
  auto store = Open("db");
  const std::string key = FrequencyWindowKey(SubjectId("s-1"));
  StoreBatch old;
  old.Merge(Family::kWindows, key, OneMessage(1).Encode());
  CONSENTRY_ASSERT_OK(store->Write(old));
  StoreBatch batch;
  batch.Put(Family::kWindows, key, OneMessage(50).Encode());
  batch.Merge(Family::kWindows, key, OneMessage(60).Encode());
  auto changes = store->Changes(batch);
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  FrequencyWindow expected = OneMessage(50);
  expected.Merge(OneMessage(60));
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].value, expected.Encode());
}

TEST_F(ChangelogTest, RecordsGoToTheOwnersPartitionAndInstanceKeysStayHome) {
  auto store = Open("db");
  StoreBatch batch;
  batch.Put(Family::kConsent, ConsentKey(SubjectId("s-1")), "ledger");
  batch.PutInputOffset("comms.outbound", 2, 77);
  batch.PutExpiryFloor(FromMicros(5));
  batch.Put(Family::kCampaigns, CampaignKey(CampaignId("c")), "declared");
  batch.Delete(Family::kPending, PendingKey(1, FromMicros(1), TenantId("t"), EventId("e")));
  auto records = ChangelogRecords(*store, batch, kPartitions);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 3u);
  // Kafka's own partitioner for the subject, as the inputs are keyed.
  EXPECT_EQ((*records)[0].partition, KafkaPartition("s-1", kPartitions));
  EXPECT_EQ((*records)[0].key, std::string(1, '\0') + ConsentKey(SubjectId("s-1")));
  EXPECT_EQ((*records)[0].value, "ledger");
  EXPECT_EQ((*records)[1].partition, 2);
  EXPECT_EQ((*records)[1].key[0], static_cast<char>(Family::kMeta));
  EXPECT_EQ((*records)[2].partition, 1);
  EXPECT_EQ((*records)[2].value, std::nullopt);
}

TEST_F(ChangelogTest, ApplyingTheRecordsRebuildsTheStateElsewhere) {
  auto source = Open("source");
  auto target = Open("target");
  StoreBatch old;
  old.Put(Family::kSuppression, SuppressionKey(SubjectId("gone")), "x");
  CONSENTRY_ASSERT_OK(target->Write(old));

  StoreBatch batch;
  const std::string window = FrequencyWindowKey(SubjectId("s-1"));
  batch.Merge(Family::kWindows, window, OneMessage(7, 3).Encode());
  batch.Put(Family::kConsent, ConsentKey(SubjectId("s-1")), "ledger");
  batch.Delete(Family::kSuppression, SuppressionKey(SubjectId("gone")));
  auto records = ChangelogRecords(*source, batch, kPartitions);
  ASSERT_TRUE(records.ok());
  CONSENTRY_ASSERT_OK(source->Write(batch));

  StoreBatch restore;
  for (const auto& r : *records) {
    CONSENTRY_ASSERT_OK(ApplyChangelogRecord(r.key, r.value ? &*r.value : nullptr, r.partition,
                                             kPartitions, restore));
  }
  // Twice: a tail applied again changes nothing.
  for (const auto& r : *records) {
    CONSENTRY_ASSERT_OK(ApplyChangelogRecord(r.key, r.value ? &*r.value : nullptr, r.partition,
                                             kPartitions, restore));
  }
  CONSENTRY_ASSERT_OK(target->Write(restore));
  for (const auto& [family, key] :
       std::vector<std::pair<Family, std::string>>{{Family::kWindows, window},
                                                  {Family::kConsent, ConsentKey(SubjectId("s-1"))},
                                                  {Family::kSuppression,
                                                   SuppressionKey(SubjectId("gone"))}}) {
    EXPECT_EQ(Get(*target, family, key), Get(*source, family, key)) << FamilyName(family);
  }
  EXPECT_EQ(Get(*target, Family::kSuppression, SuppressionKey(SubjectId("gone"))), std::nullopt);
}

TEST(ApplyChangelogRecordTest, RecordsConsentryNeverWritesAreDataLoss) {
  StoreBatch out;
  const std::string value = "v";
  const std::string consent = std::string(1, '\0') + ConsentKey(SubjectId("s-1"));
  const int32_t home = KafkaPartition("s-1", kPartitions);
  EXPECT_EQ(ApplyChangelogRecord("", &value, 0, kPartitions, out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ApplyChangelogRecord("\x7f" "abc", &value, 0, kPartitions, out).code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(ApplyChangelogRecord(std::string(1, '\0') + "\x01", &value, home, kPartitions, out)
                .code(),
            StatusCode::kDataLoss);
  const Status wrong = ApplyChangelogRecord(consent, &value, (home + 1) % kPartitions,
                                            kPartitions, out);
  EXPECT_EQ(wrong.code(), StatusCode::kDataLoss);
  EXPECT_NE(wrong.message().find("as many partitions as the inputs"), std::string::npos);
  const std::string instance = std::string(1, static_cast<char>(Family::kMeta)) + ExpiryFloorKey();
  EXPECT_EQ(ApplyChangelogRecord(instance, &value, 0, kPartitions, out).code(),
            StatusCode::kDataLoss);
  EXPECT_TRUE(out.empty());
  CONSENTRY_EXPECT_OK(ApplyChangelogRecord(consent, &value, home, kPartitions, out));
  EXPECT_EQ(out.size(), 1u);
}

TEST_F(ChangelogTest, InstanceIdIsMadeOnceAndKept) {
  std::string first;
  {
    auto store = Open("db");
    auto id = store->InstanceId();
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id->size(), 16u);
    first = *id;
    EXPECT_EQ(*store->InstanceId(), first);
  }
  auto reopened = Open("db");
  EXPECT_EQ(*reopened->InstanceId(), first);
  auto other = Open("other");
  EXPECT_NE(*other->InstanceId(), first);
}

TEST_F(ChangelogTest, ChangelogOffsetsAreKeptPerTopicAndPartition) {
  auto store = Open("db");
  EXPECT_EQ(*store->ReadChangelogOffset("a", 1), 0);
  StoreBatch batch;
  batch.PutChangelogOffset("a", 1, 42);
  batch.PutChangelogOffset("b", 1, 7);
  CONSENTRY_ASSERT_OK(store->Write(batch));
  EXPECT_EQ(*store->ReadChangelogOffset("a", 1), 42);
  EXPECT_EQ(*store->ReadChangelogOffset("b", 1), 7);
  EXPECT_EQ(*store->ReadChangelogOffset("a", 2), 0);
}

}  // namespace
}  // namespace consentry
