#include "reports/report_data.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

StatsRow Row(int32_t partition, int32_t day, std::string tenant, std::string channel,
             int64_t screened, std::map<std::string, int64_t> violations) {
  StatsRow r;
  r.partition = partition;
  r.day = day;
  r.tenant = std::move(tenant);
  r.channel = std::move(channel);
  r.purpose = "marketing";
  r.jurisdiction = "DK";
  r.screened = screened;
  r.violations = std::move(violations);
  return r;
}

TEST(ReportDataTest, SumsTheLatestCellsOfTheRangeAndTenant) {
  const std::vector<StatsRow> rows = LatestCells({
      Row(0, 100, "acme", "sms", 50, {{"consent.missing", 5}}),
      Row(0, 100, "acme", "sms", 80, {{"consent.missing", 20}}),  // replaces the line above
      Row(1, 100, "acme", "sms", 30, {{"consent.missing", 10}}),  // another partition: adds
      Row(0, 101, "acme", "email", 40, {}),
      Row(0, 102, "acme", "sms", 1000, {{"consent.missing", 500}}),  // after the range
      Row(0, 100, "globex", "sms", 1000, {{"consent.missing", 500}}),
  });
  const ReportData d = BuildReport(rows, {.from_day = 100, .to_day = 101, .tenant = "acme"});
  EXPECT_EQ(d.cells, 3);
  EXPECT_EQ(d.screened.value, 150);
  EXPECT_EQ(d.violations.value, 30);
  EXPECT_EQ(d.violations_by_detector.at("consent.missing").value, 30);
  ASSERT_EQ(d.groups.size(), 2u);
  EXPECT_EQ(d.groups[0].channel, "email");
  EXPECT_EQ(d.groups[1].screened.value, 110);
  EXPECT_EQ(d.suppressed, 0);
  // Every tenant: globex's cell too.
  EXPECT_EQ(BuildReport(rows, {.from_day = 100, .to_day = 101}).screened.value, 1150);
}

TEST(ReportDataTest, WithdrawalsAndTheirDelaysAndAIDisclosure) {
  StatsRow r = Row(0, 100, "acme", "sms", 200, {{"consent.withdrawn", 30}});
  r.honoured_count = 90;
  r.honoured_buckets[2] = 60;  // [2 h, 4 h)
  r.honoured_buckets[5] = 30;  // [16 h, 32 h)
  r.ai_generated = 40;
  r.ai_disclosed = 25;
  const ReportData d = BuildReport({r}, {.from_day = 100, .to_day = 100});
  EXPECT_EQ(d.after_withdrawal.value, 120);
  EXPECT_EQ(d.honoured_inside.value, 90);
  EXPECT_EQ(d.honoured_outside().value, 30);
  EXPECT_EQ(d.median_delay, "under 4 h");
  EXPECT_EQ(d.p95_delay, "under 32 h");
  EXPECT_EQ(d.ai_undisclosed.value, 15);
}

TEST(ReportDataTest, SmallWithdrawalCountsHideTheDelaysAndFollowTheDetectorTotal) {
  StatsRow r = Row(0, 100, "acme", "sms", 200, {{"consent.withdrawn", 4}, {"quiet_hours", 50}});
  r.honoured_count = 90;
  r.honoured_buckets[0] = 90;
  const ReportData d = BuildReport({r}, {.from_day = 100, .to_day = 100});
  EXPECT_TRUE(d.violations_by_detector.at("consent.withdrawn").hidden);
  EXPECT_TRUE(d.honoured_outside().hidden);
  // 90 inside and the total 94 would give the 4 away: the total is hidden.
  EXPECT_TRUE(d.after_withdrawal.hidden);
  EXPECT_FALSE(d.honoured_inside.hidden);
  EXPECT_EQ(d.median_delay, "under 1 h");
}

}  // namespace
}  // namespace consentry
