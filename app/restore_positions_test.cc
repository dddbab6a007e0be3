#include "app/restore_positions.h"

#include <gtest/gtest.h>

#include <memory>

#include "state/test_util.h"

namespace consentry {
namespace {

class RestorePositionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::OpenTestStore(dir_.Sub("db"), &store_));
    StoreBatch batch;
    batch.PutChangelogOffset("log", 0, 100);
    batch.PutChangelogOffset("log", 1, 200);
    batch.PutExpiryFloor(FromMicros(5'000'000));
    ASSERT_TRUE(store_->Write(batch).ok());
    store_->SetExpiryFloor(FromMicros(5'000'000));
  }
  int64_t Position(int32_t partition) { return *store_->ReadChangelogOffset("log", partition); }

  testing::ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RestorePositionsTest, APartitionGivenStraightBackKeepsItsPositionAndTheFloor) {
  RestorePositions positions(*store_);
  ASSERT_TRUE(positions.Release({{"log", {0, 1}}}).ok());
  EXPECT_EQ(Position(0), 0);  // a crash now restores both from the start
  EXPECT_EQ(Position(1), 0);
  ASSERT_TRUE(positions.Resume({{"log", {1}}}).ok());
  EXPECT_EQ(Position(1), 200);
  EXPECT_EQ(Position(0), 0);
  EXPECT_EQ(store_->expiry_floor(), FromMicros(5'000'000));
}

TEST_F(RestorePositionsTest, APartitionFromElsewhereResetsTheFloorDurably) {
  RestorePositions positions(*store_);
  ASSERT_TRUE(positions.Release({{"log", {0}}}).ok());
  ASSERT_TRUE(positions.Resume({{"log", {0, 2}}}).ok());  // 2 was never here
  EXPECT_EQ(Position(0), 100);
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());
  store_.reset();
  ASSERT_NO_FATAL_FAILURE(testing::OpenTestStore(dir_.Sub("db"), &store_));
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());
}

TEST_F(RestorePositionsTest, AReleaseNotFollowedByItsPartitionForgetsIt) {
  RestorePositions positions(*store_);
  ASSERT_TRUE(positions.Release({{"log", {0}}}).ok());
  ASSERT_TRUE(positions.Resume({}).ok());  // an empty assignment in between
  ASSERT_TRUE(positions.Resume({{"log", {0}}}).ok());
  EXPECT_EQ(Position(0), 0);  // owned elsewhere meanwhile: from the start
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());
}

}  // namespace
}  // namespace consentry
