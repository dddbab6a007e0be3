#include "pipeline/watermarks.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

using std::chrono::seconds;

Timestamp T(int64_t s) { return FromMicros(s * 1000000); }

TEST(WatermarksTest, UnknownUntilEveryActiveStreamHasSpoken) {
  Watermarks wm(2, seconds(5), seconds(2));
  wm.Track(0, T(1000));
  wm.Observe(0, 0, T(100), T(1000));
  EXPECT_EQ(wm.For(0, T(1000)), Timestamp::min());  // stream 1 silent but not idle yet
  wm.Observe(1, 0, T(50), T(1000));
  EXPECT_EQ(wm.For(0, T(1000)), T(45));  // min of (100, 50) minus lateness
}

TEST(WatermarksTest, CaughtUpSilentStreamStopsHoldingBack) {
  Watermarks wm(2, seconds(5), seconds(2));
  wm.Observe(0, 0, T(100), T(1000));
  wm.Observe(1, 0, T(50), T(1000));
  wm.Observe(0, 0, T(200), T(1003));  // stream 1 silent for 3 s of wall time...
  EXPECT_EQ(wm.For(0, T(1003)), T(45));  // ...but it may have a backlog: it still holds
  wm.CaughtUp(1, 0, T(1003));
  EXPECT_EQ(wm.For(0, T(1003)), T(195));  // nothing left to read there: idle
  wm.Observe(1, 0, T(60), T(1004));  // a new record ends idleness
  EXPECT_EQ(wm.For(0, T(1004)), T(55));
}

// Partition 0 with two streams (at event times 100 and 50) that both caught up at wall time 1000
// and stayed silent: at 1010 it is paused, every stream idle.
Watermarks Paused() {
  Watermarks wm(2, seconds(5), seconds(2));
  wm.Observe(0, 0, T(100), T(1000));
  wm.Observe(1, 0, T(50), T(1000));
  wm.CaughtUp(0, 0, T(1000));
  wm.CaughtUp(1, 0, T(1000));
  return wm;
}

TEST(WatermarksTest, AnIdleStreamWithABacklogOnTheBrokerHoldsBackAgain) {
  Watermarks wm = Paused();
  EXPECT_TRUE(wm.Idle(0, T(1010)));  // a pause: both idle
  // Both resume; stream 0's backlog is delivered first, stream 1's waits on the broker.
  wm.Behind(1, 0, T(1010));
  wm.Observe(0, 0, T(9000), T(1010));
  EXPECT_EQ(wm.For(0, T(1011)), T(45));  // stream 1 holds the watermark at its last record
  EXPECT_EQ(wm.For(0, T(1020)), T(45));  // however long its records take: it is not idle
  wm.Observe(1, 0, T(8000), T(1021));
  EXPECT_EQ(wm.For(0, T(1021)), T(7995));
}

// After a pause, stream 0's burst arrives first and nothing shows yet for stream 1 (its records
// are being written a moment later): stream 1 holds the watermark for another idle timeout.
TEST(WatermarksTest, AStreamResumingWakesItsIdlePartnersForAnotherIdleTimeout) {
  Watermarks wm = Paused();
  EXPECT_TRUE(wm.Idle(0, T(1010)));
  wm.Observe(0, 0, T(9000), T(1010));
  EXPECT_EQ(wm.For(0, T(1011)), T(45));    // stream 1 is awake again, at its last record
  wm.Observe(1, 0, T(8000), T(1011));      // its records arrive
  EXPECT_EQ(wm.For(0, T(1011)), T(7995));
  wm.CaughtUp(0, 0, T(1011));
  wm.CaughtUp(1, 0, T(1011));
  // Quiet again; stream 0 resumes and stream 1 stays silent: it stops holding back once another
  // idle timeout passes.
  wm.Observe(0, 0, T(9500), T(1020));
  EXPECT_EQ(wm.For(0, T(1021)), T(7995));
  EXPECT_EQ(wm.For(0, T(1022)), T(9495));
  // A stream that was active all along does not wake its idle partner.
  wm.Observe(0, 0, T(9600), T(1022));
  EXPECT_EQ(wm.For(0, T(1022)), T(9595));
}

// The consumer usually learns of a resuming stream's backlog (Behind) before its first record:
// that wakes the idle partners too.
TEST(WatermarksTest, AnIdleStreamFoundBehindWakesItsIdlePartners) {
  Watermarks wm = Paused();
  wm.Behind(0, 0, T(1010));
  wm.Observe(0, 0, T(9000), T(1010));
  EXPECT_EQ(wm.For(0, T(1011)), T(45));
  EXPECT_EQ(wm.For(0, T(1012)), T(8995));  // stream 1 stayed silent another idle timeout
}

TEST(WatermarksTest, EmptyStreamHoldsUntilCaughtUpAndIdle) {
  Watermarks wm(2, seconds(5), seconds(2));
  wm.Track(0, T(1000));
  wm.Observe(0, 0, T(100), T(1000));
  wm.CaughtUp(1, 0, T(1000));
  EXPECT_EQ(wm.For(0, T(1001)), Timestamp::min());
  EXPECT_EQ(wm.For(0, T(1002)), T(95));
}

TEST(WatermarksTest, AllIdleFollowsWallTime) {
  Watermarks wm(2, seconds(5), seconds(2));
  wm.Observe(0, 0, T(100), T(1000));
  wm.Observe(1, 0, T(90), T(1000));
  wm.CaughtUp(0, 0, T(1000));
  wm.CaughtUp(1, 0, T(1000));
  EXPECT_EQ(wm.For(0, T(1001)), T(85));
  EXPECT_EQ(wm.For(0, T(1002)), T(97));  // all idle: 100 - 5 + 2 s of wall time
  EXPECT_EQ(wm.For(0, T(1010)), T(105));
}

TEST(WatermarksTest, IdleOnceEveryStreamCaughtUpAndStayedQuiet) {
  Watermarks wm(2, seconds(5), seconds(2));
  wm.Track(0, T(1000));
  wm.Observe(0, 0, T(100), T(1000));
  wm.CaughtUp(0, 0, T(1000));
  EXPECT_FALSE(wm.Idle(0, T(1003)));  // stream 1 has not caught up
  wm.CaughtUp(1, 0, T(1000));
  EXPECT_FALSE(wm.Idle(0, T(1001)));  // not quiet for 2 s yet
  EXPECT_TRUE(wm.Idle(0, T(1002)));
  wm.Observe(1, 0, T(101), T(1003));  // a record ends it
  EXPECT_FALSE(wm.Idle(0, T(1004)));
  wm.Track(1, T(1000));  // a partition that never had a record
  wm.CaughtUp(0, 1, T(1000));
  wm.CaughtUp(1, 1, T(1000));
  EXPECT_TRUE(wm.Idle(1, T(1002)));
  EXPECT_EQ(wm.For(1, T(1002)), Timestamp::min());
  Watermarks replay(1, seconds(5), std::nullopt);
  replay.Track(0, T(0));
  EXPECT_FALSE(replay.Idle(0, T(1000000)));  // replay is never idle
}

TEST(WatermarksTest, ReplayNeverMovesWithWallTime) {
  Watermarks wm(1, seconds(5), std::nullopt);
  wm.Observe(0, 0, T(100), T(0));
  EXPECT_EQ(wm.For(0, T(1000000)), T(95));
  wm.Observe(0, 0, T(80), T(0));  // out of order: the maximum stays
  EXPECT_EQ(wm.For(0, T(0)), T(95));
}

TEST(WatermarksTest, PartitionsAreIndependent) {
  Watermarks wm(1, seconds(0), std::nullopt);
  wm.Observe(0, 0, T(100), T(0));
  wm.Observe(0, 1, T(10), T(0));
  EXPECT_EQ(wm.For(0, T(0)), T(100));
  EXPECT_EQ(wm.For(1, T(0)), T(10));
  EXPECT_EQ(wm.For(2, T(0)), Timestamp::min());
  wm.Forget(0);
  EXPECT_EQ(wm.For(0, T(0)), Timestamp::min());
}

}  // namespace
}  // namespace consentry
