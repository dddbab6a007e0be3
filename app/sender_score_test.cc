#include "app/sender_score.h"

#include <gtest/gtest.h>

#include "core/testing/time.h"

namespace consentry {
namespace {

using testing::At;

SenderLabelRow Label(std::string detector, std::string entity, const std::string& from,
                     const std::string& to, bool positive) {
  return {.detector = std::move(detector), .tenant = "acme", .entity = std::move(entity),
          .scenario = "s", .from = At(from), .to = At(to), .positive = positive};
}

SenderAlert Alert(std::string detector, std::string entity, const std::string& start,
                  const std::string& end) {
  return {.alert_id = "a", .detector = std::move(detector), .tenant = "acme",
          .entity = std::move(entity), .window_start = At(start), .window_end = At(end)};
}

TEST(SenderScoreTest, ContentEntitiesMatchWithinHammingDistanceThree) {
  EXPECT_TRUE(EntitiesMatch("content:00000000000000ff", "content:00000000000000ff"));
  EXPECT_TRUE(EntitiesMatch("content:00000000000000ff", "content:00000000000000f8"));  // 3 bits
  EXPECT_FALSE(EntitiesMatch("content:00000000000000ff", "content:00000000000000f0"));  // 4
  EXPECT_TRUE(EntitiesMatch("content:ff", "content:00000000000000FF"));  // short and upper case
  EXPECT_FALSE(EntitiesMatch("content:zz", "content:zz0"));
  EXPECT_TRUE(EntitiesMatch("sender:hijack-1", "sender:hijack-1"));
  EXPECT_FALSE(EntitiesMatch("sender:hijack-1", "sender:hijack-10"));
  EXPECT_FALSE(EntitiesMatch("sender:hijack-1", "campaign:hijack-1"));
}

TEST(SenderScoreTest, WindowsMustOverlap) {
  const SenderLabelRow l = Label("sender.velocity", "sender:h", "2026-03-03T11:00:00Z",
                                 "2026-03-03T11:01:00Z", true);
  EXPECT_TRUE(Matches(l, Alert("sender.velocity", "sender:h", "2026-03-03T11:00:00Z",
                               "2026-03-03T11:01:00Z")));
  EXPECT_TRUE(Matches(l, Alert("sender.velocity", "sender:h", "2026-03-03T11:00:00Z",
                               "2026-03-03T11:10:00Z")));
  EXPECT_FALSE(Matches(l, Alert("sender.velocity", "sender:h", "2026-03-03T11:01:00Z",
                                "2026-03-03T11:02:00Z")));  // starts at the label's end
  EXPECT_FALSE(Matches(l, Alert("sender.velocity", "sender:h", "2026-03-03T10:59:00Z",
                                "2026-03-03T11:00:00Z")));  // ends at the label's start
  EXPECT_FALSE(Matches(l, Alert("complaint.rate", "sender:h", "2026-03-03T11:00:00Z",
                                "2026-03-03T11:01:00Z")));
  SenderAlert other_tenant = Alert("sender.velocity", "sender:h", "2026-03-03T11:00:00Z",
                                   "2026-03-03T11:01:00Z");
  other_tenant.tenant = "globex";
  EXPECT_FALSE(Matches(l, other_tenant));
  SenderAlert no_window = other_tenant;
  no_window.tenant = "acme";
  no_window.window_end.reset();
  EXPECT_FALSE(Matches(l, no_window));
}

TEST(SenderScoreTest, RecallPrecisionAndHardNegatives) {
  const std::vector<SenderLabelRow> labels = {
      Label("sender.velocity", "sender:h", "2026-03-03T11:00:00Z", "2026-03-03T11:01:00Z", true),
      Label("sender.velocity", "campaign:c", "2026-03-04T11:00:00Z", "2026-03-04T12:00:00Z",
            true),
      Label("sender.velocity", "sender:bulk", "2026-03-05T10:00:00Z", "2026-03-05T12:00:00Z",
            false),
      Label("content.fanout", "content:00000000000000ff", "2026-03-06T10:00:00Z",
            "2026-03-06T11:00:00Z", true),
  };
  const std::vector<SenderAlert> alerts = {
      // The 1- and 10-minute windows of the burst both match its label.
      Alert("sender.velocity", "sender:h", "2026-03-03T11:00:00Z", "2026-03-03T11:01:00Z"),
      Alert("sender.velocity", "sender:h", "2026-03-03T11:00:00Z", "2026-03-03T11:10:00Z"),
      Alert("sender.velocity", "sender:bulk", "2026-03-05T11:00:00Z", "2026-03-05T11:01:00Z"),
      Alert("sender.velocity", "sender:x", "2026-03-05T11:00:00Z", "2026-03-05T11:01:00Z"),
      Alert("content.fanout", "content:00000000000000fe", "2026-03-06T10:00:00Z",
            "2026-03-06T11:00:00Z"),
  };
  const std::vector<SenderScore> scores = ScoreSenders(labels, alerts);
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0].detector, "content.fanout");
  EXPECT_EQ(scores[0].Recall(), 1.0);
  EXPECT_EQ(scores[0].Precision(), 1.0);
  const SenderScore& v = scores[1];
  EXPECT_EQ(v.detector, "sender.velocity");
  EXPECT_EQ(v.positives, 2);
  EXPECT_EQ(v.found, 1);  // the campaign was missed
  EXPECT_EQ(v.alerts, 4);
  EXPECT_EQ(v.on_positive, 2);
  EXPECT_EQ(v.on_negative, 1);
  EXPECT_DOUBLE_EQ(v.Recall(), 0.5);
  EXPECT_DOUBLE_EQ(v.Precision(), 0.5);

  // No labels and no alerts of a detector: nothing to score, nothing wrong.
  EXPECT_TRUE(ScoreSenders({}, {}).empty());
}

}  // namespace
}  // namespace consentry
