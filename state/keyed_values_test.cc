#include "state/keyed_values.h"

#include <gtest/gtest.h>

#include <charconv>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/test_util.h"

namespace consentry {
namespace {

using testing::ScopedTempDir;

// The smallest Value KeyedValues accepts: a number stored as "n=<decimal>", empty when zero,
// which claims n heap bytes.
struct Counter {
  int64_t n = 0;
  bool empty() const { return n == 0; }
  size_t ApproxBytes() const { return n > 0 ? static_cast<size_t>(n) : 0; }
  std::string Encode() const { return "n=" + std::to_string(n); }
  static StatusOr<Counter> Decode(std::string_view bytes) {
    Counter c;
    if (!bytes.starts_with("n=")) return DataLoss("counter: no n=");
    bytes.remove_prefix(2);
    const auto [end, ec] = std::from_chars(bytes.data(), bytes.data() + bytes.size(), c.n);
    if (ec != std::errc() || end != bytes.data() + bytes.size()) {
      return DataLoss("counter: not a number");
    }
    return c;
  }
};

std::string CounterKey(const SubjectId& id) { return "counter/" + id.value(); }

using Counters = KeyedValues<SubjectId, Counter>;

class KeyedValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::OpenTestStore(dir_.Sub("db"), &store_));
  }
  void PutStored(const std::string& key, const std::string& value) {
    StoreBatch batch;
    batch.Put(Family::kAudit, key, value);
    CONSENTRY_ASSERT_OK(store_->Write(batch));
  }
  std::optional<std::string> Stored(const std::string& key) {
    std::optional<std::string> v;
    CONSENTRY_EXPECT_OK(store_->Get(Family::kAudit, key, &v));
    return v;
  }

  const SubjectId a_{"a"}, b_{"b"};
  ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
  Counters counters_{Family::kAudit, &CounterKey};
};

TEST_F(KeyedValuesTest, LoadWithNothingWantedIsOk) {
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  EXPECT_EQ(counters_.loaded(), 0u);
}

TEST_F(KeyedValuesTest, LoadsStoredValuesAndAbsentKeysAsEmpty) {
  PutStored("counter/a", "n=5");
  counters_.Want(a_);
  counters_.Want(b_);
  counters_.Want(a_);  // wanted twice, loaded once
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  EXPECT_EQ(counters_.loaded(), 2u);
  ASSERT_NE(counters_.Find(a_), nullptr);
  EXPECT_EQ(counters_.Find(a_)->n, 5);
  ASSERT_NE(counters_.Find(b_), nullptr);
  EXPECT_TRUE(counters_.Find(b_)->empty());
  EXPECT_EQ(counters_.misses(), 0u);
}

TEST_F(KeyedValuesTest, FindOfAKeyNotLoadedIsNullAndCountsAMiss) {
  counters_.Want(a_);
  EXPECT_EQ(counters_.Find(a_), nullptr);  // wanted, not loaded yet
  EXPECT_EQ(counters_.Find(SubjectId("never")), nullptr);
  EXPECT_EQ(counters_.misses(), 2u);
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  EXPECT_NE(counters_.Find(a_), nullptr);
  EXPECT_EQ(counters_.misses(), 2u);
}

TEST_F(KeyedValuesTest, FlushPutsEachChangedValueOnce) {
  counters_.Want(a_);
  counters_.Want(b_);
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  counters_.Mutable(a_).n = 3;
  counters_.Mutable(a_).n += 1;
  StoreBatch batch;
  counters_.Flush(batch);
  EXPECT_EQ(batch.size(), 1u);  // a once; b was only loaded
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(Stored("counter/a"), "n=4");
  EXPECT_EQ(Stored("counter/b"), std::nullopt);

  StoreBatch again;
  counters_.Flush(again);
  EXPECT_TRUE(again.empty());  // dirty flags were cleared
}

TEST_F(KeyedValuesTest, AnEmptyValueIsFlushedAsADelete) {
  PutStored("counter/a", "n=5");
  counters_.Want(a_);
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  counters_.Mutable(a_).n = 0;
  StoreBatch batch;
  counters_.Flush(batch);
  EXPECT_EQ(batch.size(), 1u);
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(Stored("counter/a"), std::nullopt);
}

TEST_F(KeyedValuesTest, ALoadedValueIsNotReadAgain) {
  counters_.Want(a_);
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  counters_.Mutable(a_).n = 7;
  PutStored("counter/a", "n=99");  // another writer: the cache assumes there is none
  counters_.Want(a_);
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  EXPECT_EQ(counters_.Find(a_)->n, 7);
  EXPECT_EQ(counters_.loaded(), 1u);
}

TEST_F(KeyedValuesTest, AFailedDecodeLoadsNothingAndLoadCanBeRetried) {
  PutStored("counter/a", "n=1");
  PutStored("counter/b", "garbage");
  counters_.Want(a_);
  counters_.Want(b_);
  const Status failed = counters_.Load(*store_);
  EXPECT_EQ(failed.code(), StatusCode::kDataLoss);
  EXPECT_NE(failed.message().find("family audit"), std::string::npos) << failed.ToString();
  EXPECT_EQ(counters_.loaded(), 0u);
  EXPECT_EQ(counters_.Find(a_), nullptr);  // decoded fine, but not marked loaded
  EXPECT_EQ(counters_.Find(b_), nullptr);

  PutStored("counter/b", "n=2");  // repaired
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  EXPECT_EQ(counters_.loaded(), 2u);
  EXPECT_EQ(counters_.Find(a_)->n, 1);
  EXPECT_EQ(counters_.Find(b_)->n, 2);
}

TEST_F(KeyedValuesTest, ClearForgetsValuesDirtyChangesAndCounters) {
  counters_.Want(a_);
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  counters_.Mutable(a_).n = 3;
  EXPECT_EQ(counters_.Find(b_), nullptr);
  counters_.Clear();
  EXPECT_EQ(counters_.loaded(), 0u);
  EXPECT_EQ(counters_.misses(), 0u);
  StoreBatch batch;
  counters_.Flush(batch);
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(counters_.Find(a_), nullptr);
  EXPECT_EQ(counters_.misses(), 1u);
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));  // nothing wanted any more
  EXPECT_EQ(Stored("counter/a"), std::nullopt);
}

// What one empty value costs the cache: the map's entry.
size_t EntryBytes() {
  Counters counters(Family::kAudit, &CounterKey);
  counters.Put(SubjectId("x"), Counter{});
  return counters.bytes();
}

// One "batch": want `ids`, load them (none is stored: each is an empty value, its bytes are
// the entry's own), flush nothing, trim to `entries` entries' bytes.
void WantLoadTrim(Counters& counters, Store& store, const std::vector<std::string>& ids,
                  size_t entries) {
  for (const auto& id : ids) counters.Want(SubjectId(id));
  CONSENTRY_ASSERT_OK(counters.Load(store));
  counters.Trim(entries * EntryBytes());
}

TEST_F(KeyedValuesTest, TrimForgetsTheLeastRecentlyWantedFirst) {
  // Batches wanting s0..s3, then s4..s5, then s0 and s6: six values held, a limit of 6.
  ASSERT_NO_FATAL_FAILURE(WantLoadTrim(counters_, *store_, {"s0", "s1", "s2", "s3"}, 6));
  ASSERT_NO_FATAL_FAILURE(WantLoadTrim(counters_, *store_, {"s4", "s5"}, 6));
  EXPECT_EQ(counters_.loaded(), 6u);
  ASSERT_NO_FATAL_FAILURE(WantLoadTrim(counters_, *store_, {"s0", "s6"}, 6));
  // Seven held: down to at most 3 (half), the oldest batch's first; s0 was wanted again, and
  // the middle batch's two do not fit beside this batch's two.
  EXPECT_EQ(counters_.loaded(), 2u);
  EXPECT_EQ(counters_.bytes(), 2 * EntryBytes());
  for (const char* gone : {"s1", "s2", "s3", "s4", "s5"}) {
    EXPECT_EQ(counters_.Find(SubjectId(gone)), nullptr) << gone;
  }
  for (const char* kept : {"s0", "s6"}) {
    EXPECT_NE(counters_.Find(SubjectId(kept)), nullptr) << kept;
  }
  // What is held counts: of the last batch's wants s0 was held, s6 was not; none before.
  EXPECT_EQ(counters_.wants(), 8u);
  EXPECT_EQ(counters_.held(), 1u);
  // One more batch: the four held (s0, s6, and s7, s8 now) fit the limit, nothing goes.
  ASSERT_NO_FATAL_FAILURE(WantLoadTrim(counters_, *store_, {"s7", "s8"}, 6));
  EXPECT_EQ(counters_.loaded(), 4u);
}

TEST_F(KeyedValuesTest, TrimKeepsTheLastBatchEvenOverTheLimit) {
  ASSERT_NO_FATAL_FAILURE(WantLoadTrim(counters_, *store_, {"s0", "s1"}, 1));
  ASSERT_NO_FATAL_FAILURE(WantLoadTrim(counters_, *store_, {"s2", "s3", "s4"}, 1));
  EXPECT_EQ(counters_.loaded(), 3u);
  EXPECT_EQ(counters_.Find(SubjectId("s0")), nullptr);
  EXPECT_NE(counters_.Find(SubjectId("s4")), nullptr);
}

TEST_F(KeyedValuesTest, BytesFollowEachValueAsItIsLoadedPutChangedAndForgotten) {
  const size_t entry = EntryBytes();
  PutStored("counter/a", "n=500");
  counters_.Want(a_);
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  EXPECT_EQ(counters_.bytes(), entry + 500);
  counters_.Put(b_, Counter{70});
  EXPECT_EQ(counters_.bytes(), 2 * entry + 570);
  // A change through Mutable or MutableCached is measured at the Flush.
  counters_.Mutable(a_).n = 2000;
  counters_.MutableCached(b_).n = 30;
  StoreBatch batch;
  counters_.Flush(batch);
  EXPECT_EQ(counters_.bytes(), 2 * entry + 2030);
  EXPECT_EQ(batch.size(), 2u);  // a (Mutable) and b (Put); b's cached change is not written
  counters_.Clear();
  EXPECT_EQ(counters_.bytes(), 0u);
}

TEST_F(KeyedValuesTest, ALargeValueCountsForWhatItHolds) {
  const size_t entry = EntryBytes();
  // An old large value and a newer small one: over a budget of 10 small entries, the large one
  // goes although there are only two.
  counters_.Put(a_, Counter{static_cast<int64_t>(20 * entry)});
  StoreBatch batch;
  counters_.Flush(batch);
  counters_.Trim(100 * entry);
  EXPECT_EQ(counters_.loaded(), 1u);
  ASSERT_NO_FATAL_FAILURE(WantLoadTrim(counters_, *store_, {"s0"}, 10));
  EXPECT_EQ(counters_.loaded(), 1u);
  EXPECT_EQ(counters_.Find(a_), nullptr);
  EXPECT_NE(counters_.Find(SubjectId("s0")), nullptr);
}

TEST_F(KeyedValuesTest, TrimTogetherCutsEveryFamilyAtTheSameAge) {
  // Two families under one budget of 4 entries: batch 1 wants x1, x2 of one and y1 of the
  // other; batch 2 wants y2 and y3. Five held: down to 2, so batch 1's go from both families.
  Counters others(Family::kAudit, &CounterKey);
  const auto batch = [&](const std::vector<std::string>& xs, const std::vector<std::string>& ys) {
    for (const auto& x : xs) counters_.Want(SubjectId(x));
    for (const auto& y : ys) others.Want(SubjectId(y));
    CONSENTRY_ASSERT_OK(counters_.Load(*store_));
    CONSENTRY_ASSERT_OK(others.Load(*store_));
    TrimTogether(4 * EntryBytes(), counters_, others);
  };
  ASSERT_NO_FATAL_FAILURE(batch({"x1", "x2"}, {"y1"}));
  EXPECT_EQ(counters_.loaded() + others.loaded(), 3u);
  ASSERT_NO_FATAL_FAILURE(batch({}, {"y2", "y3"}));
  EXPECT_EQ(counters_.loaded(), 0u);
  EXPECT_EQ(others.loaded(), 2u);
  EXPECT_EQ(others.Find(SubjectId("y1")), nullptr);
  EXPECT_NE(others.Find(SubjectId("y3")), nullptr);
}

TEST_F(KeyedValuesTest, PutWritesAWholeValueWithoutReadingAndAPendingLoadKeepsIt) {
  PutStored("counter/a", "n=5");
  counters_.Want(a_);
  counters_.Put(a_, Counter{9});  // wanted, not loaded yet: the stored 5 must not come back
  counters_.Put(b_, Counter{2});  // never wanted
  CONSENTRY_ASSERT_OK(counters_.Load(*store_));
  ASSERT_NE(counters_.Find(a_), nullptr);
  EXPECT_EQ(counters_.Find(a_)->n, 9);
  StoreBatch batch;
  counters_.Flush(batch);
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(Stored("counter/a"), "n=9");
  EXPECT_EQ(Stored("counter/b"), "n=2");
  EXPECT_EQ(counters_.loaded(), 2u);
}

TEST(KeyedValuesDeathTest, MutableOfAKeyNotLoadedAborts) {
  Counters counters(Family::kAudit, &CounterKey);
  counters.Want(SubjectId("a"));
  EXPECT_DEATH(counters.Mutable(SubjectId("a")), "check failed");  // wanted, not loaded
  EXPECT_DEATH(counters.Mutable(SubjectId("b")), "check failed");  // never wanted
}

}  // namespace
}  // namespace consentry
