#include "alerts/incident_book.h"

#include <gtest/gtest.h>

#include "core/testing/time.h"

namespace consentry {
namespace {

using Kind = IncidentNotice::Kind;
using std::chrono::hours;
using std::chrono::minutes;

using testing::At;
const Timestamp kStart = At("2026-03-05T10:00:00Z");

Alert MakeAlert(const std::string& id, Timestamp event_time, const std::string& subject,
                const std::string& campaign = "spring") {
  Alert a;
  a.alert_id = AlertId(id);
  a.detector = "consent.missing";
  a.severity = "high";
  a.tenant = TenantId("acme");
  a.subject = SubjectId(subject);
  a.channel = "email";
  a.jurisdiction = "DE";
  a.campaign_id = CampaignId(campaign);
  a.event_time = event_time;
  a.detected_at = event_time + std::chrono::seconds(1);
  a.incident_key = MakeIncidentKey(a.detector, a.tenant, a.campaign_id, a.sender_id);
  return a;
}
Alert Retraction(Alert a) {
  a.kind = "retraction";
  return a;
}
std::vector<Kind> Kinds(const std::vector<IncidentNotice>& notices) {
  std::vector<Kind> out;
  for (const auto& n : notices) out.push_back(n.kind);
  return out;
}

TEST(IncidentBookTest, ManyAlertsOfOneCampaignAreOneIncidentWithCounts) {
  IncidentBook book(IncidentOptions{.escalate_at = {3, 10}});
  std::vector<std::vector<Kind>> notices;
  for (int i = 0; i < 12; ++i) {
    Alert a = MakeAlert("a" + std::to_string(i), kStart + minutes(i), "s" + std::to_string(i % 4));
    if (i == 5) a.channel = "sms";
    if (i == 6) a.severity = "critical";
    notices.push_back(Kinds(book.Add(a)));
  }
  EXPECT_EQ(notices[0], (std::vector<Kind>{Kind::kOpened}));
  EXPECT_EQ(notices[2], (std::vector<Kind>{Kind::kEscalated}));  // the 3rd alert
  EXPECT_EQ(notices[9], (std::vector<Kind>{Kind::kEscalated}));  // the 10th
  for (int i : {1, 3, 4, 5, 6, 7, 8, 10, 11}) EXPECT_TRUE(notices[i].empty()) << i;
  ASSERT_EQ(book.incidents().size(), 1u);
  const Incident& in = book.incidents().begin()->second;
  EXPECT_EQ(in.count, 12);
  EXPECT_EQ(in.affected_subjects(), 4);
  EXPECT_EQ(in.first_seen, kStart);
  EXPECT_EQ(in.last_seen, kStart + minutes(11));
  EXPECT_EQ(in.channels, (std::set<std::string>{"email", "sms"}));
  EXPECT_EQ(in.severity, "critical");
  EXPECT_EQ(in.samples.size(), 5u);
  EXPECT_EQ(in.samples[0], AlertId("a0"));
  EXPECT_EQ(in.key, "consent.missing|acme|campaign:spring");
  EXPECT_EQ(in.id.size(), 16u);
}

TEST(IncidentBookTest, RepeatsCountOnceAndOtherKeysOrTimesOpenOtherIncidents) {
  IncidentBook book;
  const Alert a = MakeAlert("a", kStart, "s1");
  EXPECT_EQ(Kinds(book.Add(a)), (std::vector<Kind>{Kind::kOpened}));
  EXPECT_TRUE(book.Add(a).empty());  // delivered twice
  EXPECT_EQ(book.incidents().begin()->second.count, 1);
  // Another campaign: another incident. The same campaign a day and a minute after the last
  // alert: another incident too. Within the window before the first: the same one.
  EXPECT_EQ(Kinds(book.Add(MakeAlert("b", kStart, "s1", "autumn"))),
            (std::vector<Kind>{Kind::kOpened}));
  EXPECT_EQ(Kinds(book.Add(MakeAlert("c", kStart + hours(24) + minutes(1), "s1"))),
            (std::vector<Kind>{Kind::kOpened}));
  EXPECT_EQ(book.incidents().size(), 3u);
  EXPECT_TRUE(book.Add(MakeAlert("d", kStart + hours(23), "s2")).empty());
  int64_t total = 0;
  for (const auto& [id, in] : book.incidents()) total += in.count;
  EXPECT_EQ(total, 4);
}

TEST(IncidentBookTest, RetractionsLowerTheCountAndCloseAnEmptiedIncident) {
  IncidentBook book;
  const Alert a = MakeAlert("a", kStart, "s1"), b = MakeAlert("b", kStart + minutes(1), "s1");
  const Alert c = MakeAlert("c", kStart + minutes(2), "s2");
  for (const Alert& x : {a, b, c}) book.Add(x);
  const std::string id = book.incidents().begin()->first;
  EXPECT_TRUE(book.Add(Retraction(c)).empty());
  EXPECT_EQ(book.Find(id)->count, 2);
  EXPECT_EQ(book.Find(id)->affected_subjects(), 1);
  EXPECT_TRUE(book.Add(Retraction(c)).empty());  // a repeated retraction
  EXPECT_TRUE(book.Add(Retraction(MakeAlert("never", kStart, "s9"))).empty());
  EXPECT_EQ(book.Find(id)->count, 2);
  book.Add(Retraction(a));
  EXPECT_EQ(Kinds(book.Add(Retraction(b))), (std::vector<Kind>{Kind::kResolved}));
  EXPECT_EQ(book.Find(id)->state, IncidentState::kResolved);
  EXPECT_EQ(book.Find(id)->state_reason, "every alert was retracted");
  EXPECT_EQ(book.Find(id)->affected_subjects(), 0);
  // Raised again: counted again, and the incident reopens.
  EXPECT_EQ(Kinds(book.Add(b)), (std::vector<Kind>{Kind::kReopened}));
  EXPECT_EQ(book.Find(id)->count, 1);
  EXPECT_EQ(book.Find(id)->reopened, 1);
}

TEST(IncidentBookTest, ResolvedReopensOnANewAlertAFalsePositiveDoesNot) {
  IncidentBook book;
  book.Add(MakeAlert("a", kStart, "s1"));
  book.Add(MakeAlert("x", kStart, "s1", "autumn"));
  std::string spring, autumn;
  for (const auto& [id, in] : book.incidents()) (in.key.ends_with("spring") ? spring : autumn) = id;
  const Timestamp now = kStart + hours(1);
  auto resolved = book.Act(spring, IncidentAction::kResolve, "campaign paused", now);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(Kinds(*resolved), (std::vector<Kind>{Kind::kResolved}));
  ASSERT_TRUE(book.Act(autumn, IncidentAction::kFalsePositive, "consent was on paper", now).ok());
  EXPECT_EQ(Kinds(book.Add(MakeAlert("b", kStart + hours(2), "s2"))),
            (std::vector<Kind>{Kind::kReopened}));
  EXPECT_EQ(book.Find(spring)->state, IncidentState::kOpen);
  EXPECT_TRUE(book.Add(MakeAlert("y", kStart + hours(2), "s2", "autumn")).empty());
  EXPECT_EQ(book.Find(autumn)->state, IncidentState::kFalsePositive);
  EXPECT_EQ(book.Find(autumn)->count, 2);
  EXPECT_EQ(book.Act("nope", IncidentAction::kAcknowledge, "", now).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(book.Act(autumn, IncidentAction::kResolve, "x", now).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(IncidentBookTest, SnoozeMarksTheNoticesOfItsKeyUntilItExpires) {
  IncidentBook book(IncidentOptions{.escalate_at = {2, 3}});
  const std::string key = MakeAlert("a", kStart, "s1").incident_key;
  EXPECT_EQ(book.Snooze(key, kStart + hours(1), "").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(book.Snooze(key, kStart + hours(1), "known test campaign").ok());
  auto opened = book.Add(MakeAlert("a", kStart, "s1"));
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_TRUE(opened[0].snoozed);
  EXPECT_EQ(book.SnoozedUntil(key, kStart), kStart + hours(1));
  // Detected after the snooze ended: heard again.
  auto escalated = book.Add(MakeAlert("b", kStart + hours(2), "s1"));
  ASSERT_EQ(escalated.size(), 1u);
  EXPECT_EQ(escalated[0].kind, Kind::kEscalated);
  EXPECT_FALSE(escalated[0].snoozed);
  EXPECT_EQ(book.SnoozedUntil(key, kStart + hours(2)), std::nullopt);
}

TEST(IncidentBookTest, ChangesRestoreIntoABookThatCarriesOn) {
  MemoryPlacements placements;
  IncidentBook book({}, placements);
  const Alert a = MakeAlert("a", kStart, "s1"), b = MakeAlert("b", kStart + minutes(1), "s2");
  book.Add(a);
  book.Add(b);
  ASSERT_TRUE(book.Snooze(a.incident_key, kStart + hours(3), "planned").ok());
  IncidentChanges changes = book.TakeChanges();
  ASSERT_EQ(changes.incidents.size(), 1u);
  EXPECT_EQ(changes.incidents[0].count, 2);
  EXPECT_EQ(changes.latest.at(a.incident_key), changes.incidents[0].id);
  EXPECT_EQ(changes.snoozes.at(a.incident_key), kStart + hours(3));
  const IncidentChanges none = book.TakeChanges();
  EXPECT_TRUE(none.incidents.empty() && none.latest.empty() && none.snoozes.empty());

  // A new book from what was taken, over the same placements: a repeat is absorbed, a
  // retraction finds its alert, a new alert joins the same incident.
  IncidentBook restarted({}, placements);
  for (auto& in : changes.incidents) restarted.Restore(in);
  for (auto& [key, id] : changes.latest) restarted.RestoreLatest(key, id);
  for (auto& [key, until] : changes.snoozes) restarted.RestoreSnooze(key, until);
  const std::string id = changes.incidents[0].id;
  EXPECT_TRUE(restarted.Add(a).empty());
  EXPECT_TRUE(restarted.Add(Retraction(b)).empty());
  EXPECT_TRUE(restarted.Add(MakeAlert("c", kStart + minutes(2), "s3")).empty());
  EXPECT_EQ(restarted.Find(id)->count, 2);
  EXPECT_EQ(restarted.Find(id)->affected_subjects(), 2);
  EXPECT_EQ(restarted.incidents().size(), 1u);
  EXPECT_EQ(restarted.SnoozedUntil(a.incident_key, kStart), kStart + hours(3));
  EXPECT_EQ(restarted.TakeChanges().incidents.size(), 1u);
}

TEST(IncidentBookTest, SameAlertsInTheSameOrderGiveTheSameIncidentIds) {
  IncidentBook one, two;
  for (IncidentBook* book : {&one, &two}) {
    for (int h : {0, 20, 50, 60, 90}) {
      book->Add(MakeAlert("a" + std::to_string(h), kStart + hours(h), "s"));
    }
  }
  ASSERT_EQ(one.incidents().size(), 3u);  // 0 and 20 h | 50 and 60 h | 90 h
  std::vector<std::string> a, b;
  for (const auto& [id, in] : one.incidents()) a.push_back(id);
  for (const auto& [id, in] : two.incidents()) b.push_back(id);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace consentry
