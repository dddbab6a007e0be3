#include "state/store.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "state/codec.h"
#include "state/keys.h"
#include "state/test_util.h"

namespace consentry {
namespace {

using testing::ScopedTempDir;

class StoreTest : public ::testing::Test {
 protected:
  void OpenStore() {
    auto opened = Store::Open(dir_.Sub("db"), options_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  void Reopen() {
    store_.reset();
    OpenStore();
  }
  std::optional<std::string> GetOrDie(Family f, std::string_view key) {
    std::optional<std::string> v;
    const Status s = store_->Get(f, key, &v);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return v;
  }

  void SetUp() override {
    options_.block_cache_mb = 8;
    OpenStore();
  }

  ScopedTempDir dir_;
  StoreOptions options_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, GetOfMissingKeyIsNulloptNotAnError) {
  EXPECT_EQ(GetOrDie(Family::kConsent, "nothing"), std::nullopt);
}

TEST_F(StoreTest, ApproximateSizeCountsMemtablesThenTableFiles) {
  const Store::Size empty = store_->ApproximateSize();
  EXPECT_EQ(empty.table_bytes, 0u);
  StoreBatch batch;
  std::mt19937_64 random(7);
  for (int i = 0; i < 1000; ++i) {
    std::string value(1000, ' ');
    for (char& c : value) c = static_cast<char>(random());  // incompressible
    batch.Put(Family::kConsent, "key" + std::to_string(i), value);
  }
  ASSERT_TRUE(store_->Write(batch).ok());
  EXPECT_GT(store_->ApproximateSize().memtable_bytes, empty.memtable_bytes + 1'000'000);
  ASSERT_TRUE(store_->FlushMemTables().ok());
  EXPECT_GT(store_->ApproximateSize().table_bytes, 1'000'000u);
}

TEST_F(StoreTest, MultiGetMapsHitsAndMissesBackToInputOrder) {
  StoreBatch batch;
  for (int i = 0; i < 50; i += 2) {
    batch.Put(Family::kConsent, "k" + std::to_string(i), "v" + std::to_string(i));
  }
  CONSENTRY_ASSERT_OK(store_->Write(batch));

  // Unsorted, with misses and a duplicate.
  std::vector<std::string> keys = {"k48", "k3", "k0", "zz", "k10", "k7", "k10", "a", "k22"};
  std::vector<std::optional<std::string>> values;
  CONSENTRY_ASSERT_OK(store_->MultiGet(Family::kConsent, keys, &values));
  ASSERT_EQ(values.size(), keys.size());
  const std::vector<std::optional<std::string>> expected = {
      "v48", std::nullopt, "v0", std::nullopt, "v10", std::nullopt, "v10", std::nullopt, "v22"};
  EXPECT_EQ(values, expected);

  CONSENTRY_ASSERT_OK(store_->MultiGet(Family::kConsent, {}, &values));
  EXPECT_TRUE(values.empty());
}

TEST_F(StoreTest, FamiliesAreSeparateKeySpaces) {
  StoreBatch batch;
  batch.Put(Family::kConsent, "same", "consent");
  batch.Put(Family::kCampaigns, "same", "campaign");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(GetOrDie(Family::kConsent, "same"), "consent");
  EXPECT_EQ(GetOrDie(Family::kCampaigns, "same"), "campaign");
  EXPECT_EQ(GetOrDie(Family::kPending, "same"), std::nullopt);
}

TEST_F(StoreTest, BatchAppliesPutsAndDeletesTogether) {
  StoreBatch first;
  first.Put(Family::kConsent, "a", "1");
  first.Put(Family::kConsent, "b", "2");
  CONSENTRY_ASSERT_OK(store_->Write(first));

  StoreBatch second;
  second.Delete(Family::kConsent, "a");
  second.Put(Family::kConsent, "b", "3");
  second.Put(Family::kPending, "p", std::string("\0x", 2));
  second.PutInputOffset("comms.outbound", 0, 42);
  EXPECT_EQ(second.size(), 4u);
  CONSENTRY_ASSERT_OK(store_->Write(second));
  EXPECT_EQ(GetOrDie(Family::kConsent, "a"), std::nullopt);
  EXPECT_EQ(GetOrDie(Family::kConsent, "b"), "3");
  EXPECT_EQ(GetOrDie(Family::kPending, "p"), std::string("\0x", 2));
  auto offset = store_->ReadInputOffset("comms.outbound", 0);
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, 42);

  second.Clear();
  EXPECT_TRUE(second.empty());
  CONSENTRY_EXPECT_OK(store_->Write(second));
}

TEST_F(StoreTest, LaterOperationInOneBatchWins) {
  StoreBatch batch;
  batch.Put(Family::kConsent, "k", "old");
  batch.Put(Family::kConsent, "k", "new");
  batch.Put(Family::kConsent, "gone", "x");
  batch.Delete(Family::kConsent, "gone");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(GetOrDie(Family::kConsent, "k"), "new");
  EXPECT_EQ(GetOrDie(Family::kConsent, "gone"), std::nullopt);
}

TEST_F(StoreTest, OperationsOnOneKeyKeepTheirOrderAmongOtherKeys) {
  // Write sorts a batch by family and key; the operations on one key must stay in order.
  StoreBatch batch;
  batch.Put(Family::kConsent, "m", "1");
  batch.Put(Family::kDedup, "a", "other family");
  batch.Put(Family::kConsent, "z", "z");
  batch.Delete(Family::kConsent, "m");
  batch.Put(Family::kConsent, "b", "b");
  batch.Put(Family::kConsent, "m", "3");
  batch.Put(Family::kConsent, "y", "1");
  batch.Put(Family::kConsent, "a", "a");
  batch.Delete(Family::kConsent, "y");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(GetOrDie(Family::kConsent, "m"), "3");
  EXPECT_EQ(GetOrDie(Family::kConsent, "y"), std::nullopt);
  EXPECT_EQ(GetOrDie(Family::kConsent, "a"), "a");
  EXPECT_EQ(GetOrDie(Family::kDedup, "a"), "other family");
}

TEST_F(StoreTest, ReadCountersCountBlocksReadFromTableFiles) {
  std::string value;  // incompressible, so the block on disk is bigger than the value
  uint32_t x = 12345;
  for (int i = 0; i < 200; ++i) value += static_cast<char>((x = x * 1103515245 + 12345) >> 24);
  StoreBatch batch;
  batch.Put(Family::kConsent, "k", value);
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  const ReadCounters before = store_->ReadCountersOfThisThread();
  EXPECT_EQ(GetOrDie(Family::kConsent, "k"), value);
  const ReadCounters first = store_->ReadCountersOfThisThread() - before;
  EXPECT_EQ(GetOrDie(Family::kConsent, "k"), value);
  const ReadCounters second = store_->ReadCountersOfThisThread() - before;
  // The data block is read from the file once, then comes from the block cache.
  EXPECT_GE(first.block_reads, 1u);
  EXPECT_GT(first.block_read_bytes, 200u);
  EXPECT_EQ(second.block_reads, first.block_reads);
  EXPECT_GT(second.block_cache_hits, first.block_cache_hits);
}

TEST_F(StoreTest, ScanPrefixVisitsInKeyOrderAndStops) {
  StoreBatch batch;
  batch.Put(Family::kPending, PendingKey(1, FromMicros(30), TenantId("t"), EventId("c")), "3");
  batch.Put(Family::kPending, PendingKey(1, FromMicros(-10), TenantId("t"), EventId("a")), "1");
  batch.Put(Family::kPending, PendingKey(1, FromMicros(20), TenantId("t"), EventId("b")), "2");
  batch.Put(Family::kPending, PendingKey(0, FromMicros(0), TenantId("t"), EventId("x")), "other partition");
  batch.Put(Family::kPending, PendingKey(2, FromMicros(0), TenantId("t"), EventId("y")), "other partition");
  CONSENTRY_ASSERT_OK(store_->Write(batch));

  std::vector<std::string> seen;
  CONSENTRY_ASSERT_OK(store_->ScanPrefix(Family::kPending, PendingPrefix(1),
                                         [&](std::string_view key, std::string_view value) {
                                           auto parts = ParsePendingKey(key);
                                           EXPECT_TRUE(parts.ok());
                                           seen.emplace_back(value);
                                           return true;
                                         }));
  EXPECT_EQ(seen, (std::vector<std::string>{"1", "2", "3"}));

  seen.clear();
  CONSENTRY_ASSERT_OK(store_->ScanPrefix(Family::kPending, PendingPrefix(1),
                                         [&](std::string_view, std::string_view value) {
                                           seen.emplace_back(value);
                                           return seen.size() < 2;
                                         }));
  EXPECT_EQ(seen, (std::vector<std::string>{"1", "2"}));

  // From a start key on: what sorts before it is skipped, the prefix still ends the scan.
  seen.clear();
  CONSENTRY_ASSERT_OK(store_->ScanPrefix(
      Family::kPending, PendingPrefix(1),
      [&](std::string_view, std::string_view value) {
        seen.emplace_back(value);
        return true;
      },
      PendingKey(1, FromMicros(0), TenantId(""), EventId(""))));
  EXPECT_EQ(seen, (std::vector<std::string>{"2", "3"}));
}

TEST_F(StoreTest, ScanPrefixHandlesAllOnesPrefixAndEmptyPrefix) {
  StoreBatch batch;
  batch.Put(Family::kAudit, std::string("\xff\xff", 2), "a");
  batch.Put(Family::kAudit, std::string("\xff\xff\x01", 3), "b");
  batch.Put(Family::kAudit, std::string("\xfe", 1), "c");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  std::vector<std::string> seen;
  auto collect = [&](std::string_view, std::string_view v) {
    seen.emplace_back(v);
    return true;
  };
  CONSENTRY_ASSERT_OK(store_->ScanPrefix(Family::kAudit, std::string("\xff\xff", 2), collect));
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
  seen.clear();
  CONSENTRY_ASSERT_OK(store_->ScanPrefix(Family::kAudit, "", collect));
  EXPECT_EQ(seen, (std::vector<std::string>{"c", "a", "b"}));
}

TEST_F(StoreTest, InputOffsetsAreAbsentUntilStoredAndKeptPerPartition) {
  auto none = store_->ReadInputOffset("comms.outbound", 3);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());

  StoreBatch batch;
  batch.PutInputOffset("comms.outbound", 3, 1'000'000'000'000);
  batch.PutInputOffset("comms.outbound", 4, 0);
  batch.PutInputOffset("consent.events", 3, 7);
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(*store_->ReadInputOffset("comms.outbound", 3), 1'000'000'000'000);
  EXPECT_EQ(*store_->ReadInputOffset("comms.outbound", 4), 0);
  EXPECT_EQ(*store_->ReadInputOffset("consent.events", 3), 7);
  EXPECT_FALSE(store_->ReadInputOffset("consent.events", 4)->has_value());
}

TEST_F(StoreTest, MalformedStoredOffsetIsDataLoss) {
  StoreBatch batch;
  batch.Put(Family::kMeta, InputOffsetKey("t", 0), "short");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(store_->ReadInputOffset("t", 0).status().code(), StatusCode::kDataLoss);
}

TEST_F(StoreTest, ReopenAfterCloseKeepsEverything) {
  StoreBatch batch;
  for (Family f : AllFamilies()) {
    batch.Put(f, "key-" + std::string(FamilyName(f)), "value-" + std::string(FamilyName(f)));
  }
  batch.PutInputOffset("comms.outbound", 1, 99);
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  Reopen();
  for (Family f : AllFamilies()) {
    EXPECT_EQ(GetOrDie(f, "key-" + std::string(FamilyName(f))),
              "value-" + std::string(FamilyName(f)));
  }
  EXPECT_EQ(*store_->ReadInputOffset("comms.outbound", 1), 99);

  // Also after the memtables went to table files.
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  Reopen();
  EXPECT_EQ(GetOrDie(Family::kConsent, "key-consent"), "value-consent");
  EXPECT_EQ(*store_->ReadInputOffset("comms.outbound", 1), 99);
}

TEST_F(StoreTest, WritesTheSchemaVersionOnCreate) {
  auto v = GetOrDie(Family::kMeta, SchemaVersionKey());
  ASSERT_TRUE(v.has_value());
  ByteReader r(*v);
  uint32_t version = 0;
  ASSERT_TRUE(r.ReadFixed32BE(&version));
  EXPECT_EQ(version, kStoreSchemaVersion);
}

TEST_F(StoreTest, RefusesANewerSchemaVersion) {
  std::string newer;
  ByteWriter(&newer).PutFixed32BE(kStoreSchemaVersion + 1);
  StoreBatch batch;
  batch.Put(Family::kMeta, SchemaVersionKey(), newer);
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  store_.reset();
  auto opened = Store::Open(dir_.Sub("db"), options_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(opened.status().message().find("schema version"), std::string::npos)
      << opened.status().ToString();
}

TEST_F(StoreTest, MalformedSchemaVersionIsDataLoss) {
  StoreBatch batch;
  batch.Put(Family::kMeta, SchemaVersionKey(), "x");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  store_.reset();
  EXPECT_EQ(Store::Open(dir_.Sub("db"), options_).status().code(), StatusCode::kDataLoss);
}

TEST_F(StoreTest, OpeningAMissingDirectoryWithoutCreateFails) {
  StoreOptions options;
  options.create_if_missing = false;
  auto opened = Store::Open(dir_.Sub("absent"), options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition)
      << opened.status().ToString();
}

TEST_F(StoreTest, ReadOnlyOpensBesideTheWriterAndSeesItsWrites) {
  StoreBatch batch;
  batch.Put(Family::kConsent, "subject", "ledger");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  // A second read-write open fails on RocksDB's LOCK; a read-only one does not take it.
  EXPECT_FALSE(Store::Open(dir_.Sub("db"), options_).ok());
  StoreOptions read_only = options_;
  read_only.read_only = true;
  auto reader = Store::Open(dir_.Sub("db"), read_only);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::optional<std::string> v;
  CONSENTRY_ASSERT_OK((*reader)->Get(Family::kConsent, "subject", &v));
  EXPECT_EQ(v, "ledger");
  EXPECT_EQ((*reader)->Write(batch).code(), StatusCode::kFailedPrecondition);
  // The writer goes on writing.
  batch.Put(Family::kConsent, "subject", "ledger 2");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
}

TEST_F(StoreTest, ReadOnlyOpenOfAMissingDirectorySaysSo) {
  StoreOptions options;
  options.read_only = true;
  auto opened = Store::Open(dir_.Sub("absent"), options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(opened.status().message().find(dir_.Sub("absent") + " does not exist"),
            std::string::npos)
      << opened.status().ToString();
}

TEST_F(StoreTest, UsesLz4WhenAvailableAndReportsStats) {
  // Debian's librocksdb 7.8 is built with LZ4; the fallback to none is for other builds.
  EXPECT_EQ(store_->hot_compression(), StoreOptions::Compression::kLz4);
  StoreBatch batch;
  for (int i = 0; i < 100; ++i) batch.Put(Family::kConsent, "k" + std::to_string(i), "v");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->size(), static_cast<size_t>(kFamilyCount));
  const FamilyStats& consent = (*stats)[static_cast<size_t>(Family::kConsent)];
  EXPECT_EQ(consent.family, Family::kConsent);
  EXPECT_EQ(consent.approximate_keys, 100u);
  EXPECT_GT(consent.approximate_bytes, 0u);
}

TEST_F(StoreTest, TheStoredExpiryFloorComesBackOnReopen) {
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());  // a new store keeps everything
  StoreBatch batch;
  batch.PutExpiryFloor(FromMicros(1'700'000'000'000'000));
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());  // the engine sets it after the write
  Reopen();
  EXPECT_EQ(store_->expiry_floor(), FromMicros(1'700'000'000'000'000));
}

TEST_F(StoreTest, JudgedThroughIsAbsentUntilStoredAndKeptPerPartition) {
  auto none = store_->ReadJudgedThrough(0);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());

  StoreBatch batch;
  batch.PutJudgedThrough(0, FromMicros(1'700'000'000'000'000));
  batch.PutJudgedThrough(1, FromMicros(-5));  // before the epoch
  batch.PutJudgedThrough(2, FromMicros(INT64_MIN));
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  Reopen();
  EXPECT_EQ(*store_->ReadJudgedThrough(0), FromMicros(1'700'000'000'000'000));
  EXPECT_EQ(*store_->ReadJudgedThrough(1), FromMicros(-5));
  EXPECT_EQ(*store_->ReadJudgedThrough(2), FromMicros(INT64_MIN));
  EXPECT_FALSE(store_->ReadJudgedThrough(3)->has_value());
  // Stored as 8 big-endian bytes of the microseconds.
  EXPECT_EQ(GetOrDie(Family::kMeta, JudgedThroughKey(1)),
            std::string("\xff\xff\xff\xff\xff\xff\xff\xfb", 8));
}

TEST_F(StoreTest, MalformedJudgedThroughIsDataLoss) {
  StoreBatch batch;
  batch.Put(Family::kMeta, JudgedThroughKey(0), "short");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(store_->ReadJudgedThrough(0).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
