// The report aggregates (pipeline/report_stats.h): what each batch adds to its cells and emits.

#include <gtest/gtest.h>

#include <chrono>

#include "pipeline/engine_test_fixture.h"
#include "state/keys.h"

namespace consentry {
namespace {

using testing::Decision;
using testing::EngineTest;
using testing::Message;

constexpr int32_t kMarch1 = 20513;  // 2026-03-01, days since the epoch

StatsCellKey SmsCell(int32_t day = kMarch1) {
  return {.partition = 0,
          .day = day,
          .tenant = TenantId("acme"),
          .channel = "sms",
          .purpose = "marketing.communications.sms",
          .jurisdiction = "DK"};
}

class EngineStatsTest : public EngineTest {
 protected:
  // The last value emitted for `key`; fails the test when none was.
  StatsCell Emitted(const StatsCellKey& key) {
    const auto it = sink_.stats.find(StatsCellStateKey(key));
    if (it == sink_.stats.end()) {
      ADD_FAILURE() << "no stats record for the cell";
      return {};
    }
    return it->second.cell;
  }
};

TEST_F(EngineStatsTest, CountsScreenedMessagesAndNetAlertsPerCell) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(0, Decision("c0", "s9", "2026-03-01T10:01:00Z", "grant")),
                    Out(1, Message("m2", "s9", "2026-03-01T10:01:00Z")),
                    Out(2, Message("m3", "s2", "2026-03-01T10:02:00Z", "email")),
                    Con(1, Decision("c1", "s9", "2026-03-02T10:00:00Z", "grant"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  StatsCell sms = Emitted(SmsCell());
  EXPECT_EQ(sms.screened, 2);
  const std::map<std::string, int64_t> one_missing = {{"consent.missing", 1}};
  EXPECT_EQ(sms.violations, one_missing);
  StatsCellKey email_key = SmsCell();
  email_key.channel = "email";
  email_key.purpose = "marketing.communications.email";
  EXPECT_EQ(Emitted(email_key).screened, 1);
  // The grant s1 gave before m1 arrives late: the alert is retracted and the cell says so.
  ASSERT_TRUE(Feed({Con(2, Decision("c2", "s1", "2026-03-01T09:00:00Z", "grant"))}).ok());
  sms = Emitted(SmsCell());
  EXPECT_EQ(sms.screened, 2);
  EXPECT_TRUE(sms.violations.empty());
  // What was emitted is what is stored.
  std::optional<std::string> stored;
  ASSERT_TRUE(store_->Get(Family::kWindows, StatsCellStateKey(SmsCell()), &stored).ok());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(*stored, sms.Encode());
}

TEST_F(EngineStatsTest, CountsAIDisclosureAndHonouringDelays) {
  const std::string ai = R"({"schema":"outbound.v1","event_id":"a1","sent_at":"2026-03-01T12:00:00Z",)"
                         R"("tenant":"acme","subject":"s5","channel":"sms",)"
                         R"("purpose":"marketing.communications.sms","sender_id":"crm",)"
                         R"("jurisdiction":"DK","content":{"ai_generated":true,"ai_disclosed":true}})";
  const std::string ai_undisclosed =
      R"({"schema":"outbound.v1","event_id":"a2","sent_at":"2026-03-01T12:00:01Z",)"
      R"("tenant":"acme","subject":"s5","channel":"sms",)"
      R"("purpose":"marketing.communications.sms","sender_id":"crm",)"
      R"("jurisdiction":"DK","content":{"ai_generated":true}})";
  // s1 granted, withdrew at 10:00, and got a message at 13:30: inside the EU policy's window.
  ASSERT_TRUE(Feed({Con(0, Decision("c0", "s1", "2026-02-01T10:00:00Z", "grant")),
                    Con(1, Decision("c1", "s5", "2026-02-01T10:00:00Z", "grant")),
                    Con(2, Decision("c2", "s1", "2026-03-01T10:00:00Z", "withdraw")),
                    Out(0, ai), Out(1, ai_undisclosed),
                    Out(2, Message("m1", "s1", "2026-03-01T13:30:00Z")),
                    Con(3, Decision("c3", "s9", "2026-03-02T10:00:00Z", "grant"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  const StatsCell cell = Emitted(SmsCell());
  EXPECT_EQ(cell.screened, 3);
  EXPECT_EQ(cell.ai_generated, 2);
  EXPECT_EQ(cell.ai_disclosed, 1);
  EXPECT_EQ(cell.honoured.count(), 1);
  EXPECT_EQ(cell.honoured.total(), std::chrono::minutes(210));
  EXPECT_EQ(cell.honoured.buckets()[2], 1);  // [2 h, 4 h)
  EXPECT_EQ(cell.violations.count("consent.withdrawn"), 0u);
}

TEST_F(EngineStatsTest, CellsSurviveARestart) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(0, Decision("c0", "s9", "2026-03-02T10:00:00Z", "grant"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_EQ(Emitted(SmsCell()).screened, 1);
  Reopen();
  ASSERT_TRUE(Feed({Out(1, Message("m2", "s2", "2026-03-01T11:00:00Z")),
                    Con(1, Decision("c1", "s9", "2026-03-02T11:00:00Z", "grant"))})
                  .ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  const StatsCell cell = Emitted(SmsCell());
  EXPECT_EQ(cell.screened, 2);
  EXPECT_EQ(cell.violations.at("consent.missing"), 2);
}

}  // namespace
}  // namespace consentry
