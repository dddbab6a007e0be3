#include "reports/stats_record.h"

#include <gtest/gtest.h>

#include <chrono>

namespace consentry {
namespace {

StatsRecord Sample() {
  StatsRecord r;
  r.key = {.partition = 3,
           .day = 20514,  // 2026-03-02
           .tenant = TenantId("acme"),
           .channel = "sms",
           .purpose = "marketing.promotions",
           .jurisdiction = "US-FL"};
  r.cell.screened = 120;
  r.cell.ai_generated = 3;
  r.cell.ai_disclosed = 2;
  r.cell.AddViolation("consent.missing");
  r.cell.honoured.Add(std::chrono::minutes(90));
  return r;
}

TEST(StatsRecordTest, WritesTheDocumentTheHeaderShows) {
  EXPECT_EQ(ToJson(Sample()),
            R"({"schema":"stats.v1","partition":3,"day":"2026-03-02","tenant":"acme",)"
            R"("channel":"sms","purpose":"marketing.promotions","jurisdiction":"US-FL",)"
            R"("screened":120,"ai_generated":3,"ai_disclosed":2,)"
            R"("violations":{"consent.missing":1},"honoured":{"count":1,)"
            R"("total_us":5400000000,"max_us":5400000000,"buckets":[0,1,0,0,0,0,0,0,0,0]}})");
  EXPECT_EQ(StatsTopicKey(Sample().key),
            R"([3,"2026-03-02","acme","sms","marketing.promotions","US-FL"])");
}

TEST(StatsRecordTest, DecodesWhatItWrites) {
  auto row = DecodeStatsRecord(ToJson(Sample()));
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  EXPECT_EQ(row->partition, 3);
  EXPECT_EQ(row->day, 20514);
  EXPECT_EQ(row->tenant, "acme");
  EXPECT_EQ(row->channel, "sms");
  EXPECT_EQ(row->purpose, "marketing.promotions");
  EXPECT_EQ(row->jurisdiction, "US-FL");
  EXPECT_EQ(row->screened, 120);
  EXPECT_EQ(row->ai_generated, 3);
  EXPECT_EQ(row->ai_disclosed, 2);
  EXPECT_EQ(row->violations.at("consent.missing"), 1);
  EXPECT_EQ(row->honoured_count, 1);
  EXPECT_EQ(row->honoured_total_us, 5400000000);
  EXPECT_EQ(row->honoured_buckets[1], 1);
}

TEST(StatsRecordTest, RefusesWhatItCouldNotHaveWritten) {
  const std::string good = ToJson(Sample());
  const auto with = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    s.replace(at, from.size(), to);
    return DecodeStatsRecord(s).status();
  };
  EXPECT_FALSE(with(R"("stats.v1")", R"("stats.v2")").ok());
  EXPECT_FALSE(with(R"("screened":120)", R"("screened":-1)").ok());
  EXPECT_FALSE(with(R"("ai_generated":3)", R"("ai_generated":121)").ok());
  EXPECT_FALSE(with(R"("day":"2026-03-02")", R"("day":"2026-02-30")").ok());
  EXPECT_FALSE(with(R"("consent.missing":1)", R"("consent.missing":0)").ok());
  EXPECT_FALSE(with(R"([0,1,0)", R"([0,2,0)").ok());
  EXPECT_FALSE(with(R"("tenant":"acme")", R"("tenant":7)").ok());
  EXPECT_FALSE(DecodeStatsRecord("not json").ok());
  const Status missing = with(R"("channel":"sms",)", "");
  EXPECT_NE(missing.message().find("'channel'"), std::string::npos) << missing.ToString();
}

}  // namespace
}  // namespace consentry
