// frequency.cap through the engine: messages are counted in the subject's window before they are
// judged, the window lives in RocksDB (merge operands) across a restart, and a late message
// corrects the verdicts of the later messages whose window it falls in.

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "pipeline/engine_test_fixture.h"

namespace consentry {
namespace {

using testing::Decision;
using testing::EngineTest;
using testing::Message;

// A marketing text (or call) to a person in Florida: at most 3 in 24 h (Fla. Stat. §501.616(6)).
std::string FloridaText(const std::string& id, const std::string& subject,
                        const std::string& sent_at, const std::string& channel = "sms") {
  return R"({"schema":"outbound.v1","event_id":")" + id + R"(","sent_at":")" + sent_at +
         R"(","tenant":"acme","subject":")" + subject + R"(","channel":")" + channel +
         R"(","purpose":"marketing.communications.)" + channel +
         R"(","sender_id":"number-)" + id + R"(","jurisdiction":"US-FL"})";
}

std::vector<Alert> FrequencyAlerts(const std::vector<Alert>& all) {
  std::vector<Alert> out;
  for (const Alert& a : all) {
    if (a.detector == "frequency.cap") out.push_back(a);
  }
  return out;
}

class EngineFrequencyTest : public EngineTest {
 protected:
  // Another subject's consent decision and message at `at`: both streams move past everything
  // before it, so those messages are judged.
  std::vector<InputRecord> MoveWatermarks(int64_t offset, const std::string& at) {
    return {Con(offset, Decision("c" + std::to_string(offset), "s9", at, "grant")),
            Out(100 + offset, Message("w" + std::to_string(offset), "s9", at))};
  }
};

TEST_F(EngineFrequencyTest, TheFourthTextIn24HoursIsFlaggedOnceEvenAcrossARestart) {
  std::vector<InputRecord> first = {Out(0, FloridaText("m1", "s1", "2026-03-01T10:00:00Z")),
                                    Out(1, FloridaText("m2", "s1", "2026-03-01T16:00:00Z",
                                                       "voice")),
                                    Out(2, FloridaText("m3", "s1", "2026-03-01T22:00:00Z"))};
  for (auto& r : MoveWatermarks(0, "2026-03-02T00:00:00Z")) first.push_back(std::move(r));
  ASSERT_TRUE(Feed(first).ok());
  EXPECT_EQ(engine_->stats().judged, 3);
  EXPECT_TRUE(FrequencyAlerts(sink_.alerts).empty());

  Reopen();  // the counts come back from RocksDB, not from the engine's cache
  std::vector<InputRecord> second = {Out(3, FloridaText("m4", "s1", "2026-03-02T09:59:59Z")),
                                     Out(4, FloridaText("m5", "s1", "2026-03-02T16:00:01Z"))};
  for (auto& r : MoveWatermarks(1, "2026-03-02T18:00:00Z")) second.push_back(std::move(r));
  ASSERT_TRUE(Feed(second).ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  // m4 is the 4th in (2026-03-01T09:59:59Z, 2026-03-02T09:59:59Z]; m5's window has lost m1 and
  // m2 (16:00:00 is on its open end): m3, m4, m5.
  const std::vector<Alert> alerts = FrequencyAlerts(sink_.alerts);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].event_id.value(), "m4");
  EXPECT_EQ(alerts[0].kind, "alert");
  EXPECT_FALSE(alerts[0].late);
  EXPECT_EQ(alerts[0].jurisdiction, "US-FL");
  EXPECT_NE(alerts[0].evidence_json.find("\"observed\":4"), std::string::npos)
      << alerts[0].evidence_json;
}

TEST_F(EngineFrequencyTest, ARedeliveredMessageIsNotCountedTwice) {
  std::vector<InputRecord> batch;
  for (int i = 1; i <= 3; ++i) {
    const std::string id = "m" + std::to_string(i);
    batch.push_back(Out(i, FloridaText(id, "s1", "2026-03-01T1" + std::to_string(i) + ":00:00Z")));
  }
  batch.push_back(Out(9, FloridaText("m3", "s1", "2026-03-01T13:00:00Z")));  // the same again
  for (auto& r : MoveWatermarks(0, "2026-03-01T20:00:00Z")) batch.push_back(std::move(r));
  ASSERT_TRUE(Feed(batch).ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_EQ(engine_->stats().redeliveries, 1);
  EXPECT_TRUE(FrequencyAlerts(sink_.alerts).empty());
}

TEST_F(EngineFrequencyTest, ALateMessageGivesTheLaterFourthALateAlert) {
  // m1, m2 and m4 are judged: three in the window, no alert.
  std::vector<InputRecord> first = {Out(0, FloridaText("m1", "s1", "2026-03-01T10:00:00Z")),
                                    Out(1, FloridaText("m2", "s1", "2026-03-01T11:00:00Z")),
                                    Out(2, FloridaText("m4", "s1", "2026-03-01T13:00:00Z"))};
  for (auto& r : MoveWatermarks(0, "2026-03-01T14:00:00Z")) first.push_back(std::move(r));
  ASSERT_TRUE(Feed(first).ok());
  EXPECT_TRUE(FrequencyAlerts(sink_.alerts).empty());
  // m3, sent at 12:00, arrives after m4 was judged. It is the 3rd in its own window (no alert),
  // and makes m4 the 4th: m4 gets a late alert.
  ASSERT_TRUE(Feed({Out(3, FloridaText("m3", "s1", "2026-03-01T12:00:00Z"))}).ok());
  std::vector<Alert> alerts = FrequencyAlerts(sink_.alerts);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].event_id.value(), "m4");
  EXPECT_EQ(alerts[0].kind, "alert");
  EXPECT_TRUE(alerts[0].late);
  EXPECT_EQ(engine_->stats().late_alerts, 1);
  // Nothing more at the end, and the same m3 again changes nothing.
  ASSERT_TRUE(Feed({Out(4, FloridaText("m3", "s1", "2026-03-01T12:00:00Z"))}).ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_EQ(FrequencyAlerts(sink_.alerts).size(), 1u);
}

// The cache keeps only the longest cap's span of a window (Engine::FrequencyCacheCutoff); a
// late message far behind it is still counted against the whole window, read from the store.
TEST_F(EngineFrequencyTest, ALateMessageBehindWhatTheCacheKeepsCountsItsWholeWindow) {
  std::vector<InputRecord> day1 = {Out(0, FloridaText("m1", "s1", "2026-03-01T10:00:00Z")),
                                   Out(1, FloridaText("m2", "s1", "2026-03-01T11:00:00Z")),
                                   Out(2, FloridaText("m3", "s1", "2026-03-01T11:30:00Z"))};
  for (auto& r : MoveWatermarks(0, "2026-03-01T14:00:00Z")) day1.push_back(std::move(r));
  ASSERT_TRUE(Feed(day1).ok());
  // Two days later: s1's messages are judged past the latest judged, so its cached window
  // drops the first day's buckets.
  std::vector<InputRecord> day3 = {Out(10, FloridaText("m5", "s1", "2026-03-03T12:00:00Z"))};
  for (auto& r : MoveWatermarks(1, "2026-03-03T12:30:00Z")) day3.push_back(std::move(r));
  ASSERT_TRUE(Feed(day3).ok());
  std::vector<InputRecord> later = {Out(11, FloridaText("m6", "s1", "2026-03-03T13:00:00Z"))};
  for (auto& r : MoveWatermarks(2, "2026-03-03T14:00:00Z")) later.push_back(std::move(r));
  ASSERT_TRUE(Feed(later).ok());
  EXPECT_TRUE(FrequencyAlerts(sink_.alerts).empty());
  // m4, sent on the first day at 12:00, arrives now: the 4th text in 24 hours.
  ASSERT_TRUE(Feed({Out(12, FloridaText("m4", "s1", "2026-03-01T12:00:00Z"))}).ok());
  const std::vector<Alert> alerts = FrequencyAlerts(sink_.alerts);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].event_id.value(), "m4");
  EXPECT_EQ(alerts[0].kind, "alert");
}

// A subject who receives a text every hour: what the cache holds of its window stays at the
// longest cap's span (24 h here), not the correction horizon's (7 days).
TEST_F(EngineFrequencyTest, AFrequentRecipientsCachedWindowStaysAtTheLongestCapsSpan) {
  std::vector<size_t> window_bytes;  // after each day
  int64_t offset = 0;
  for (int day = 1; day <= 9; ++day) {
    std::vector<InputRecord> batch;
    for (int hour = 0; hour < 24; ++hour) {
      char at[32];
      std::snprintf(at, sizeof at, "2026-03-%02dT%02d:00:00Z", day, hour);
      batch.push_back(Out(offset, FloridaText("m" + std::to_string(offset), "s1", at)));
      ++offset;
    }
    char end[32];
    std::snprintf(end, sizeof end, "2026-03-%02dT23:59:00Z", day);
    for (auto& r : MoveWatermarks(1000 + day, end)) batch.push_back(std::move(r));
    ASSERT_TRUE(Feed(batch).ok());
    window_bytes.push_back(engine_->cache_stats().frequency_bytes);
  }
  // s1's window and s9's (a message a day). Kept for the horizon, the ninth day's would hold
  // eight days of s1's buckets: 2.7 times the third day's.
  EXPECT_GT(window_bytes[2], window_bytes[0]);
  EXPECT_LE(window_bytes[8], window_bytes[2] * 11 / 10) << window_bytes[2];
}

}  // namespace
}  // namespace consentry
