#include "pipeline/sender_stage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/testing/time.h"
#include "pipeline/engine_test_fixture.h"
#include "state/codec.h"
#include "state/keys.h"

namespace consentry {
namespace {

using std::chrono::minutes;
using testing::RecordingSink;

using testing::At;

// A detector that counts messages per sender and minute and flags a minute with 3 or more.
// Its only state is those counts, persisted one entry per (sender, minute).
class CountingDetector final : public SenderDetector {
 public:
  std::string_view Name() const override { return "test.count"; }
  std::string_view RuleVersion() const override { return "1"; }
  void Add(int32_t partition, const SenderMessage& m) override {
    const std::string key = Key(m.sender.value(), Minute(m.sent_at));
    ++counts_[{partition, key}];
    dirty_.insert({partition, key});
    ++adds;
  }
  void Add(int32_t, const SenderFeedback&) override { ++feedback; }
  void Close(Timestamp watermark, std::vector<SenderFinding>& findings) override {
    closes.push_back(watermark);
    for (auto it = counts_.begin(); it != counts_.end();) {
      const auto [sender, minute] = Parse(it->first.second);
      const Timestamp start = Timestamp(std::chrono::duration_cast<Duration>(minutes(minute)));
      if (start + minutes(1) > watermark) {
        ++it;
        continue;
      }
      if (it->second >= 3) {
        SenderFinding f;
        f.finding.detector = "test.count";
        f.finding.rule_version = "1";
        f.finding.reason = "three or more";
        f.tenant = TenantId("acme");
        f.sender = SenderId(sender);
        f.entity = "sender:" + sender;
        f.window_start = start;
        f.window_end = start + minutes(1);
        findings.push_back(std::move(f));
      }
      dirty_.insert(it->first);
      it = counts_.erase(it);
    }
  }
  void TakeChanges(std::vector<SenderStateChange>& changes) override {
    for (const auto& entry : dirty_) {
      SenderStateChange c;
      c.partition = entry.first;
      c.key = entry.second;
      if (auto it = counts_.find(entry); it != counts_.end()) {
        c.value = std::to_string(it->second);
      }
      changes.push_back(std::move(c));
    }
    dirty_.clear();
  }
  Status Restore(int32_t partition, std::string_view key, std::string_view value) override {
    counts_[{partition, std::string(key)}] = std::stoi(std::string(value));
    return Status::Ok();
  }
  void Forget(int32_t partition) override {
    std::erase_if(counts_, [&](const auto& e) { return e.first.first == partition; });
  }

  int adds = 0, feedback = 0;
  std::vector<Timestamp> closes;

 private:
  static int64_t Minute(Timestamp t) {
    return std::chrono::floor<minutes>(t).time_since_epoch().count();
  }
  static std::string Key(const std::string& sender, int64_t minute) {
    return sender + "@" + std::to_string(minute);
  }
  static std::pair<std::string, int64_t> Parse(const std::string& key) {
    const size_t at = key.rfind('@');
    return {key.substr(0, at), std::stoll(key.substr(at + 1))};
  }
  std::map<std::pair<int32_t, std::string>, int> counts_;
  std::set<std::pair<int32_t, std::string>> dirty_;
};

class SenderStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("sender_stage_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Reopen();
  }
  void TearDown() override {
    stage_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    stage_.reset();
    store_.reset();
    auto store = Store::Open(dir_.string(), StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto detector = std::make_unique<CountingDetector>();
    detector_ = detector.get();
    std::vector<std::unique_ptr<SenderDetector>> detectors;
    detectors.push_back(std::move(detector));
    stage_ = std::make_unique<SenderStage>(*store_, std::move(detectors), sink_, clock_,
                                           SenderStageOptions{.sources = 2, .topic = "by"});
    auto starts = stage_->Assign({{"by", 0}});
    ASSERT_TRUE(starts.ok()) << starts.status().ToString();
    starts_ = *starts;
  }

  InputRecord Rec(const SenderRecordBody& body) {
    return {"by", 0, next_offset_++, "", EncodeSenderRecord(body)};
  }
  static SenderMessage Msg(const char* at, uint64_t hash, const char* sender = "s1") {
    SenderMessage m;
    m.sent_at = At(at);
    m.tenant = TenantId("acme");
    m.sender = SenderId(sender);
    m.message_hash = hash;
    return m;
  }
  void Feed(std::vector<SenderRecordBody> bodies) {
    std::vector<InputRecord> records;
    for (const auto& b : bodies) records.push_back(Rec(b));
    auto next = stage_->Process(records);
    ASSERT_TRUE(next.ok()) << next.status().ToString();
  }

  std::filesystem::path dir_;
  RecordingSink sink_;
  ManualClock clock_{At("2026-12-01T00:00:00Z")};
  std::unique_ptr<Store> store_;
  std::unique_ptr<SenderStage> stage_;
  CountingDetector* detector_ = nullptr;
  std::map<TopicPartition, std::optional<int64_t>> starts_;
  int64_t next_offset_ = 0;
};

TEST_F(SenderStageTest, WindowIsDecidedOnlyWhenEverySourceHasPassedIt) {
  Feed({Msg("2026-03-05T10:00:01Z", 1), Msg("2026-03-05T10:00:02Z", 2),
        Msg("2026-03-05T10:00:03Z", 3), SenderWatermark{0, At("2026-03-05T10:05:00Z")}});
  EXPECT_TRUE(sink_.alerts.empty());  // source 1 has not reported
  EXPECT_EQ(stage_->watermark(), Timestamp::min());
  Feed({SenderWatermark{1, At("2026-03-05T10:00:59Z")}});
  EXPECT_TRUE(sink_.alerts.empty());  // the minute ends at 10:01:00
  Feed({SenderWatermark{1, At("2026-03-05T10:01:00Z")}});
  ASSERT_EQ(sink_.alerts.size(), 1u);
  const Alert& alert = sink_.alerts[0];
  EXPECT_EQ(alert.detector, "test.count");
  EXPECT_EQ(alert.entity, "sender:s1");
  EXPECT_EQ(alert.window_start, At("2026-03-05T10:00:00Z"));
  // The id is MakeWindowAlertId's known answer formula over these parts.
  EXPECT_EQ(alert.alert_id, MakeWindowAlertId("test.count", "1", TenantId("acme"), "sender:s1",
                                              At("2026-03-05T10:00:00Z")));
  // The report counts it in the cell of the stage's lowest partition and the window's day, with
  // no channel, purpose or jurisdiction; what was emitted is what is stored.
  const StatsCellKey cell{.partition = 0, .day = 20517, .tenant = TenantId("acme")};
  ASSERT_EQ(sink_.stats.count(StatsCellStateKey(cell)), 1u);
  const StatsCell& counted = sink_.stats.at(StatsCellStateKey(cell)).cell;
  EXPECT_EQ(counted.violations, (std::map<std::string, int64_t>{{"test.count", 1}}));
  EXPECT_EQ(counted.screened, 0);
  std::optional<std::string> stored;
  ASSERT_TRUE(store_->Get(Family::kWindows, StatsCellStateKey(cell), &stored).ok());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(*stored, counted.Encode());
}

TEST_F(SenderStageTest, RepeatedRecordsCountOnce) {
  // A subject batch redone after a crash publishes the same messages again.
  Feed({Msg("2026-03-05T10:00:01Z", 1), Msg("2026-03-05T10:00:02Z", 2)});
  Feed({Msg("2026-03-05T10:00:01Z", 1), Msg("2026-03-05T10:00:02Z", 2)});
  EXPECT_EQ(detector_->adds, 2);
  EXPECT_EQ(stage_->stats().repeats, 2);
  Feed({SenderWatermark{0, At("2026-03-05T10:02:00Z")}, SenderWatermark{1, At("2026-03-05T10:02:00Z")}});
  EXPECT_TRUE(sink_.alerts.empty());  // two messages, not four
}

TEST_F(SenderStageTest, InputBehindTheClosedWatermarkIsLate) {
  Feed({SenderWatermark{0, At("2026-03-05T10:02:00Z")}, SenderWatermark{1, At("2026-03-05T10:02:00Z")}});
  Feed({Msg("2026-03-05T10:01:59Z", 1), Msg("2026-03-05T10:02:00Z", 2)});
  EXPECT_EQ(stage_->stats().late, 1);
  EXPECT_EQ(detector_->adds, 1);
}

TEST_F(SenderStageTest, StateAndOffsetsSurviveARestart) {
  Feed({Msg("2026-03-05T10:00:01Z", 1), Msg("2026-03-05T10:00:02Z", 2),
        SenderWatermark{0, At("2026-03-05T10:05:00Z")}});
  Reopen();
  EXPECT_EQ(starts_.at({"by", 0}), 3);
  // The repeat of a message counted before the restart is still recognised; the third one is
  // new; source 0's report was kept.
  Feed({Msg("2026-03-05T10:00:02Z", 2), Msg("2026-03-05T10:00:03Z", 3),
        SenderWatermark{1, At("2026-03-05T10:01:00Z")}});
  EXPECT_EQ(stage_->stats().repeats, 1);
  ASSERT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(sink_.alerts[0].window_start, At("2026-03-05T10:00:00Z"));
  // And a decided window is not decided again after another restart.
  Reopen();
  Feed({SenderWatermark{1, At("2026-03-05T10:03:00Z")}});
  EXPECT_EQ(sink_.alerts.size(), 1u);
}

TEST_F(SenderStageTest, BusyMinuteIsStoredInBoundedEntriesOfWhatEachBatchAdded) {
  // The stage's remembered hashes: values of family sketches other than the detector's.
  auto stage_entries = [&] {
    std::vector<size_t> sizes;
    EXPECT_TRUE(store_
                    ->ScanPrefix(Family::kSketches, SenderStatePrefix(0),
                                 [&](std::string_view key, std::string_view value) {
                                   auto parts = ParseSenderStateKey(key);
                                   EXPECT_TRUE(parts.ok());
                                   if (parts->owner.empty() && parts->key != "marks") {
                                     sizes.push_back(value.size());
                                   }
                                   return true;
                                 })
                    .ok());
    return sizes;
  };
  // 20,000 messages in one batch, then 3 more in the same minute.
  std::vector<SenderRecordBody> busy;
  for (uint64_t h = 1; h <= 20000; ++h) busy.push_back(Msg("2026-03-05T10:00:30Z", h));
  Feed(busy);
  Feed({Msg("2026-03-05T10:00:31Z", 20001), Msg("2026-03-05T10:00:32Z", 20002),
        Msg("2026-03-05T10:00:33Z", 20003)});
  std::vector<size_t> sizes = stage_entries();
  std::sort(sizes.begin(), sizes.end());
  // 8 bytes of expiry, a version byte, the count, 8 bytes a hash: 8192 + 8192 + 3616, then 3.
  ASSERT_EQ(sizes.size(), 4u);
  EXPECT_EQ(sizes[0], 8u + 1 + 1 + 3 * 8);
  EXPECT_EQ(sizes[1], 8u + 1 + 2 + 3616 * 8);
  EXPECT_EQ(sizes[3], 8u + 1 + 2 + 8192 * 8);
  // Every entry is read back: repeats from either batch are recognised after a restart.
  Reopen();
  Feed({Msg("2026-03-05T10:00:30Z", 1), Msg("2026-03-05T10:00:30Z", 20000),
        Msg("2026-03-05T10:00:32Z", 20002), Msg("2026-03-05T10:00:34Z", 20004)});
  EXPECT_EQ(stage_->stats().repeats, 3);
  EXPECT_EQ(stage_entries().size(), 5u);
  // A closed minute takes all its entries with it.
  Feed({SenderWatermark{0, At("2026-03-05T10:01:00Z")}, SenderWatermark{1, At("2026-03-05T10:01:00Z")}});
  EXPECT_TRUE(stage_entries().empty());
}

TEST_F(SenderStageTest, MinuteStoredInTheLegacyFormIsReadAndDeleted) {
  // Before entries were numbered: key 's' + minute, the minute's whole set in one value.
  const int64_t minute = 29'545'080;  // 2026-03-05T10:00Z in minutes since the epoch
  std::string key(1, 's');
  std::string value;
  ByteWriter(&key).PutFixed64BE(OrderedFromSigned64(minute));
  ByteWriter w(&value);
  w.PutFixed64BE(OrderedFromSigned64(ToMicros(At("2026-03-05T10:01:00Z"))));
  w.PutU8(1);
  w.PutVarint64(2);
  w.PutFixed64BE(7);
  w.PutFixed64BE(8);
  StoreBatch batch;
  batch.Put(Family::kSketches, SenderStateKey(0, "", key), value);
  ASSERT_TRUE(store_->Write(batch).ok());
  Reopen();
  Feed({Msg("2026-03-05T10:00:01Z", 7), Msg("2026-03-05T10:00:02Z", 9)});
  EXPECT_EQ(stage_->stats().repeats, 1);
  Feed({SenderWatermark{0, At("2026-03-05T10:01:00Z")}, SenderWatermark{1, At("2026-03-05T10:01:00Z")}});
  std::optional<std::string> stored;
  ASSERT_TRUE(store_->Get(Family::kSketches, SenderStateKey(0, "", key), &stored).ok());
  EXPECT_FALSE(stored.has_value());
}

TEST_F(SenderStageTest, UndecodableRecordIsDeadLettered) {
  std::vector<InputRecord> records = {{"by", 0, 0, "", "\x01\x09garbage"}};
  auto next = stage_->Process(records);
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(sink_.dlq.size(), 1u);
  EXPECT_EQ(sink_.dlq[0].code, "bad_sender_record");
  EXPECT_EQ(stage_->stats().malformed, 1);
  EXPECT_EQ(next->at({"by", 0}), 1);
}

}  // namespace
}  // namespace consentry
