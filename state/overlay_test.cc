#include "state/overlay.h"

#include <gtest/gtest.h>

#include <memory>

#include "state/campaign_codec.h"
#include "state/keys.h"
#include "state/test_util.h"

namespace consentry {
namespace {

using testing::ScopedTempDir;

class BatchOverlayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::OpenTestStore(dir_.Sub("db"), &store_));
  }

  ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(BatchOverlayTest, UnknownSubjectReadsAsEmptyLedger) {
  BatchOverlay overlay;
  overlay.WantLedger(SubjectId("nobody"));
  CONSENTRY_ASSERT_OK(overlay.Load(*store_));
  EXPECT_TRUE(overlay.Ledger(SubjectId("nobody")).empty());
  EXPECT_EQ(overlay.misses(), 0u);
  // Never gathered: still empty, but counted as a miss of the gathering step.
  EXPECT_TRUE(overlay.Ledger(SubjectId("never-wanted")).empty());
  EXPECT_EQ(overlay.misses(), 1u);
  EXPECT_EQ(overlay.Campaign(CampaignId("none")), nullptr);
}

TEST_F(BatchOverlayTest, ChangesSurviveFlushAndReloadInAFreshOverlay) {
  const SubjectId alice("alice"), bob("bob");
  {
    BatchOverlay overlay;
    overlay.WantLedger(alice);
    overlay.WantLedger(bob);
    overlay.WantLedger(alice);  // duplicates are harmless
    CONSENTRY_ASSERT_OK(overlay.Load(*store_));
    EXPECT_EQ(overlay.loaded_entries(), 2u);
    EXPECT_TRUE(overlay.MutableLedger(alice).Insert(testing::FullConsentEvent("e2", 200)));
    EXPECT_TRUE(overlay.MutableLedger(alice).Insert(testing::SmallConsentEvent("e1", 100)));
    const SubjectId carol("carol");
    overlay.WantSuppressions(carol);
    overlay.WantCampaign(CampaignId("old"));
    CONSENTRY_ASSERT_OK(overlay.Load(*store_));
    EXPECT_TRUE(overlay.MutableCampaign(CampaignId("old")).Add(testing::FullCampaign("old")));
    CampaignDeclaration replaced = testing::FullCampaign("old");
    replaced.owner = "new-owner";
    EXPECT_TRUE(overlay.MutableCampaign(CampaignId("old")).Add(replaced));
    SuppressionEvent dnc;
    dnc.subject = carol;
    dnc.added_at = FromMicros(1000);
    EXPECT_TRUE(overlay.MutableSuppressions(carol).Apply(dnc));
    StoreBatch batch;
    overlay.Flush(batch);
    EXPECT_EQ(batch.size(), 3u);  // alice, carol's list and the campaign; bob was only read
    batch.PutInputOffset("comms.outbound", 0, 10);
    CONSENTRY_ASSERT_OK(store_->Write(batch));

    StoreBatch again;
    overlay.Flush(again);
    EXPECT_EQ(again.size(), 0u);  // dirty flags were cleared
  }
  BatchOverlay fresh;
  fresh.WantLedger(alice);
  fresh.WantLedger(bob);
  fresh.WantCampaign(CampaignId("old"));
  fresh.WantSuppressions(SubjectId("carol"));
  CONSENTRY_ASSERT_OK(fresh.Load(*store_));
  ASSERT_EQ(fresh.Suppressions(SubjectId("carol")).entries().size(), 1u);
  EXPECT_EQ(fresh.Suppressions(SubjectId("carol")).entries()[0].added_at, FromMicros(1000));
  const ConsentLedger& ledger = fresh.Ledger(alice);
  ASSERT_EQ(ledger.decisions().size(), 2u);
  EXPECT_EQ(ledger.decisions()[0].event_id, EventId("e1"));
  testing::ExpectSameDecision(ledger.decisions()[1], testing::FullConsentEvent("e2", 200));
  EXPECT_TRUE(fresh.Ledger(bob).empty());
  const CampaignHistory* campaign = fresh.Campaign(CampaignId("old"));
  ASSERT_NE(campaign, nullptr);
  ASSERT_EQ(campaign->versions().size(), 2u);
  EXPECT_EQ(campaign->versions()[1].owner, "new-owner");
}

TEST_F(BatchOverlayTest, LoadOnlyFetchesNewlyWantedKeysAndKeepsLocalChanges) {
  BatchOverlay overlay;
  const SubjectId alice("alice");
  overlay.WantLedger(alice);
  CONSENTRY_ASSERT_OK(overlay.Load(*store_));
  ASSERT_TRUE(overlay.MutableLedger(alice).Insert(testing::SmallConsentEvent("local", 1)));
  // Wanting alice again and loading a second subject must not overwrite the local change.
  overlay.WantLedger(alice);
  overlay.WantLedger(SubjectId("carol"));
  CONSENTRY_ASSERT_OK(overlay.Load(*store_));
  EXPECT_EQ(overlay.loaded_entries(), 2u);
  EXPECT_EQ(overlay.Ledger(alice).decisions().size(), 1u);
}

TEST_F(BatchOverlayTest, StoredSingleDeclarationLoadsAsAHistoryOfOne) {
  StoreBatch batch;
  CampaignDeclaration stored = testing::FullCampaign("c1");
  stored.owner = "stored";
  batch.Put(Family::kCampaigns, CampaignKey(CampaignId("c1")), EncodeCampaign(stored));
  CONSENTRY_ASSERT_OK(store_->Write(batch));

  BatchOverlay overlay;
  overlay.WantCampaign(CampaignId("c1"));
  CONSENTRY_ASSERT_OK(overlay.Load(*store_));
  ASSERT_NE(overlay.Campaign(CampaignId("c1")), nullptr);
  ASSERT_EQ(overlay.Campaign(CampaignId("c1"))->versions().size(), 1u);
  EXPECT_EQ(overlay.Campaign(CampaignId("c1"))->versions()[0].owner, "stored");
}

TEST_F(BatchOverlayTest, CorruptStoredLedgerIsDataLossNamingTheFamily) {
  StoreBatch batch;
  batch.Put(Family::kConsent, ConsentKey(SubjectId("mallory")), "\x01\x05garbage");
  CONSENTRY_ASSERT_OK(store_->Write(batch));

  BatchOverlay overlay;
  overlay.WantLedger(SubjectId("fine"));
  overlay.WantLedger(SubjectId("mallory"));
  const Status s = overlay.Load(*store_);
  ASSERT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_NE(s.message().find("consent"), std::string::npos) << s.ToString();
  // Nothing was marked loaded.
  EXPECT_EQ(overlay.loaded_entries(), 0u);
}

TEST_F(BatchOverlayTest, CorruptStoredCampaignIsDataLossNamingTheFamily) {
  StoreBatch batch;
  batch.Put(Family::kCampaigns, CampaignKey(CampaignId("c")), "\x01");
  CONSENTRY_ASSERT_OK(store_->Write(batch));
  BatchOverlay overlay;
  overlay.WantCampaign(CampaignId("c"));
  const Status s = overlay.Load(*store_);
  ASSERT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_NE(s.message().find("campaigns"), std::string::npos) << s.ToString();
}

TEST_F(BatchOverlayTest, ClearForgetsEverything) {
  BatchOverlay overlay;
  overlay.WantLedger(SubjectId("a"));
  CONSENTRY_ASSERT_OK(overlay.Load(*store_));
  ASSERT_TRUE(overlay.MutableLedger(SubjectId("a")).Insert(testing::SmallConsentEvent("x", 1)));
  overlay.Clear();
  EXPECT_EQ(overlay.loaded_entries(), 0u);
  StoreBatch batch;
  overlay.Flush(batch);
  EXPECT_TRUE(batch.empty());
}

TEST(BatchOverlayDeathTest, MutatingANotLoadedSubjectAborts) {
  BatchOverlay overlay;
  overlay.WantLedger(SubjectId("a"));
  EXPECT_DEATH(overlay.MutableLedger(SubjectId("a")), "check failed");
}

}  // namespace
}  // namespace consentry
