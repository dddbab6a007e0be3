#include "pipeline/engine.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "detectors/registry.h"

namespace consentry {
namespace {

using std::chrono::seconds;

class RecordingSink final : public Sink {
 public:
  Status Emit(const Alert& alert) override {
    pending_alerts.push_back(alert);
    return Status::Ok();
  }
  Status Emit(const DlqEntry& entry) override {
    dlq.push_back({entry.reason_code, entry.source_topic, entry.source_offset});
    return Status::Ok();
  }
  Status Flush() override {
    ++flushes;
    for (auto& a : pending_alerts) alerts.push_back(std::move(a));
    pending_alerts.clear();
    return fail_flush ? Unavailable("broker gone") : Status::Ok();
  }
  struct Dlq {
    std::string code, topic;
    int64_t offset;
  };
  std::vector<Alert> pending_alerts, alerts;
  std::vector<Dlq> dlq;
  int flushes = 0;
  bool fail_flush = false;
};

std::string Message(const std::string& id, const std::string& subject, const std::string& sent_at,
                    const std::string& channel = "sms") {
  return R"({"schema":"outbound.v1","event_id":")" + id + R"(","sent_at":")" + sent_at +
         R"(","tenant":"acme","subject":")" + subject + R"(","channel":")" + channel +
         R"(","purpose":"marketing.communications.)" + channel +
         R"(","sender_id":"crm","jurisdiction":"DK"})";
}

std::string Decision(const std::string& id, const std::string& subject, const std::string& at,
                     const std::string& action) {
  return R"({"schema":"consent.v1","event_id":")" + id + R"(","recorded_at":")" + at +
         R"(","tenant":"acme","subject":")" + subject + R"(","action":")" + action +
         R"(","channels":["*"],"purposes":["marketing"]})";
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("engine_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Reopen();
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Reopen(size_t cached_subjects = EngineOptions{}.cached_subjects) {
    engine_.reset();
    store_.reset();
    auto store = Store::Open(dir_.string(), StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    DetectorRegistry registry;
    RegisterBuiltinDetectors(registry);
    const DetectorEnv env{taxonomy_, policies_};
    std::vector<std::unique_ptr<Detector>> detectors;
    for (const char* name : {"consent.missing", "consent.withdrawn"}) {
      auto d = registry.Create(name, {}, env);
      ASSERT_TRUE(d.ok()) << d.status().ToString();
      detectors.push_back(std::move(*d));
    }
    EngineOptions options;
    options.allowed_lateness = seconds(5);
    options.idle_timeout = seconds(2);
    options.cached_subjects = cached_subjects;
    engine_ = std::make_unique<Engine>(*store_, std::move(detectors), sink_, clock_, options);
    auto starts = engine_->Assign({{"comms.outbound", 0}, {"consent.events", 0}});
    ASSERT_TRUE(starts.ok()) << starts.status().ToString();
    starts_ = *starts;
  }

  StatusOr<std::map<TopicPartition, int64_t>> Feed(std::vector<kafka::Record> records) {
    return engine_->Process(records);
  }

  kafka::Record Out(int64_t offset, std::string value) {
    return {"comms.outbound", 0, offset, "", std::move(value)};
  }
  kafka::Record Con(int64_t offset, std::string value) {
    return {"consent.events", 0, offset, "", std::move(value)};
  }

  std::filesystem::path dir_;
  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  RecordingSink sink_;
  ManualClock clock_{FromMicros(0)};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> engine_;
  std::map<TopicPartition, std::optional<int64_t>> starts_;
};

TEST_F(EngineTest, HoldsMessageUntilWatermarkThenAlerts) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z"))}).ok());
  ASSERT_TRUE(Feed({Con(0, Decision("c0", "s9", "2026-03-01T10:00:04Z", "grant"))}).ok());
  EXPECT_TRUE(sink_.alerts.empty());  // consent stream has not passed 10:00:05 yet
  EXPECT_EQ(engine_->held(), 1u);
  ASSERT_TRUE(Feed({Con(1, Decision("c1", "s9", "2026-03-01T10:00:06Z", "grant")),
                    Out(1, Message("m2", "s2", "2026-03-01T10:00:20Z"))})
                  .ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(sink_.alerts[0].detector, "consent.missing");
  EXPECT_EQ(sink_.alerts[0].event_id.value(), "m1");
  EXPECT_EQ(sink_.alerts[0].alert_id, MakeAlertId("consent.missing", "1", EventId("m1")));
  EXPECT_EQ(engine_->held(), 1u);
}

TEST_F(EngineTest, LateArrivingConsentMadeBeforeTheMessageCounts) {
  // The message is delivered first; the grant made an hour earlier comes after it.
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z"))}).ok());
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-03-01T09:00:00Z", "grant"))}).ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_TRUE(sink_.alerts.empty());
  EXPECT_EQ(engine_->stats().judged, 1);
}

TEST_F(EngineTest, WithdrawalBeforeSendAlerts) {
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Con(1, Decision("c2", "s1", "2026-02-01T00:00:00Z", "withdraw")),
                    Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(sink_.alerts[0].detector, "consent.withdrawn");
}

TEST_F(EngineTest, IdleStreamsReleaseWithWallTime) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(0, Decision("c1", "s1", "2026-03-01T09:00:00Z", "grant"))})
                  .ok());
  ASSERT_TRUE(engine_->Tick().ok());
  EXPECT_EQ(engine_->held(), 1u);
  clock_.Advance(seconds(10));
  ASSERT_TRUE(engine_->Tick().ok());
  EXPECT_EQ(engine_->held(), 1u);  // silent, but nobody said the streams were caught up
  engine_->CaughtUp({{"comms.outbound", 0}, {"consent.events", 0}});
  clock_.Advance(seconds(10));  // both streams idle: the watermark follows wall time
  ASSERT_TRUE(engine_->Tick().ok());
  EXPECT_EQ(engine_->held(), 0u);
  EXPECT_EQ(engine_->stats().judged, 1);
  EXPECT_TRUE(sink_.alerts.empty());
}

TEST_F(EngineTest, MalformedRecordsGoToTheDlqAndTheOffsetMovesOn) {
  auto next = Feed({Out(7, "{not json"), Out(8, Message("m1", "s1", "not a time")),
                    Con(3, Message("m2", "s1", "2026-03-01T10:00:00Z"))});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_EQ(sink_.dlq.size(), 3u);
  EXPECT_EQ(sink_.dlq[0].code, "bad_json");
  EXPECT_EQ(sink_.dlq[0].offset, 7);
  EXPECT_EQ(sink_.dlq[1].code, "bad_timestamp");
  EXPECT_EQ(sink_.dlq[2].code, "schema_mismatch");
  EXPECT_EQ(sink_.dlq[2].topic, "consent.events");
  EXPECT_EQ((*next)[TopicPartition("comms.outbound", 0)], 9);
  EXPECT_EQ(engine_->stats().dlq, 3);
}

TEST_F(EngineTest, HeldMessagesAndOffsetsSurviveARestart) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(0, Decision("c1", "s2", "2026-03-01T09:00:00Z", "grant"))})
                  .ok());
  EXPECT_EQ(engine_->held(), 1u);
  Reopen();
  EXPECT_EQ(engine_->held(), 1u);
  EXPECT_EQ(starts_[TopicPartition("comms.outbound", 0)], 1);
  EXPECT_EQ(starts_[TopicPartition("consent.events", 0)], 1);
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(sink_.alerts[0].event_id.value(), "m1");
  Reopen();
  EXPECT_EQ(engine_->held(), 0u);  // judged messages are gone from the pending family
}

TEST_F(EngineTest, CachedStateMatchesStoredState) {
  // The same decisions over several batches, with the subject cache and without it.
  for (size_t cache : {size_t{200000}, size_t{0}}) {
    SCOPED_TRACE(cache);
    sink_.alerts.clear();
    TearDown();
    SetUp();
    Reopen(cache);
    ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant"))}).ok());
    ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-01-10T00:00:00Z"))}).ok());
    ASSERT_TRUE(Feed({Con(1, Decision("c2", "s1", "2026-02-01T00:00:00Z", "withdraw"))}).ok());
    ASSERT_TRUE(Feed({Out(1, Message("m2", "s1", "2026-03-01T00:00:00Z"))}).ok());
    engine_->Revoke({{"comms.outbound", 0}, {"consent.events", 0}});
    ASSERT_TRUE(engine_->Assign({{"comms.outbound", 0}, {"consent.events", 0}}).ok());
    ASSERT_TRUE(Feed({Con(2, Decision("c3", "s1", "2026-03-05T00:00:00Z", "grant")),
                      Out(2, Message("m3", "s1", "2026-03-10T00:00:00Z"))})
                    .ok());
    ASSERT_TRUE(engine_->ReleaseAll().ok());
    std::vector<std::string> flagged;
    for (const auto& a : sink_.alerts) flagged.push_back(a.event_id.value() + ":" + a.detector);
    EXPECT_EQ(flagged, std::vector<std::string>{"m2:consent.withdrawn"});
  }
}

TEST_F(EngineTest, FailedFlushWritesNoState) {
  sink_.fail_flush = true;
  auto next = Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z"))});
  EXPECT_FALSE(next.ok());
  Reopen();
  EXPECT_FALSE(starts_[TopicPartition("comms.outbound", 0)].has_value());
  EXPECT_EQ(engine_->held(), 0u);
}

}  // namespace
}  // namespace consentry
