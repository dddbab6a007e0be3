// The expiry floor shared by the engines of one store (Store::ShareExpiryFloor and friends).

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "state/store.h"
#include "state/test_util.h"

namespace consentry {
namespace {

using testing::ScopedTempDir;

class StoreFloorTest : public ::testing::Test {
 protected:
  void Open() {
    store_.reset();
    auto opened = Store::Open(dir_.Sub("db"), StoreOptions{.block_cache_mb = 8});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  void SetUp() override { Open(); }

  static Timestamp At(int64_t micros) { return FromMicros(micros); }

  ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreFloorTest, OneEngineMovesTheFloorForwardOnlyAndItIsStored) {
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(0, At(100)));
  EXPECT_EQ(store_->expiry_floor(), At(100));
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(0, At(50)));  // never back
  EXPECT_EQ(store_->expiry_floor(), At(100));
  Open();
  EXPECT_EQ(store_->expiry_floor(), At(100));
}

TEST_F(StoreFloorTest, TheFloorIsTheLowestEngines) {
  store_->ShareExpiryFloor(3);
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(0, At(300)));
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(1, At(200)));
  // Engine 2 has reported nothing since the store opened: it holds the floor where it was.
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(2, At(250)));
  EXPECT_EQ(store_->expiry_floor(), At(200));
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(1, At(400)));
  EXPECT_EQ(store_->expiry_floor(), At(250));
  Open();  // what was applied was stored first
  EXPECT_EQ(store_->expiry_floor(), At(250));
}

TEST_F(StoreFloorTest, AnEngineWithoutPartitionsHoldsNothingBack) {
  store_->ShareExpiryFloor(2);
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(0, At(300)));
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());
  CONSENTRY_ASSERT_OK(store_->ReleaseExpiryFloor(1));
  EXPECT_EQ(store_->expiry_floor(), At(300));
  // Every engine released: the floor stays.
  CONSENTRY_ASSERT_OK(store_->ReleaseExpiryFloor(0));
  EXPECT_EQ(store_->expiry_floor(), At(300));
  // Reporting again counts from what is reported.
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(1, At(500)));
  EXPECT_EQ(store_->expiry_floor(), At(500));
}

TEST_F(StoreFloorTest, AResetMovesOneEngineAndTheStoreBackAndIsStored) {
  store_->ShareExpiryFloor(2);
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(0, At(300)));
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(1, At(400)));
  EXPECT_EQ(store_->expiry_floor(), At(300));
  CONSENTRY_ASSERT_OK(store_->ResetExpiryFloor(1));  // a partition arrived at engine 1
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());
  // Engine 0 moving on does not move the floor past what engine 1 may need.
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(0, At(600)));
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());
  Open();
  EXPECT_EQ(store_->expiry_floor(), Timestamp::min());
  // Reopened, each engine starts from the stored floor.
  store_->ShareExpiryFloor(2);
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(0, At(700)));
  CONSENTRY_ASSERT_OK(store_->AdvanceExpiryFloor(1, At(650)));
  EXPECT_EQ(store_->expiry_floor(), At(650));
}

}  // namespace
}  // namespace consentry
