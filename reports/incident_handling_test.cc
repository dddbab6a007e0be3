#include "reports/incident_handling.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

const Timestamp kT0 = ParseRfc3339("2026-03-05T10:00:00Z").value();
constexpr int32_t kMarch5 = 20517;

Incident Make(std::string id, int64_t count, std::optional<int> ack_minutes,
              std::optional<int> close_minutes, IncidentState state) {
  Incident in;
  in.id = std::move(id);
  in.key = "consent.missing|acme|campaign:spring";
  in.detector = "consent.missing";
  in.tenant = TenantId("acme");
  in.count = count;
  for (int64_t i = 0; i < count; ++i) in.subjects[static_cast<uint64_t>(i + 1)] = 1;
  in.first_seen = in.last_seen = kT0;
  in.channels = {"sms"};
  in.jurisdictions = {"DK"};
  in.state = state;
  in.opened_at = kT0;
  if (ack_minutes) in.acknowledged_at = kT0 + std::chrono::minutes(*ack_minutes);
  if (close_minutes) in.closed_at = kT0 + std::chrono::minutes(*close_minutes);
  return in;
}

TEST(IncidentHandlingTest, CountsTimesAndTheLargestIncidents) {
  std::vector<Incident> book;
  // Ten acknowledged after 10, 20, ..., 100 minutes; closed after 200 minutes; two of them
  // false positives; and an incident of another period, and one whose alerts were all retracted.
  for (int i = 1; i <= 10; ++i) {
    book.push_back(Make("i" + std::to_string(i), 10 * i, 10 * i, 200,
                        i <= 2 ? IncidentState::kFalsePositive : IncidentState::kResolved));
  }
  Incident later = Make("later", 500, std::nullopt, std::nullopt, IncidentState::kOpen);
  later.first_seen = kT0 + std::chrono::hours(24 * 40);
  book.push_back(later);
  book.push_back(Make("gone", 0, std::nullopt, std::nullopt, IncidentState::kResolved));

  const IncidentHandling h =
      SummarizeIncidents(book, {.from_day = kMarch5, .to_day = kMarch5, .min_cell = 1});
  EXPECT_EQ(h.incidents.value, 10);
  EXPECT_EQ(h.acknowledged.value, 10);
  EXPECT_EQ(h.closed.value, 10);
  EXPECT_EQ(h.false_positives.value, 2);
  EXPECT_EQ(h.median_to_acknowledge, "50 min");
  EXPECT_EQ(h.p95_to_acknowledge, "100 min");
  EXPECT_EQ(h.median_to_close, "3.3 h");
  ASSERT_EQ(h.top.size(), 5u);
  EXPECT_EQ(h.top[0].alerts.value, 100);
  EXPECT_EQ(h.top[0].affected_subjects.value, 100);
  EXPECT_EQ(h.top[0].scope, "campaign:spring");
  EXPECT_EQ(h.top[4].alerts.value, 60);
}

TEST(IncidentHandlingTest, SmallCountsAreSuppressedWithTheTimesBehindThem) {
  std::vector<Incident> book;
  for (int i = 1; i <= 12; ++i) {
    book.push_back(Make("i" + std::to_string(i), i, i <= 3 ? std::optional<int>(5) : std::nullopt,
                        std::nullopt, IncidentState::kOpen));
  }
  const IncidentHandling h =
      SummarizeIncidents(book, {.from_day = kMarch5, .to_day = kMarch5, .min_cell = 10});
  EXPECT_FALSE(h.incidents.hidden);
  EXPECT_TRUE(h.acknowledged.hidden);  // 3
  EXPECT_FALSE(h.median_to_acknowledge);
  EXPECT_FALSE(h.top[0].alerts.hidden);  // 12
  EXPECT_TRUE(h.top[3].alerts.hidden);   // 9
}

}  // namespace
}  // namespace consentry
