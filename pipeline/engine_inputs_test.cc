// The engine with every input: STOP replies and unsubscribe clicks, suppression entries,
// campaign declarations; and the identity and event-time bounds a hostile input tests.

#include <gtest/gtest.h>

#include "pipeline/engine_test_fixture.h"
#include "state/keys.h"

namespace consentry {
namespace {

using testing::Decision;
using testing::EngineTest;
using testing::Message;

std::string Feedback(const std::string& id, const std::string& at, const std::string& kind,
                     const std::string& extra = R"(,"tenant":"acme")") {
  return R"({"schema":"feedback.v1","event_id":")" + id + R"(","at":")" + at +
         R"(","subject":"s1","channel":"sms","kind":")" + kind + "\"" + extra + "}";
}

std::string Suppression(const std::string& added_at, const std::string& removed = "") {
  return R"({"schema":"suppression.v1","subject":"s1","list":"dnc","channels":["sms"],)"
         R"("added_at":")" + added_at + "\"" +
         (removed.empty() ? "" : R"(,"removed_at":")" + removed + "\"") + "}";
}

std::string Campaign(const std::string& valid_from, const std::string& purpose) {
  return R"({"schema":"campaign.v1","campaign_id":"spring","tenant":"acme",)"
         R"("declared_purposes":[")" + purpose + R"("],"valid_from":")" + valid_from + "\"}";
}

std::vector<std::string> Flagged(const testing::RecordingSink& sink) {
  std::vector<std::string> out;
  for (const auto& a : sink.alerts) out.push_back(a.event_id.value() + ":" + a.detector);
  return out;
}

TEST_F(EngineTest, StopReplyWithdrawsMarketingOnThatChannel) {
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Fb(0, Feedback("f1", "2026-02-01T00:00:00Z", "stop_reply")),
                    // DK: a 2-day grace, so a week later the STOP must have been honoured.
                    Out(0, Message("m1", "s1", "2026-02-08T00:00:00Z")),
                    // Another channel: the STOP was sent by SMS.
                    Out(1, Message("m2", "s1", "2026-02-08T00:00:00Z", "email"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_EQ(Flagged(sink_), std::vector<std::string>{"m1:consent.withdrawn"});
  EXPECT_EQ(engine_->stats().feedback, 1);
}

TEST_F(EngineTest, MessagesInsideTheHonouringWindowCountTheirDelay) {
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Fb(0, Feedback("f1", "2026-02-02T09:00:00Z", "stop_reply")),
                    // 3 h after the STOP: inside DK's 2-day grace, so no alert, but counted.
                    Out(0, Message("m1", "s1", "2026-02-02T12:00:00Z"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_TRUE(sink_.alerts.empty());
  EXPECT_EQ(engine_->stats().inside_window, 1);
  // 2026-02-02 is day 20486 since the epoch: the delay is in that day's report cell.
  std::optional<std::string> stored;
  const StatsCellKey cell{.partition = 0,
                          .day = 20486,
                          .tenant = TenantId("acme"),
                          .channel = "sms",
                          .purpose = "marketing.communications.sms",
                          .jurisdiction = "DK"};
  ASSERT_TRUE(store_->Get(Family::kWindows, StatsCellStateKey(cell), &stored).ok());
  ASSERT_TRUE(stored.has_value());
  auto stats = StatsCell::Decode(*stored);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  const DelayHistogram* delays = &stats->honoured;
  EXPECT_EQ(delays->buckets()[2], 1);  // [2 h, 4 h)
}

TEST_F(EngineTest, ComplaintsAndBouncesChangeNoConsent) {
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Fb(0, Feedback("f1", "2026-02-01T00:00:00Z", "complaint")),
                    Fb(1, Feedback("f2", "2026-02-01T00:00:01Z", "bounce")),
                    Out(0, Message("m1", "s1", "2026-02-08T00:00:00Z"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_TRUE(sink_.alerts.empty());
  EXPECT_EQ(engine_->stats().feedback, 2);
}

TEST_F(EngineTest, SuppressionEntriesAreKeptWithTheirRemoval) {
  ASSERT_TRUE(Feed({Sup(0, Suppression("2026-01-01T00:00:00Z")),
                    Sup(1, Suppression("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z")),
                    Sup(2, Suppression("2026-01-01T00:00:00Z"))})  // redelivered add
                  .ok());
  std::optional<std::string> stored;
  ASSERT_TRUE(store_->Get(Family::kSuppression, SuppressionKey(SubjectId("s1")), &stored).ok());
  ASSERT_TRUE(stored.has_value());
  auto history = SuppressionHistory::Decode(*stored);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->entries().size(), 1u);
  ASSERT_TRUE(history->entries()[0].removed_at.has_value());
  EXPECT_EQ(FormatRfc3339(*history->entries()[0].removed_at), "2026-03-01T00:00:00Z");
}

TEST_F(EngineTest, ATimeLimitedEntryArrivingLateCorrectsItsWholeActivePeriod) {
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(1, Decision("c9", "s9", "2026-03-01T11:00:00Z", "grant")),
                    Out(1, Message("m2", "s9", "2026-03-01T11:00:00Z"))})
                  .ok());
  EXPECT_TRUE(sink_.alerts.empty());
  // An entry active 09:00-10:30 (the removal already known) arrives after m1 was judged; a
  // removal date in the future is data, not a clock.
  ASSERT_TRUE(Feed({Sup(0, Suppression("2026-03-01T09:00:00Z", "2026-03-01T10:30:00Z")),
                    Sup(1, Suppression("2026-02-01T00:00:00Z", "2099-01-01T00:00:00Z"))})
                  .ok());
  EXPECT_TRUE(sink_.dlq.empty());
  ASSERT_FALSE(sink_.alerts.empty());
  EXPECT_EQ(sink_.alerts[0].detector, "suppression.hit");
  EXPECT_EQ(sink_.alerts[0].event_id.value(), "m1");
  EXPECT_TRUE(sink_.alerts[0].late);
}

TEST_F(EngineTest, CampaignVersionsAreKeptWithoutOffsets) {
  auto next = Feed({Camp(0, Campaign("2026-01-01T00:00:00Z", "marketing")),
                    Camp(1, Campaign("2026-06-01T00:00:00Z", "essential.service.account")),
                    Camp(2, Campaign("2026-06-01T00:00:00Z", "essential.service.account"))});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_TRUE(next->empty());  // the global table is read whole at every start
  std::optional<std::string> stored;
  ASSERT_TRUE(store_->Get(Family::kCampaigns, CampaignKey(CampaignId("spring")), &stored).ok());
  ASSERT_TRUE(stored.has_value());
  auto history = CampaignHistory::Decode(*stored);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->versions().size(), 2u);
  const CampaignDeclaration* march = history->At(ParseRfc3339("2026-03-01T00:00:00Z").value());
  ASSERT_NE(march, nullptr);
  EXPECT_EQ(march->declared_purposes, std::vector<std::string>{"marketing"});
}

TEST_F(EngineTest, EventIdsAreScopedToTheirTenant) {
  // globex's withdrawal reuses acme's event id for the same subject: both count.
  std::string globex_withdraw = Decision("c1", "s1", "2026-02-01T00:00:00Z", "withdraw");
  globex_withdraw.replace(globex_withdraw.find("\"acme\""), 6, "\"globex\"");
  std::string globex_message = Message("m2", "s1", "2026-03-01T00:00:00Z");
  globex_message.replace(globex_message.find("\"acme\""), 6, "\"globex\"");
  std::string globex_grant = Decision("c0", "s1", "2026-01-01T00:00:00Z", "grant");
  globex_grant.replace(globex_grant.find("\"acme\""), 6, "\"globex\"");
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Con(1, globex_grant), Con(2, globex_withdraw),
                    Out(0, Message("m1", "s1", "2026-03-01T00:00:00Z")), Out(1, globex_message)})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  ASSERT_EQ(Flagged(sink_), std::vector<std::string>{"m2:consent.withdrawn"});
  EXPECT_EQ(sink_.alerts[0].tenant, TenantId("globex"));
  EXPECT_TRUE(sink_.dlq.empty());
}

TEST_F(EngineTest, ReusedMessageIdWithOtherContentGoesToTheDlq) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T00:00:00Z")),
                    Out(1, Message("m1", "s1", "2026-03-01T00:00:00Z")),  // redelivery
                    Out(2, Message("m1", "s2", "2026-03-01T00:00:00Z", "email"))})
                  .ok());
  // And in a later batch, after the first was judged.
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  ASSERT_TRUE(Feed({Out(3, Message("m1", "s3", "2026-03-02T00:00:00Z"))}).ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_EQ(Flagged(sink_), std::vector<std::string>{"m1:consent.missing"});
  EXPECT_EQ(sink_.alerts[0].subject, SubjectId("s1"));
  ASSERT_EQ(sink_.dlq.size(), 2u);
  EXPECT_EQ(sink_.dlq[0].code, "duplicate_event_id");
  EXPECT_EQ(sink_.dlq[0].offset, 2);
  EXPECT_EQ(sink_.dlq[1].code, "duplicate_event_id");
  EXPECT_EQ(sink_.dlq[1].offset, 3);
  EXPECT_EQ(engine_->stats().redeliveries, 1);
  EXPECT_EQ(engine_->stats().judged, 1);
}

TEST_F(EngineTest, ReusedDecisionIdWithOtherContentGoesToTheDlq) {
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Con(1, Decision("c1", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Con(2, Decision("c1", "s1", "2026-02-01T00:00:00Z", "withdraw"))})
                  .ok());
  ASSERT_EQ(sink_.dlq.size(), 1u);
  EXPECT_EQ(sink_.dlq[0].code, "duplicate_event_id");
  EXPECT_EQ(sink_.dlq[0].offset, 2);
}

TEST_F(EngineTest, FarFutureRecordCannotPoisonThePartitionClock) {
  // A consent record dated 9999-12-31 would otherwise move the watermark past everything.
  ASSERT_TRUE(Feed({Con(0, Decision("c0", "s9", "9999-12-31T00:00:00Z", "grant")),
                    Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z"))})
                  .ok());
  ASSERT_EQ(sink_.dlq.size(), 1u);
  EXPECT_EQ(sink_.dlq[0].code, "future_timestamp");
  EXPECT_EQ(engine_->held(), 1u);  // still waiting for the consent stream
  ASSERT_TRUE(Feed({Con(1, Decision("c1", "s1", "2026-03-01T09:59:00Z", "grant")),
                    Con(2, Decision("c2", "s9", "2026-03-01T10:01:00Z", "grant")),
                    Out(1, Message("m2", "s9", "2026-03-01T10:01:00Z"))})
                  .ok());
  EXPECT_EQ(engine_->stats().judged, 1);  // m1; m2 waits for its own watermark
  EXPECT_TRUE(sink_.alerts.empty());      // the grant counted
}

TEST_F(EngineTest, RecordTimestampIsTheFutureReferenceInARun) {
  InputRecord record = Con(0, Decision("c0", "s9", "2026-03-01T12:00:00Z", "grant"));
  record.timestamp = ParseRfc3339("2026-03-01T10:00:00Z").value();  // 2 h ahead: refused
  InputRecord fine = Con(1, Decision("c1", "s9", "2026-03-01T10:30:00Z", "grant"));
  fine.timestamp = record.timestamp;  // 30 min ahead: within the default hour
  ASSERT_TRUE(Feed({record, fine}).ok());
  ASSERT_EQ(sink_.dlq.size(), 1u);
  EXPECT_EQ(sink_.dlq[0].offset, 0);
  EXPECT_EQ(sink_.dlq[0].code, "future_timestamp");
}

TEST_F(EngineTest, RecordFromAnUnknownTopicIsDeadLettered) {
  ASSERT_TRUE(Feed({InputRecord{"elsewhere", 0, 4, "", "{}", std::nullopt}}).ok());
  ASSERT_EQ(sink_.dlq.size(), 1u);
  EXPECT_EQ(sink_.dlq[0].code, "unknown_topic");
}

// Kafka's default partitioner puts key "21" on partition 0 and "abc" on partition 3 of 4
// (core/partitioner_test.cc pins both); these records all sit on partition 0.
TEST_F(EngineTest, MisroutedKeyedRecordsAreDeadLettered) {
  input_partitions_ = 4;
  Reopen();
  InputRecord on_its_partition = Out(0, Message("m1", "21", "2026-03-05T10:00:00Z"));
  on_its_partition.key = "21";
  InputRecord misrouted = Out(1, Message("m2", "abc", "2026-03-05T10:00:00Z"));
  misrouted.key = "abc";
  InputRecord unkeyed = Out(2, Message("m3", "abc", "2026-03-05T10:00:00Z"));
  auto next = Feed({on_its_partition, misrouted, unkeyed});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->at({"comms.outbound", 0}), 0);  // m1 is held
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  ASSERT_EQ(sink_.dlq.size(), 1u);
  EXPECT_EQ(sink_.dlq[0].code, "misrouted");
  EXPECT_EQ(sink_.dlq[0].offset, 1);
  EXPECT_EQ(engine_->stats().misrouted, 1);
  EXPECT_EQ(engine_->stats().judged, 2);  // m1 and the unkeyed m3 (nothing to check it by)
  Reopen();
  EXPECT_EQ(starts_[TopicPartition("comms.outbound", 0)], 3);  // the dead letter is read past
}

TEST_F(EngineTest, RefusedMisroutedRecordFailsTheBatchAndStoresNothing) {
  input_partitions_ = 4;
  refuse_misrouted_ = true;
  Reopen();
  InputRecord misrouted = Out(0, Message("m2", "abc", "2026-03-05T10:00:00Z"));
  misrouted.key = "abc";
  auto next = Feed({misrouted});
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(next.status().message().find("comms.outbound/0 offset 0"), std::string::npos)
      << next.status().message();
  EXPECT_NE(next.status().message().find("partition 3 of 4"), std::string::npos);
  EXPECT_EQ(*store_->ReadInputOffset("comms.outbound", 0), std::nullopt);
  EXPECT_TRUE(sink_.dlq.empty());
}

}  // namespace
}  // namespace consentry
