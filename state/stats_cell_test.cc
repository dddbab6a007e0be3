#include "state/stats_cell.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <unordered_set>

#include "state/keys.h"

namespace consentry {
namespace {

using std::chrono::hours;

StatsCellKey Key(int32_t partition, int32_t day, std::string purpose = "marketing") {
  return {.partition = partition,
          .day = day,
          .tenant = TenantId("acme"),
          .channel = "sms",
          .purpose = std::move(purpose),
          .jurisdiction = "US-FL"};
}

TEST(StatsCellTest, RoundTripsEveryField) {
  StatsCell cell;
  cell.screened = 120;
  cell.ai_generated = 3;
  cell.ai_disclosed = 2;
  cell.AddViolation("consent.missing");
  cell.AddViolation("consent.missing");
  cell.AddViolation("quiet_hours");
  cell.honoured.Add(hours(3));
  auto decoded = StatsCell::Decode(cell.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->screened, 120);
  EXPECT_EQ(decoded->ai_generated, 3);
  EXPECT_EQ(decoded->ai_disclosed, 2);
  const std::map<std::string, int64_t> violations = {{"consent.missing", 2}, {"quiet_hours", 1}};
  EXPECT_EQ(decoded->violations, violations);
  EXPECT_EQ(decoded->honoured.count(), 1);
  EXPECT_EQ(decoded->honoured.total(), hours(3));
}

TEST(StatsCellTest, ARetractionTakesBackOneAlertAndAnUnknownOneIsIgnored) {
  StatsCell cell;
  cell.screened = 1;
  cell.AddViolation("consent.missing");
  cell.AddViolation("consent.missing");
  cell.RetractViolation("consent.missing");
  EXPECT_EQ(cell.violations.at("consent.missing"), 1);
  cell.RetractViolation("consent.missing");
  EXPECT_TRUE(cell.violations.empty());
  cell.RetractViolation("consent.missing");  // counted before the cell existed
  cell.RetractViolation("quiet_hours");
  EXPECT_TRUE(cell.violations.empty());
  EXPECT_FALSE(cell.empty());
  EXPECT_TRUE(StatsCell().empty());
}

TEST(StatsCellTest, EveryTruncationAndTrailingByteIsDataLoss) {
  StatsCell cell;
  cell.screened = 5;
  cell.ai_generated = 1;
  cell.AddViolation("consent.missing");
  cell.honoured.Add(hours(1));
  const std::string bytes = cell.Encode();
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_EQ(StatsCell::Decode(bytes.substr(0, len)).status().code(), StatusCode::kDataLoss)
        << "length " << len;
  }
  EXPECT_EQ(StatsCell::Decode(bytes + '\0').status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(StatsCell::Decode("\x02" + bytes.substr(1)).status().code(), StatusCode::kDataLoss);
}

TEST(StatsCellTest, CountsThatEncodeCouldNotWriteAreDataLoss) {
  StatsCell more_ai;
  more_ai.screened = 1;
  more_ai.ai_generated = 2;  // more AI messages than messages
  EXPECT_EQ(StatsCell::Decode(more_ai.Encode()).status().code(), StatusCode::kDataLoss);
  StatsCell cell;
  cell.screened = 1;
  cell.violations = {{"a", 0}};  // a zero entry is never written
  EXPECT_EQ(StatsCell::Decode(cell.Encode()).status().code(), StatusCode::kDataLoss);
}

TEST(StatsCellKeyTest, IsPartitionOwnedAndOrderedByPartitionThenDay) {
  const std::string key = StatsCellStateKey(Key(3, 20000));
  auto owner = OwnerOf(key);
  ASSERT_TRUE(owner.ok()) << owner.status().ToString();
  EXPECT_EQ(owner->kind, KeyOwner::Kind::kPartition);
  EXPECT_EQ(owner->partition, 3);
  EXPECT_LT(StatsCellStateKey(Key(3, 20000)), StatsCellStateKey(Key(3, 20001)));
  EXPECT_LT(StatsCellStateKey(Key(2, 20001)), StatsCellStateKey(Key(3, 20000)));
  auto parts = ParseStatsKey(key);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(parts->partition, 3);
  EXPECT_EQ(parts->day, 20000);
  EXPECT_EQ(parts->tenant, "acme");
  EXPECT_EQ(parts->channel, "sms");
  EXPECT_EQ(parts->purpose, "marketing");
  EXPECT_EQ(parts->jurisdiction, "US-FL");
  EXPECT_FALSE(ParseStatsKey(key + "x").ok());
  EXPECT_FALSE(ParseStatsKey(key.substr(0, key.size() - 1)).ok());
}

TEST(StatsCellKeyTest, WorksAsAnUnorderedSetKey) {
  std::unordered_set<StatsCellKey> keys;
  EXPECT_TRUE(keys.insert(Key(1, 1)).second);
  EXPECT_TRUE(keys.insert(Key(2, 1)).second);
  EXPECT_TRUE(keys.insert(Key(1, 2)).second);
  EXPECT_TRUE(keys.insert(Key(1, 1, "service")).second);
  EXPECT_FALSE(keys.insert(Key(1, 1)).second);
}

}  // namespace
}  // namespace consentry
