#include "alerts/incident_store.h"

#include <gtest/gtest.h>

#include "state/keys.h"
#include "state/test_util.h"

namespace consentry {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Timestamp kDay = ParseRfc3339("2026-03-05T10:00:00Z").value();

Alert AlertAt(const std::string& id, Timestamp event_time, const std::string& subject,
              const std::string& kind = "alert") {
  Alert a;
  a.alert_id = AlertId(id);
  a.kind = kind;
  a.detector = "consent.missing";
  a.severity = "high";
  a.tenant = TenantId("acme");
  a.subject = SubjectId(subject);
  a.channel = "email";
  a.campaign_id = CampaignId("spring");
  a.event_time = event_time;
  a.detected_at = event_time;
  a.incident_key = MakeIncidentKey(a.detector, a.tenant, a.campaign_id, a.sender_id);
  return a;
}

class IncidentStoreTest : public ::testing::Test {
 protected:
  void Open() {
    placements_.reset();
    book_.reset();
    store_.reset();
    store_ = Store::Open(dir_.Sub("serve"), StoreOptions{}).value();
    placements_ = std::make_unique<StoredPlacements>(*store_);
    book_ = std::make_unique<IncidentBook>(IncidentOptions{}, *placements_);
    ASSERT_TRUE(LoadIncidents(*store_, *book_).ok());
  }
  // One batch the way serve runs it: load placements, add, write everything at once.
  std::vector<IncidentNotice> Batch(const std::vector<Alert>& alerts) {
    std::vector<AlertId> ids;
    for (const Alert& a : alerts) ids.push_back(a.alert_id);
    EXPECT_TRUE(placements_->Load(ids).ok());
    std::vector<IncidentNotice> notices;
    for (const Alert& a : alerts) {
      for (auto& n : book_->Add(a)) notices.push_back(n);
    }
    StoreBatch writes;
    placements_->Flush(writes);
    FlushIncidents(*book_, writes);
    EXPECT_TRUE(store_->Write(writes).ok());
    return notices;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<StoredPlacements> placements_;
  std::unique_ptr<IncidentBook> book_;
};

TEST_F(IncidentStoreTest, IncidentsCarryOnAcrossARestart) {
  Open();
  EXPECT_EQ(Batch({AlertAt("a", kDay, "s1"), AlertAt("b", kDay + minutes(1), "s2")})
                .size(),
            1u);  // opened
  const std::string id = book_->incidents().begin()->first;
  ASSERT_TRUE(book_->Act(id, IncidentAction::kAcknowledge, "", kDay + hours(1)).ok());
  ASSERT_TRUE(book_->Snooze(book_->Find(id)->key, kDay + hours(5), "known").ok());
  StoreBatch writes;
  FlushIncidents(*book_, writes);
  ASSERT_TRUE(store_->Write(writes).ok());

  Open();  // a restarted serve
  const Incident* in = book_->Find(id);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->count, 2);
  EXPECT_EQ(in->state, IncidentState::kAcknowledged);
  EXPECT_EQ(book_->SnoozedUntil(in->key, kDay), kDay + hours(5));
  // The same alerts again (the alerts topic re-read from an older offset): nothing doubles; a
  // retraction finds its alert; a new alert joins the same incident.
  EXPECT_TRUE(Batch({AlertAt("a", kDay, "s1"), AlertAt("b", kDay + minutes(1), "s2"),
                     AlertAt("a", kDay, "s1", "retraction"),
                     AlertAt("c", kDay + minutes(2), "s3")})
                  .empty());
  Open();
  in = book_->Find(id);
  EXPECT_EQ(in->count, 2);
  EXPECT_EQ(in->affected_subjects(), 2);
  EXPECT_EQ(book_->incidents().size(), 1u);
}

TEST_F(IncidentStoreTest, DamagedEntriesAreDataLossNotACrash) {
  Open();
  StoreBatch bad;
  bad.Put(Family::kIncidents, IncidentStoreKey(KeyKind::kIncident, "x"), "garbage");
  ASSERT_TRUE(store_->Write(bad).ok());
  IncidentBook book;
  EXPECT_EQ(LoadIncidents(*store_, book).code(), StatusCode::kDataLoss);
  StoreBatch placement;
  placement.Put(Family::kIncidents, IncidentStoreKey(KeyKind::kAlertPlacement, "p"), "\x01");
  ASSERT_TRUE(store_->Write(placement).ok());
  StoredPlacements placements(*store_);
  EXPECT_EQ(placements.Load({AlertId("p")}).code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecodePlacement(EncodePlacement({"id", 7, false})).value(),
            (AlertPlacement{"id", 7, false}));
}

}  // namespace
}  // namespace consentry
