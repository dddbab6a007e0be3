// Late data: an input later than the allowed lateness still updates state, and every verdict it
// changes inside the correction horizon is corrected with a retraction or a late alert.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "pipeline/engine_test_fixture.h"

namespace consentry {
namespace {

using testing::Decision;
using testing::EngineTest;
using testing::Message;

// Net alerts: every (alert_id, detector, event) published as an alert and not retracted.
std::set<std::string> Net(const std::vector<Alert>& published) {
  std::set<std::string> net;
  for (const Alert& a : published) {
    const std::string key = a.alert_id.value() + " " + a.detector + " " + a.event_id.value();
    if (a.kind == "alert") net.insert(key);
    if (a.kind == "retraction") net.erase(key);
  }
  return net;
}

TEST_F(EngineTest, LateGrantRetractsTheAlert) {
  // m1 is judged once both streams passed it, with no grant known: consent.missing.
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(0, Decision("c0", "s9", "2026-03-01T10:01:00Z", "grant")),
                    Out(1, Message("m2", "s9", "2026-03-01T10:01:00Z"))})
                  .ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(sink_.alerts[0].detector, "consent.missing");
  EXPECT_FALSE(sink_.alerts[0].late);
  // The grant s1 gave at 09:00 arrives now, long after the watermark passed it.
  ASSERT_TRUE(Feed({Con(1, Decision("c1", "s1", "2026-03-01T09:00:00Z", "grant"))}).ok());
  ASSERT_EQ(sink_.alerts.size(), 2u);
  const Alert& retraction = sink_.alerts[1];
  EXPECT_EQ(retraction.kind, "retraction");
  EXPECT_EQ(retraction.alert_id, sink_.alerts[0].alert_id);
  EXPECT_EQ(retraction.event_id.value(), "m1");
  EXPECT_TRUE(retraction.late);
  EXPECT_EQ(engine_->stats().retractions, 1);
  EXPECT_EQ(engine_->stats().late_inputs, 1);
  // Retracted once: the same grant redelivered changes nothing more.
  ASSERT_TRUE(Feed({Con(2, Decision("c1", "s1", "2026-03-01T09:00:00Z", "grant"))}).ok());
  EXPECT_EQ(sink_.alerts.size(), 2u);
}

TEST_F(EngineTest, WhatIsCorrectedDoesNotDependOnTheRestOfTheBatch) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-02T10:00:00Z")),
                    Con(0, Decision("c0", "s9", "2026-03-02T12:00:00Z", "grant")),
                    Out(1, Message("m2", "s9", "2026-03-02T12:00:00Z"))})
                  .ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);  // m1: consent.missing
  // The late grant and, in the same batch, a record ten days later: the horizon that counts is
  // the one when the grant arrived, not after the whole batch.
  ASSERT_TRUE(Feed({Con(1, Decision("c1", "s1", "2026-03-02T09:00:00Z", "grant")),
                    Con(2, Decision("c2", "s9", "2026-03-12T12:00:00Z", "grant")),
                    Out(2, Message("m3", "s9", "2026-03-12T12:00:00Z"))})
                  .ok());
  ASSERT_EQ(sink_.alerts.size(), 2u);
  EXPECT_EQ(sink_.alerts[1].kind, "retraction");
  EXPECT_EQ(sink_.alerts[1].event_id.value(), "m1");
}

TEST_F(EngineTest, ALateInputRightAfterARestartIsStillCorrected) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(0, Decision("c0", "s9", "2026-03-01T10:01:00Z", "grant")),
                    Out(1, Message("m2", "s9", "2026-03-01T10:01:00Z"))})
                  .ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);
  Reopen();  // the watermarks come back from the stored stream times
  ASSERT_TRUE(Feed({Con(1, Decision("c1", "s1", "2026-03-01T09:00:00Z", "grant"))}).ok());
  EXPECT_EQ(engine_->stats().late_inputs, 1);
  ASSERT_EQ(sink_.alerts.size(), 2u);
  EXPECT_EQ(sink_.alerts[1].kind, "retraction");
}

TEST_F(EngineTest, LateWithdrawalRaisesALateAlert) {
  ASSERT_TRUE(Feed({Con(0, Decision("c0", "s1", "2026-01-01T00:00:00Z", "grant")),
                    Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(1, Decision("c9", "s9", "2026-03-01T10:01:00Z", "grant")),
                    Out(1, Message("m2", "s9", "2026-03-01T10:01:00Z"))})
                  .ok());
  EXPECT_TRUE(sink_.alerts.empty());
  // A withdrawal made on 2026-02-01 (a month before m1, far past DK's 2-day grace) arrives late.
  ASSERT_TRUE(Feed({Con(2, Decision("c1", "s1", "2026-02-01T00:00:00Z", "withdraw"))}).ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(sink_.alerts[0].kind, "alert");
  EXPECT_EQ(sink_.alerts[0].detector, "consent.withdrawn");
  EXPECT_EQ(sink_.alerts[0].event_id.value(), "m1");
  EXPECT_TRUE(sink_.alerts[0].late);
  EXPECT_EQ(engine_->stats().late_alerts, 1);
}

TEST_F(EngineTest, InputsOlderThanTheHorizonUpdateStateButCorrectNothing) {
  ASSERT_TRUE(Feed({Out(0, Message("m1", "s1", "2026-03-01T10:00:00Z")),
                    Con(0, Decision("c0", "s9", "2026-03-20T00:00:00Z", "grant")),
                    Out(1, Message("m2", "s9", "2026-03-20T00:00:00Z"))})
                  .ok());
  ASSERT_EQ(sink_.alerts.size(), 1u);  // m1: consent.missing
  // Nineteen days later than m1, past the 7-day horizon: m1's verdict stands.
  ASSERT_TRUE(Feed({Con(1, Decision("c1", "s1", "2026-03-01T09:00:00Z", "grant"))}).ok());
  EXPECT_EQ(sink_.alerts.size(), 1u);
  EXPECT_EQ(engine_->stats().late_inputs, 1);
  // The grant still counts for what comes next.
  ASSERT_TRUE(Feed({Out(2, Message("m3", "s1", "2026-03-20T00:00:01Z"))}).ok());
  ASSERT_TRUE(engine_->ReleaseAll().ok());
  EXPECT_EQ(sink_.alerts.size(), 1u);
}

TEST_F(EngineTest, ArrivalOrderInsideTheHorizonDoesNotChangeTheNetAlerts) {
  // Four subjects, each a small story; the records are then fed in shuffled orders, one per
  // batch, and the net alerts must always equal those of the in-order run.
  std::vector<InputRecord> records;
  int64_t out = 0, con = 0;
  for (const std::string s : {"a", "b", "c", "d"}) {
    records.push_back(Con(con++, Decision("g" + s, s, "2026-03-01T00:00:00Z", "grant")));
    records.push_back(Out(out++, Message("m1" + s, s, "2026-03-02T00:00:00Z")));
    records.push_back(Con(con++, Decision("w" + s, s, "2026-03-03T00:00:00Z", "withdraw")));
    records.push_back(Out(out++, Message("m2" + s, s, "2026-03-04T00:00:00Z")));
    records.push_back(Out(out++, Message("m3" + s, s, "2026-03-08T00:00:00Z")));
  }
  records.push_back(Out(out++, Message("m-other", "e", "2026-03-05T00:00:00Z")));
  auto run = [&](const std::vector<InputRecord>& order) {
    TearDown();
    SetUp();
    sink_.alerts.clear();
    for (const InputRecord& r : order) EXPECT_TRUE(Feed({r}).ok());
    EXPECT_TRUE(engine_->ReleaseAll().ok());
    return Net(sink_.alerts);
  };
  const std::set<std::string> expected = run(records);
  // m3 of every subject is flagged consent.withdrawn (m2 is inside DK's 2-day grace), m-other
  // consent.missing. Without corrections the shuffled orders would differ.
  ASSERT_EQ(expected.size(), 5u);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 5; ++i) {
    std::vector<InputRecord> shuffled = records;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    EXPECT_EQ(run(shuffled), expected) << "shuffle " << i;
  }
}

}  // namespace
}  // namespace consentry
