// The subject stage's feed of the sender stage: one record per judged message, complaints and
// bounces naming a sender, and watermarks to every by-sender partition after the messages.

#include <gtest/gtest.h>

#include "pipeline/engine_test_fixture.h"

namespace consentry::testing {
namespace {

class EngineSenderFeedTest : public EngineTest {
 protected:
  void SetUp() override {
    sender_partitions_ = 2;
    EngineTest::SetUp();
  }
};

TEST_F(EngineSenderFeedTest, JudgedMessagesFeedbackAndWatermarksGoToTheSenderStage) {
  // m1 has no consent (DK marketing text): consent.missing, so it lacked consent.
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-05T10:00:00Z"))}).ok());
  ASSERT_TRUE(Feed({Fb(0, R"({"schema":"feedback.v1","event_id":"f1","at":"2026-03-05T10:00:30Z",)"
                          R"("subject":"s1","channel":"sms","kind":"complaint","sender_id":"crm",)"
                          R"("tenant":"acme"})"),
                    Fb(1, R"({"schema":"feedback.v1","event_id":"f2","at":"2026-03-05T10:00:31Z",)"
                          R"("subject":"s1","channel":"sms","kind":"stop_reply","sender_id":"crm",)"
                          R"("tenant":"acme"})")})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());

  std::vector<SenderMessage> messages;
  std::vector<SenderFeedback> feedback;
  std::map<int32_t, std::vector<SenderWatermark>> marks;  // by by-sender partition
  size_t first_mark = 0, last_message = 0;
  for (size_t i = 0; i < sink_.sender.size(); ++i) {
    const SenderRecord& r = sink_.sender[i];
    if (const auto* m = std::get_if<SenderMessage>(&r.body)) {
      messages.push_back(*m);
      last_message = i;
      // Kafka's default partitioner for the key "crm" over 2 partitions.
      EXPECT_EQ(r.partition, SenderPartition(SenderId("crm"), 2));
      EXPECT_EQ(r.key, "crm");
    } else if (const auto* f = std::get_if<SenderFeedback>(&r.body)) {
      feedback.push_back(*f);
    } else {
      if (marks.empty()) first_mark = i;
      marks[r.partition].push_back(std::get<SenderWatermark>(r.body));
    }
  }
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].sent_at, ParseRfc3339("2026-03-05T10:00:00Z").value());
  EXPECT_EQ(messages[0].sender, SenderId("crm"));
  EXPECT_EQ(messages[0].message_hash, MessageHash(TenantId("acme"), EventId("m1")));
  EXPECT_EQ(messages[0].recipient_hash, RecipientHash(SubjectId("s1")));
  EXPECT_TRUE(messages[0].lacked_consent);
  // Only the complaint: a STOP reply is a withdrawal, not a sender rate input.
  ASSERT_EQ(feedback.size(), 1u);
  EXPECT_EQ(feedback[0].kind, FeedbackKind::kComplaint);
  // The end of input reports "everything judged" to both by-sender partitions, after the message.
  ASSERT_EQ(marks.size(), 2u);
  for (const auto& [partition, list] : marks) {
    EXPECT_EQ(list.back().source, 0);
    EXPECT_EQ(list.back().at, Timestamp::max());
  }
  EXPECT_GT(first_mark, last_message);
}

TEST_F(EngineSenderFeedTest, ConsentedMessageDidNotLackConsent) {
  ASSERT_TRUE(Feed({Con(0, Decision("c1", "s1", "2026-03-01T00:00:00Z", "grant")),
                    Out(0, Message("m1", "s1", "2026-03-05T10:00:00Z"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  int messages = 0;
  for (const auto& r : sink_.sender) {
    if (const auto* m = std::get_if<SenderMessage>(&r.body)) {
      ++messages;
      EXPECT_FALSE(m->lacked_consent);
    }
  }
  EXPECT_EQ(messages, 1);
}

// An idle partition reports the wall clock (so the sender stage closes its last windows), but
// not while it still holds a message its own watermark has not released.
TEST_F(EngineSenderFeedTest, IdlePartitionReportsWallTimeOnlyOnceNothingIsHeld) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-05T10:00:00Z"))}).ok());
  engine_->CaughtUp({{"comms.outbound", 0}, {"consent.events", 0}});
  const Timestamp sent_at = ParseRfc3339("2026-03-05T10:00:00Z").value();
  const auto reports = [&] {
    std::vector<std::pair<std::string, Timestamp>> out;  // "message" or "mark", in order
    for (const auto& r : sink_.sender) {
      if (std::holds_alternative<SenderMessage>(r.body)) out.emplace_back("message", sent_at);
      if (const auto* m = std::get_if<SenderWatermark>(&r.body)) out.emplace_back("mark", m->at);
    }
    return out;
  };
  clock_.Advance(seconds(3));  // idle (2 s) but inside the lateness (5 s): m1 still held
  ASSERT_TRUE(engine_->Tick().ok());
  EXPECT_EQ(engine_->held(), 1u);
  for (const auto& [kind, at] : reports()) EXPECT_LT(at, sent_at) << kind;

  clock_.Advance(seconds(3));  // m1 released; now the wall clock may be reported
  ASSERT_TRUE(engine_->Tick().ok());
  EXPECT_EQ(engine_->held(), 0u);
  const auto all = reports();
  size_t message_at = all.size();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].first == "message") message_at = i;
  }
  ASSERT_LT(message_at, all.size());
  for (size_t i = 0; i < message_at; ++i) EXPECT_LT(all[i].second, sent_at);
  ASSERT_EQ(all.back().first, "mark");
  EXPECT_EQ(all.back().second, clock_.Now() - seconds(5));
}

}  // namespace
}  // namespace consentry::testing
