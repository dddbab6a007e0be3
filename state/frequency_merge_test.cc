// Frequency windows in a real RocksDB: the merge operator of family windows folds operands into
// the stored value, the windows compaction filter drops expired buckets, a restart keeps the
// counts, and the overlay writes operands that agree with its cache.

#include "state/frequency_merge.h"

#include <gtest/gtest.h>
#include <rocksdb/merge_operator.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "state/frequency_window.h"
#include "state/stats_cell.h"
#include "state/keys.h"
#include "state/overlay.h"
#include "state/store.h"
#include "state/test_util.h"

namespace consentry {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using testing::ScopedTempDir;

constexpr int64_t kDay = 86'400;

Timestamp Second(int64_t s) { return FromMicros(s * 1'000'000); }

bool Every(const FrequencyBucket&) { return true; }

// One message at second `s` as an operand.
std::string Operand(int64_t s, const std::string& tenant = "acme", int64_t n = 1) {
  FrequencyWindow w;
  w.Add(Second(s), TenantId(tenant), Channel::kSms, "marketing.communications.sms", n);
  return w.Encode();
}

class FrequencyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    store_.reset();
    ASSERT_NO_FATAL_FAILURE(testing::OpenTestStore(dir_.Sub("db"), &store_));
  }

  void Merge(const std::string& subject, const std::string& operand) {
    StoreBatch batch;
    batch.Merge(Family::kWindows, FrequencyWindowKey(SubjectId(subject)), operand);
    CONSENTRY_ASSERT_OK(store_->Write(batch));
  }

  std::optional<std::string> Raw(const std::string& key) {
    std::optional<std::string> v;
    const Status s = store_->Get(Family::kWindows, key, &v);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return v;
  }

  // The stored window of `subject`; empty when absent.
  FrequencyWindow Read(const std::string& subject) {
    const auto raw = Raw(FrequencyWindowKey(SubjectId(subject)));
    if (!raw) return FrequencyWindow();
    auto w = FrequencyWindow::Decode(*raw);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return w.ok() ? *w : FrequencyWindow();
  }

  int64_t Total(const std::string& subject) {
    return Read(subject).Count(&Every, Timestamp::min() + hours(1), Timestamp::max() - hours(1));
  }

  ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(FrequencyStoreTest, MergeOperandsAddUp) {
  Merge("s1", Operand(10));
  Merge("s1", Operand(10));
  Merge("s1", Operand(20, "beta", 3));
  Merge("s2", Operand(10));
  const FrequencyWindow w = Read("s1");
  ASSERT_EQ(w.buckets().size(), 2u);
  EXPECT_EQ(w.Count(&Every, Second(9), Second(10)), 2);
  EXPECT_EQ(w.Count(&Every, Second(10), Second(20)), 3);
  EXPECT_EQ(Total("s2"), 1);
}

TEST_F(FrequencyStoreTest, CountsSurviveRestartAndCompaction) {
  Merge("s1", Operand(10));
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  Merge("s1", Operand(11));
  Open();  // close and reopen: the WAL and the table file come back
  Merge("s1", Operand(12));
  EXPECT_EQ(Total("s1"), 3);
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));
  Open();
  EXPECT_EQ(Total("s1"), 3);
}

TEST_F(FrequencyStoreTest, CompactionDropsBucketsOlderThanFloorMinusLongestWindow) {
  // Buckets on days 1, 5, 8 and 9; the floor at day 9, the longest window 2 days: the cutoff is
  // day 7, so days 1 and 5 go. s2 has only old buckets: its key goes.
  for (int64_t day : {1, 5, 8, 9}) Merge("s1", Operand(day * kDay));
  Merge("s2", Operand(2 * kDay));
  Merge("s2", Operand(3 * kDay));
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));  // operands become values
  store_->SetExpiryFloor(Second(9 * kDay));
  store_->SetLongestFrequencyWindow(hours(48));
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));
  const FrequencyWindow w = Read("s1");
  ASSERT_EQ(w.buckets().size(), 2u);
  EXPECT_EQ(w.buckets().begin()->first.start(), Second(8 * kDay));
  EXPECT_EQ(w.newest(), Second(9 * kDay));
  EXPECT_FALSE(Raw(FrequencyWindowKey(SubjectId("s2"))).has_value());
}

TEST_F(FrequencyStoreTest, CompactionDropsExpiredOperandsBeforeTheyAreMerged) {
  store_->SetExpiryFloor(Second(9 * kDay));
  store_->SetLongestFrequencyWindow(hours(24));
  // One table file each, so the flush does not combine them into one operand first (a combined
  // operand is kept whole and trimmed once merged into the value, by the next compaction).
  Merge("s1", Operand(1 * kDay));  // older than the cutoff (day 8)
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  Merge("s1", Operand(8 * kDay));  // at the cutoff: kept
  Merge("s3", Operand(2 * kDay));  // s3 has nothing recent
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));
  const FrequencyWindow w = Read("s1");
  ASSERT_EQ(w.buckets().size(), 1u);
  EXPECT_EQ(w.newest(), Second(8 * kDay));
  EXPECT_FALSE(Raw(FrequencyWindowKey(SubjectId("s3"))).has_value());
}

TEST_F(FrequencyStoreTest, NothingExpiresWhileTheLongestWindowIsUnknown) {
  Merge("s1", Operand(1 * kDay));
  store_->SetExpiryFloor(Second(30 * kDay));
  EXPECT_FALSE(store_->longest_frequency_window().has_value());
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));
  EXPECT_EQ(Total("s1"), 1);
}

TEST_F(FrequencyStoreTest, ReportAggregatesInTheSameFamilyAreLeftAlone) {
  StatsCell h;
  h.screened = 1;
  h.honoured.Add(hours(3));
  const std::string key = StatsCellStateKey({.partition = 0, .day = 1, .channel = "sms"});
  StoreBatch batch;
  batch.Put(Family::kWindows, key, h.Encode());
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  Merge("s1", Operand(1));
  store_->SetExpiryFloor(Second(400 * kDay));
  store_->SetLongestFrequencyWindow(hours(24));
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));
  EXPECT_EQ(Raw(key), h.Encode());
  EXPECT_FALSE(Raw(FrequencyWindowKey(SubjectId("s1"))).has_value());
}

TEST_F(FrequencyStoreTest, AnUndecodableStoredValueIsKeptAndReadsStillWork) {
  const std::string key = FrequencyWindowKey(SubjectId("s1"));
  StoreBatch batch;
  batch.Put(Family::kWindows, key, "garbage");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  Merge("s1", Operand(1));
  EXPECT_EQ(Raw(key), "garbage");  // the read does not fail; the bytes stay for a person
  CONSENTRY_ASSERT_OK(store_->FlushMemTables());
  CONSENTRY_ASSERT_OK(store_->CompactFamily(Family::kWindows));  // nor does the compaction
  EXPECT_EQ(Raw(key), "garbage");
  // The overlay reports it as DataLoss naming the family.
  BatchOverlay overlay;
  overlay.WantFrequency(SubjectId("s1"));
  const Status s = overlay.Load(*store_);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("windows"), std::string::npos) << s.ToString();
}

TEST_F(FrequencyStoreTest, OverlayWritesOperandsThatMatchItsCache) {
  OutboundEvent m;
  m.subject = SubjectId("s1");
  m.tenant = TenantId("acme");
  m.channel = Channel::kSms;
  m.purpose = "marketing.communications.sms";
  Merge("s1", Operand(5));  // already stored
  BatchOverlay overlay;
  overlay.WantFrequency(m.subject);
  CONSENTRY_ASSERT_OK(overlay.Load(*store_));
  for (int64_t s : {10, 10, 11}) {
    m.sent_at = Second(s);
    overlay.AddToFrequency(m, Timestamp::min());
  }
  EXPECT_EQ(overlay.Frequency(m.subject).Count(&Every, Second(0), Second(20)), 4);
  StoreBatch batch;
  overlay.Flush(batch);
  EXPECT_EQ(batch.size(), 1u);  // one operand for the subject
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  EXPECT_EQ(Read("s1"), overlay.Frequency(m.subject));
  // Nothing is written twice.
  StoreBatch again;
  overlay.Flush(again);
  EXPECT_TRUE(again.empty());
  // The cache drops what is older than the cutoff it is given; the store keeps it until
  // compaction.
  m.sent_at = Second(12);
  overlay.AddToFrequency(m, Second(10));
  EXPECT_EQ(overlay.Frequency(m.subject).Count(&Every, Second(0), Second(20)), 4);
}

// The operator alone, as RocksDB calls it.
TEST(FrequencyMergeOperatorTest, SkipsAnUndecodableOperandAndKeepsTheRest) {
  const auto op = MakeFrequencyMergeOperator();
  EXPECT_STREQ(op->Name(), "consentry.FrequencyMerge");
  const std::string key = FrequencyWindowKey(SubjectId("s1"));
  const std::string base = Operand(1);
  const std::string a = Operand(2);
  const std::string bad = "\x09nonsense";
  const rocksdb::Slice base_slice(base);
  const std::vector<rocksdb::Slice> operands = {a, bad, a};
  std::string result;
  rocksdb::Slice existing;
  rocksdb::MergeOperator::MergeOperationOutput out(result, existing);
  ASSERT_TRUE(op->FullMergeV2(
      rocksdb::MergeOperator::MergeOperationInput(key, &base_slice, operands, nullptr), &out));
  auto merged = FrequencyWindow::Decode(result);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->Count(&Every, Second(0), Second(1)), 1);
  EXPECT_EQ(merged->Count(&Every, Second(1), Second(2)), 2);

  // Partial merges combine good operands and refuse a bad one.
  std::string partial;
  EXPECT_TRUE(op->PartialMergeMulti(key, {a, a}, &partial, nullptr));
  EXPECT_EQ(partial, Operand(2, "acme", 2));
  EXPECT_FALSE(op->PartialMergeMulti(key, {a, bad}, &partial, nullptr));
}

TEST(FrequencyMergeOperatorTest, AnotherKeyKeepsTheLastWrite) {
  const auto op = MakeFrequencyMergeOperator();
  const std::string key = StatsCellStateKey({.partition = 0, .day = 1, .channel = "sms"});
  const std::vector<rocksdb::Slice> operands = {rocksdb::Slice("x"), rocksdb::Slice("y")};
  std::string result;
  rocksdb::Slice existing;
  rocksdb::MergeOperator::MergeOperationOutput out(result, existing);
  ASSERT_TRUE(op->FullMergeV2(
      rocksdb::MergeOperator::MergeOperationInput(key, nullptr, operands, nullptr), &out));
  EXPECT_EQ(existing.ToString(), "y");
}

}  // namespace
}  // namespace consentry
