// The expiry compaction filter in a real RocksDB: Store installs it on families verdicts and
// dedup, SetExpiryFloor moves the floor, CompactFamily makes it run over every entry.

#include "state/expiry_filter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "state/codec.h"
#include "state/keys.h"
#include "state/seen_message.h"
#include "state/store.h"
#include "state/test_util.h"
#include "state/verdict.h"

namespace consentry {
namespace {

using testing::ScopedTempDir;

// Event times in microseconds around a floor of 1000.
const std::vector<int64_t> kOlder = {INT64_MIN + 1, -1000, 0, 999};
const std::vector<int64_t> kNotOlder = {1000, 1001, 5000, INT64_MAX};
constexpr int64_t kFloor = 1000;

std::string VerdictAt(int64_t micros) {
  return VerdictKey(SubjectId("subject-1"), FromMicros(micros), TenantId("acme"),
                    EventId("e" + std::to_string(micros)));
}

std::string SeenAt(int64_t micros) {
  return SeenKey({0, TenantId("acme"), EventId("e" + std::to_string(micros))});
}

std::string SeenValue(int64_t micros) {
  SeenMessage seen;
  seen.digest = static_cast<uint64_t>(micros) * 31;
  seen.sent_at = FromMicros(micros);
  return seen.Encode();
}

class ExpiryFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::OpenTestStore(dir_.Sub("db"), &store_));
  }

  // A verdict and a dedup entry at each time.
  void WriteAt(const std::vector<int64_t>& times) {
    StoreBatch batch;
    for (int64_t t : times) {
      Verdict v;
      v.message.sent_at = FromMicros(t);
      batch.Put(Family::kVerdicts, VerdictAt(t), v.Encode());
      batch.Put(Family::kDedup, SeenAt(t), SeenValue(t));
    }
    CONSENTRY_ASSERT_OK(store_->Write(batch));
  }

  void CompactBoth() {
    CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kVerdicts));
    CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kDedup));
  }

  bool Has(Family f, const std::string& key) {
    std::optional<std::string> v;
    const Status s = store_->Get(f, key, &v);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return v.has_value();
  }

  void ExpectPresent(const std::vector<int64_t>& times, bool present) {
    for (int64_t t : times) {
      EXPECT_EQ(Has(Family::kVerdicts, VerdictAt(t)), present) << "verdict at " << t;
      EXPECT_EQ(Has(Family::kDedup, SeenAt(t)), present) << "dedup entry at " << t;
    }
  }

  ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ExpiryFilterTest, InitialFloorKeepsEverything) {
  EXPECT_EQ(store_->expiry_floor(), FromMicros(INT64_MIN));
  WriteAt(kOlder);
  WriteAt(kNotOlder);
  CompactBoth();
  ExpectPresent(kOlder, true);
  ExpectPresent(kNotOlder, true);
}

TEST_F(ExpiryFilterTest, CompactionDropsExactlyTheEntriesOlderThanTheFloor) {
  WriteAt(kOlder);
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());  // some in a table file, some in the memtable
  WriteAt(kNotOlder);
  store_->SetExpiryFloor(FromMicros(kFloor));
  EXPECT_EQ(store_->expiry_floor(), FromMicros(kFloor));
  CompactBoth();
  ExpectPresent(kOlder, false);
  ExpectPresent(kNotOlder, true);  // an entry exactly at the floor stays
}

TEST_F(ExpiryFilterTest, SettingTheFloorAloneDropsNothing) {
  WriteAt(kOlder);
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  store_->SetExpiryFloor(FromMicros(kFloor));
  ExpectPresent(kOlder, true);
}

TEST_F(ExpiryFilterTest, AFloorMovedForwardDropsMoreOnTheNextCompaction) {
  WriteAt({10, 20, 30});
  store_->SetExpiryFloor(FromMicros(15));
  CompactBoth();
  ExpectPresent({10}, false);
  ExpectPresent({20, 30}, true);
  store_->SetExpiryFloor(FromMicros(25));
  CompactBoth();
  ExpectPresent({10, 20}, false);
  ExpectPresent({30}, true);
}

// Judged messages kept for the subject access view: the verdicts' floor is moved back by the
// retention beyond it; dedup entries still expire at the floor.
TEST_F(ExpiryFilterTest, VerdictsKeptBeyondTheFloorExpireThatMuchLater) {
  store_.reset();
  StoreOptions options;
  options.block_cache_mb = 8;
  options.verdicts_kept_beyond_floor = Duration(500);
  auto opened = Store::Open(dir_.Sub("db"), options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
  WriteAt({100, 499, 500, 999, 1000});
  store_->SetExpiryFloor(FromMicros(kFloor));
  CompactBoth();
  for (int64_t t : {100, 499}) EXPECT_FALSE(Has(Family::kVerdicts, VerdictAt(t))) << t;
  for (int64_t t : {500, 999, 1000}) EXPECT_TRUE(Has(Family::kVerdicts, VerdictAt(t))) << t;
  for (int64_t t : {100, 499, 500, 999}) EXPECT_FALSE(Has(Family::kDedup, SeenAt(t))) << t;
  EXPECT_TRUE(Has(Family::kDedup, SeenAt(1000)));
}

TEST_F(ExpiryFilterTest, EntriesThatDoNotParseAreKept) {
  const std::string not_a_key = "not a verdict key";
  const std::string verdict_with_extra_byte = VerdictAt(5) + "x";
  const std::string dedup_garbage = SeenAt(6);
  const std::string dedup_bad_version = SeenAt(7);
  std::string bad_version = SeenValue(7);
  bad_version[0] = '\x02';
  StoreBatch batch;
  batch.Put(Family::kVerdicts, not_a_key, "v");
  batch.Put(Family::kVerdicts, verdict_with_extra_byte, "v");
  batch.Put(Family::kDedup, dedup_garbage, "garbage");
  batch.Put(Family::kDedup, dedup_bad_version, bad_version);
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  WriteAt({8});  // parses, and is older than the floor: shows the filter ran
  store_->SetExpiryFloor(FromMicros(INT64_MAX));
  CompactBoth();
  EXPECT_TRUE(Has(Family::kVerdicts, not_a_key));
  EXPECT_TRUE(Has(Family::kVerdicts, verdict_with_extra_byte));
  EXPECT_TRUE(Has(Family::kDedup, dedup_garbage));
  EXPECT_TRUE(Has(Family::kDedup, dedup_bad_version));
  ExpectPresent({8}, false);
}

// Sender stage entries: the value starts with the entry's own expiry (sign-flipped big-endian
// microseconds); only keys of the sender state kind are judged.
TEST_F(ExpiryFilterTest, SenderStateExpiresByTheTimeInItsValue) {
  const auto entry = [](int64_t expires_at, std::string_view payload) {
    std::string v;
    ByteWriter(&v).PutFixed64BE(OrderedFromSigned64(expires_at));
    v.append(payload);
    return v;
  };
  const std::string old_key = SenderStateKey(0, "sender.velocity", "old");
  const std::string new_key = SenderStateKey(0, "sender.velocity", "new");
  const std::string at_floor = SenderStateKey(1, "", "marks");
  const std::string other_kind = SeenAt(1);
  StoreBatch batch;
  batch.Put(Family::kSketches, old_key, entry(999, "x"));
  batch.Put(Family::kSketches, new_key, entry(1001, "y"));
  batch.Put(Family::kSketches, at_floor, entry(1000, ""));
  batch.Put(Family::kSketches, other_kind, entry(1, "z"));
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  store_->SetExpiryFloor(FromMicros(kFloor));
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kSketches));
  EXPECT_FALSE(Has(Family::kSketches, old_key));
  EXPECT_TRUE(Has(Family::kSketches, new_key));
  EXPECT_TRUE(Has(Family::kSketches, at_floor));
  EXPECT_TRUE(Has(Family::kSketches, other_kind));
}

TEST_F(ExpiryFilterTest, OtherFamiliesDoNotExpire) {
  // Keys and values the filter would drop, in families without it.
  StoreBatch batch;
  batch.Put(Family::kPending, SeenAt(1), SeenValue(1));
  batch.Put(Family::kConsent, VerdictAt(1), "v");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  store_->SetExpiryFloor(FromMicros(INT64_MAX));
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kPending));
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kConsent));
  EXPECT_TRUE(Has(Family::kPending, SeenAt(1)));
  EXPECT_TRUE(Has(Family::kConsent, VerdictAt(1)));
}

}  // namespace
}  // namespace consentry
