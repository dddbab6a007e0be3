#include "pipeline/engine.h"

#include <gtest/gtest.h>

#include "pipeline/engine_test_fixture.h"
#include "state/keys.h"

namespace consentry {
namespace {

using std::chrono::seconds;
using testing::Decision;
using testing::EngineTest;
using testing::Message;

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

// What app/outbound_pacer.h pauses on: held messages the outbound stream alone would release.
TEST_F(EngineTest, CountsTheHeldMessagesThatWaitOnlyForTheOtherStreams) {
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-03-01T10:00:00Z", "grant")),
                    Out(0, Message("m1", "s1", "2026-03-01T10:00:01Z")),
                    Out(1, Message("m2", "s1", "2026-03-01T10:00:10Z")),
                    Out(2, Message("m3", "s1", "2026-03-01T10:00:20Z")),
                    Out(3, Message("m4", "s1", "2026-03-01T10:00:28Z")),
                    Out(4, Message("m5", "s1", "2026-03-01T10:00:30Z"))})
                  .ok());
  // The consent stream holds the partition at 09:59:55; the outbound stream alone at 10:00:25:
  // m1-m3 wait for the consent stream, m4 and m5 for more messages.
  EXPECT_EQ(engine_->held(), 5u);
  EXPECT_EQ(engine_->WaitingForPartners(), (std::map<int32_t, size_t>{{0, 3}}));
  ASSERT_TRUE(Feed({Con(1, Decision("c2", "s2", "2026-03-01T10:00:40Z", "grant"))}).ok());
  EXPECT_EQ(engine_->held(), 2u);
  EXPECT_EQ(engine_->WaitingForPartners(), (std::map<int32_t, size_t>{{0, 0}}));
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

TEST_F(EngineTest, HeldMessagesAreReadAgainAfterARestart) {
  const InputRecord m1 = Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z"));
  ASSERT_TRUE(Feed({m1, Con(0, Decision("c1", "s2", "2026-03-01T09:00:00Z", "grant"))}).ok());
  EXPECT_EQ(engine_->held(), 1u);
  Reopen();
  // Nothing held is stored: the outbound offset stopped at the held message, the consent
  // offset did not.
  EXPECT_EQ(engine_->held(), 0u);
  EXPECT_EQ(starts_[TopicPartition("comms.outbound", 0)], 0);
  EXPECT_EQ(starts_[TopicPartition("consent.events", 0)], 1);
  ASSERT_TRUE(Feed({m1}).ok());
  EXPECT_EQ(engine_->held(), 1u);
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(sink_.alerts[0].event_id.value(), "m1");
  Reopen();
  EXPECT_EQ(starts_[TopicPartition("comms.outbound", 0)], 1);
}

TEST_F(EngineTest, MessagesJudgedBeforeARestartAreNotJudgedAgainWhenReadAgain) {
  // m2 (offset 0) stays held while m1 (offset 1) is judged, so the stored offset stops at m2
  // and both are read again after a restart: m1 must not be judged twice.
  const InputRecord m2 = Out(0, Message("m2", "s1", "2026-03-01T12:00:00Z"));
  const InputRecord m1 = Out(1, Message("m1", "s2", "2026-03-01T10:00:00Z"));
  ASSERT_TRUE(Feed({m2, m1, Con(0, Decision("c1", "s3", "2026-03-01T11:00:00Z", "grant"))}).ok());
  EXPECT_EQ(engine_->stats().judged, 1);  // m1
  ASSERT_EQ(sink_.alerts.size(), 1u);
  Reopen();
  EXPECT_EQ(starts_[TopicPartition("comms.outbound", 0)], 0);
  ASSERT_TRUE(Feed({m2, m1}).ok());
  EXPECT_EQ(engine_->stats().redeliveries, 1);  // m1, judged before the restart
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  std::vector<std::string> flagged;
  for (const auto& a : sink_.alerts) flagged.push_back(a.event_id.value());
  EXPECT_EQ(flagged, (std::vector<std::string>{"m1", "m2"}));  // each once
}

TEST_F(EngineTest, AnotherMessageWithTheIdOfAHeldOneIsDeadLettered) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z"))}).ok());
  ASSERT_TRUE(Feed({Out(1, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Out(2, Message("m1", "s1", "2026-03-01T10:30:00Z"))})
                  .ok());
  EXPECT_EQ(engine_->stats().redeliveries, 1);
  ASSERT_EQ(sink_.dlq.size(), 1u);
  EXPECT_EQ(sink_.dlq[0].code, "duplicate_event_id");
  EXPECT_EQ(sink_.dlq[0].offset, 2);
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_EQ(engine_->stats().judged, 1);
}

TEST_F(EngineTest, CachedStateMatchesStoredState) {
  // The same decisions over several batches, with the subject cache and without it.
  for (size_t cache : {size_t{64} << 20, size_t{0}}) {
    SCOPED_TRACE(cache);
    sink_.alerts.clear();
    TearDown();
    SetUp();
    Reopen(cache);
    ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant"))}).ok());
    ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-01-10T00:00:00Z"))}).ok());
    ASSERT_TRUE(Feed({Con(1, Decision("c2", "s1", "2026-02-01T00:00:00Z", "withdraw"))}).ok());
    const InputRecord m2 = Out(1, Message("m2", "s1", "2026-03-01T00:00:00Z"));
    ASSERT_TRUE(Feed({m2}).ok());
    engine_->Revoke({{"comms.outbound", 0}, {"consent.events", 0}});
    auto starts = engine_->Assign({{"comms.outbound", 0}, {"consent.events", 0}});
    ASSERT_TRUE(starts.ok());
    // m2 was still held: the consumer reads it again.
    ASSERT_EQ((*starts)[TopicPartition("comms.outbound", 0)], 1);
    ASSERT_TRUE(Feed({m2, Con(2, Decision("c3", "s1", "2026-03-05T00:00:00Z", "grant")),
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
  // Its memory is ahead of RocksDB now: it refuses more work until rebuilt.
  sink_.fail_flush = false;
  auto refused = Feed({Out(1, Message("m2", "s1", "2026-03-01T10:00:01Z"))});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(engine_->Tick().code(), StatusCode::kFailedPrecondition);
  Reopen();
  EXPECT_FALSE(starts_[TopicPartition("comms.outbound", 0)].has_value());
  EXPECT_EQ(engine_->held(), 0u);
}

TEST_F(EngineTest, HeldMessagesFromBeforeTenantKeysAreRekeyedNotLost) {
  // A message held by an older version, under the retired key without the tenant.
  engine_.reset();
  std::string old_key = PendingV1Prefix(0);
  old_key += std::string(8, '\x80');  // sent_at, not read back: the raw record is the truth
  old_key += '\x02';
  old_key += "m1";
  StoreBatch batch;
  batch.Put(Family::kPending, old_key, Message("m1", "s1", "2026-03-01T10:00:00Z"));
  ASSERT_TRUE(store_->Write(batch).ok());
  Reopen();
  EXPECT_EQ(engine_->held(), 1u);
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(sink_.alerts[0].event_id.value(), "m1");
  Reopen();
  EXPECT_EQ(engine_->held(), 0u);  // the old key is gone too
}

}  // namespace
}  // namespace consentry
