#include "app/engine_board.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

EngineBoard::Snapshot Figures(int64_t records, int64_t alerts, size_t held) {
  EngineBoard::Snapshot s;
  s.figures.engine.records = records;
  s.figures.engine.alerts = alerts;
  s.figures.engine.alerts_by_detector["consent.missing"] = alerts;
  s.figures.engine.verdict_delay.Observe(0.5);
  s.figures.held = held;
  return s;
}

TEST(EngineBoardTest, MergedAddsEveryEnginesFiguresUp) {
  EngineBoard board(2);
  EngineBoard::Snapshot a = Figures(10, 3, 1);
  a.figures.lag[{"outbound", 0}] = 5;
  a.figures.reads.block_reads = 7;
  EngineBoard::Snapshot b = Figures(20, 4, 2);
  b.figures.lag[{"outbound", 1}] = 6;
  b.figures.reads.block_reads = 1;
  b.figures.sender = SenderStageStats{.records = 9};
  board.Publish(0, a);
  board.Publish(1, b);
  const EngineBoard::Snapshot all = board.Merged();
  EXPECT_EQ(all.figures.engine.records, 30);
  EXPECT_EQ(all.figures.engine.alerts, 7);
  EXPECT_EQ(all.figures.engine.alerts_by_detector.at("consent.missing"), 7);
  EXPECT_EQ(all.figures.engine.verdict_delay.count(), 2);
  EXPECT_EQ(all.figures.held, 3u);
  EXPECT_EQ(all.figures.lag.size(), 2u);
  EXPECT_EQ(all.figures.reads.block_reads, 8u);
  ASSERT_TRUE(all.figures.sender.has_value());
  EXPECT_EQ(all.figures.sender->records, 9);
  EXPECT_EQ(all.not_ready, "");
  EXPECT_FALSE(all.figures.degraded);
}

TEST(EngineBoardTest, NotReadyUntilEveryEngineIsAndSaysWhich) {
  EngineBoard board(2);
  EXPECT_EQ(board.Merged().not_ready, "engine 1: starting");
  board.Publish(0, Figures(0, 0, 0));
  EngineBoard::Snapshot waiting = Figures(0, 0, 0);
  waiting.not_ready = "no partitions assigned yet";
  waiting.figures.degraded = true;
  board.Publish(1, waiting);
  EXPECT_EQ(board.Merged().not_ready, "engine 2: no partitions assigned yet");
  EXPECT_TRUE(board.Merged().figures.degraded);

  EngineBoard alone(1);
  alone.Publish(0, waiting);
  EXPECT_EQ(alone.Merged().not_ready, "no partitions assigned yet");
}

TEST(EngineBoardTest, IdleOnceEveryEngineWasIdleAtOnceAndForGood) {
  EngineBoard board(3);
  board.SetIdle(0, true);
  board.SetIdle(1, true);
  EXPECT_FALSE(board.AllIdle());
  board.SetIdle(0, false);  // input again
  board.SetIdle(2, true);
  EXPECT_FALSE(board.AllIdle());
  board.SetIdle(0, true);
  EXPECT_TRUE(board.AllIdle());
  board.SetIdle(1, false);
  EXPECT_TRUE(board.AllIdle());
}

TEST(EngineBoardTest, TotalAddsTheLastLifeOfEachEngine) {
  EngineBoard board(2);
  EXPECT_FALSE(board.Total().has_value());
  const auto t0 = std::chrono::steady_clock::now();
  RunReport::Totals first;
  first.engine.records = 100;
  first.start = t0;
  first.first_batch = t0 + std::chrono::seconds(1);
  first.last_batch = t0 + std::chrono::seconds(3);
  first.records_before_first_batch = 10;
  board.Finished(0, first);
  RunReport::Totals rebuilt = first;  // engine 0's next life replaces its first
  rebuilt.engine.records = 50;
  board.Finished(0, rebuilt);
  RunReport::Totals other;
  other.engine.records = 30;
  other.start = t0 + std::chrono::seconds(1);
  other.first_batch = t0 + std::chrono::seconds(2);
  other.last_batch = t0 + std::chrono::seconds(5);
  other.records_before_first_batch = 5;
  board.Finished(1, other);
  const auto total = board.Total();
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(total->engine.records, 80);
  EXPECT_EQ(total->start, t0);
  EXPECT_EQ(total->first_batch, t0 + std::chrono::seconds(1));
  EXPECT_EQ(total->last_batch, t0 + std::chrono::seconds(5));
  EXPECT_EQ(total->records_before_first_batch, 15);
}

TEST(EngineBoardTest, AnEngineWithoutBatchesLeavesTheSpanAsItIs) {
  RunReport::Totals total;
  const auto t0 = std::chrono::steady_clock::now();
  total.first_batch = t0;
  total.last_batch = t0 + std::chrono::seconds(2);
  RunReport::Totals idle;
  idle.start = t0;
  total += idle;
  EXPECT_EQ(total.first_batch, t0);
  EXPECT_EQ(total.last_batch, t0 + std::chrono::seconds(2));
}

}  // namespace
}  // namespace consentry
