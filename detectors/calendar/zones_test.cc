#include "detectors/calendar/zones.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "detectors/calendar/business_days.h"
#include "detectors/testing/events.h"

namespace consentry {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::T;

TEST(ZonesTest, PrincipalZonesOfSubdivisions) {
  EXPECT_EQ(PrincipalZone("US-FL"), "America/New_York");
  EXPECT_EQ(PrincipalZone("US-MD"), "America/New_York");
  EXPECT_EQ(PrincipalZone("US-OK"), "America/Chicago");
  EXPECT_EQ(PrincipalZone("US-CA"), "America/Los_Angeles");
  EXPECT_EQ(PrincipalZone("US-HI"), "Pacific/Honolulu");
  EXPECT_EQ(PrincipalZone("US-DC"), "America/New_York");
  EXPECT_EQ(PrincipalZone("CA-QC"), "America/Toronto");
  EXPECT_EQ(PrincipalZone("CA-NL"), "America/St_Johns");
  EXPECT_EQ(PrincipalZone("US"), "");
  EXPECT_EQ(PrincipalZone("FR-75"), "");
  EXPECT_EQ(PrincipalZone(""), "");
}

TEST(ZonesTest, EveryStateDcAndProvinceHasAZoneTheDatabaseKnows) {
  const std::vector<std::string> us = {
      "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
      "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
      "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
      "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"};
  ASSERT_EQ(us.size(), 51u);  // 50 states and DC
  const std::vector<std::string> ca = {"AB", "BC", "MB", "NB", "NL", "NS", "NT",
                                       "NU", "ON", "PE", "QC", "SK", "YT"};
  std::vector<std::string> codes;
  for (const std::string& s : us) codes.push_back("US-" + s);
  for (const std::string& p : ca) codes.push_back("CA-" + p);
  for (const std::string& code : codes) {
    const std::string_view zone = PrincipalZone(code);
    ASSERT_FALSE(zone.empty()) << code;
    EXPECT_TRUE(CheckTimeZone(zone).ok()) << code << " " << zone;
  }
}

TEST(ZonesTest, CountryZonesComeFromTheSystemDatabase) {
  ASSERT_TRUE(CheckZoneTab().ok()) << CheckZoneTab().ToString();
  auto us = CountryZones("US");
  ASSERT_TRUE(us.ok()) << us.status().ToString();
  for (const char* zone : {"America/New_York", "America/Chicago", "America/Denver",
                           "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
                           "Pacific/Honolulu"}) {
    EXPECT_THAT(**us, Contains(zone));
  }
  auto dk = CountryZones("DK");
  ASSERT_TRUE(dk.ok()) << dk.status().ToString();
  EXPECT_THAT(**dk, ElementsAre("Europe/Copenhagen"));
  EXPECT_EQ(CountryZones("XX").status().code(), StatusCode::kNotFound);
}

TEST(ZonesTest, ConcurrentFirstUseSeesOneTable) {
  std::vector<std::thread> threads;
  std::vector<const std::vector<std::string>*> seen(4, nullptr);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&seen, i] {
      auto zones = CountryZones("CA");
      if (zones.ok()) seen[i] = *zones;
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_NE(seen[0], nullptr);
  for (const auto* s : seen) EXPECT_EQ(s, seen[0]);
}

TEST(ZonesTest, ParsesZoneTabAndNamesTheBadLine) {
  auto table = ParseZoneTab(
      "# comment\n\nUS\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\n"
      "US\t+415100-0873900\tAmerica/Chicago\tCentral (most areas)\r\n"
      "DK\t+5540+01235\tEurope/Copenhagen\n",
      "zone.tab");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_THAT(table->at("US"), ElementsAre("America/New_York", "America/Chicago"));
  EXPECT_THAT(table->at("DK"), ElementsAre("Europe/Copenhagen"));

  auto bad = ParseZoneTab("# c\nUS America/New_York\n", "/tz/zone.tab");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("/tz/zone.tab:2:"));
  EXPECT_FALSE(ParseZoneTab("US\t+4042-07400\t\n", "z").ok());
}

TEST(ZonesTest, MissingFileIsAStatus) {
  auto table = LoadZoneTab("/nonexistent/zone.tab");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(table.status().message(), HasSubstr("/nonexistent/zone.tab"));
  EXPECT_THAT(table.status().message(), HasSubstr("tzdata"));
}

TEST(ZonesTest, LocalTimeFollowsDaylightSaving) {
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  // New York springs forward on 2026-03-08 at 02:00 EST (07:00Z) to 03:00 EDT.
  auto before = ToLocalTime(T("2026-03-08T06:59:59Z"), "America/New_York");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(FormatTimeOfDay(before->time_of_day), "01:59:59");
  EXPECT_EQ(before->abbreviation, "EST");
  EXPECT_EQ(FormatUtcOffset(before->utc_offset), "-05:00");
  auto after = ToLocalTime(T("2026-03-08T07:00:00Z"), "America/New_York");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->time_of_day, hours(3));
  EXPECT_EQ(after->abbreviation, "EDT");
  EXPECT_EQ(after->day, CivilDay(std::chrono::year{2026} / 3 / 8));
  // Copenhagen falls back on 2026-10-25 at 03:00 CEST (01:00Z) to 02:00 CET.
  auto cph = ToLocalTime(T("2026-10-25T01:30:00Z"), "Europe/Copenhagen");
  ASSERT_TRUE(cph.ok());
  EXPECT_EQ(cph->time_of_day, hours(2) + minutes(30));
  EXPECT_EQ(cph->utc_offset, seconds(3600));
  // The local date can differ from the UTC date.
  auto honolulu = ToLocalTime(T("2026-01-15T05:00:00Z"), "Pacific/Honolulu");
  ASSERT_TRUE(honolulu.ok());
  EXPECT_EQ(honolulu->day, CivilDay(std::chrono::year{2026} / 1 / 14));
  EXPECT_EQ(FormatTimeOfDay(honolulu->time_of_day), "19:00:00");
  EXPECT_EQ(ToLocalTime(T("2026-01-15T05:00:00Z"), "Mars/Olympus_Mons").status().code(),
            StatusCode::kNotFound);
}

TEST(ZonesTest, FormatsTimesAndOffsets) {
  EXPECT_EQ(FormatTimeOfDay(std::chrono::seconds(7 * 3600 + 59 * 60 + 59) +
                            std::chrono::microseconds(999'999)),
            "07:59:59");
  EXPECT_EQ(FormatTimeOfDay(Duration(0)), "00:00:00");
  EXPECT_EQ(FormatUtcOffset(std::chrono::seconds(-5 * 3600)), "-05:00");
  EXPECT_EQ(FormatUtcOffset(std::chrono::seconds(5 * 3600 + 45 * 60)), "+05:45");
  EXPECT_EQ(FormatUtcOffset(std::chrono::seconds(-(3 * 3600 + 30 * 60))), "-03:30");
}

}  // namespace
}  // namespace consentry
