#include "gen/traffic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace consentry {
namespace {

using std::chrono::sys_days;
using std::chrono::year;

// The string value of "key" in a generated line (the generator never escapes anything in its
// own records), or "" when absent.
std::string Field(const std::string& line, const std::string& key) {
  const std::string needle = "\"" + key + "\":\"";
  const size_t at = line.find(needle);
  if (at == std::string::npos) return "";
  const size_t from = at + needle.size();
  return line.substr(from, line.find('"', from) - from);
}

Timestamp Time(const std::string& text) {
  auto t = ParseRfc3339(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : Timestamp();
}

GeneratedTraffic Generate(int subjects, uint64_t seed = 42) {
  GenOptions o;
  o.subjects = subjects;
  o.seed = seed;
  o.malformed = 14;
  return GenerateTraffic(o);
}

TEST(TrafficTest, SameSeedSameBytes) {
  const auto a = Generate(500);
  const auto b = Generate(500);
  EXPECT_EQ(a.lines, b.lines);
  ASSERT_EQ(a.labels.size(), b.labels.size());
  for (size_t i = 0; i < a.labels.size(); ++i) EXPECT_EQ(ToJson(a.labels[i]), ToJson(b.labels[i]));
  EXPECT_NE(Generate(500, 7).lines, a.lines);
}

TEST(TrafficTest, LabelsAreConsistentWithTheStream) {
  const auto t = Generate(3000);
  const std::set<std::string_view> known(std::begin(kLabelledDetectors),
                                         std::end(kLabelledDetectors));
  std::set<int64_t> dead_letter_lines, message_lines;
  std::set<std::string> ids;
  for (const auto& l : t.labels) {
    ASSERT_GE(l.line, 0);
    ASSERT_LT(l.line, static_cast<int64_t>(t.lines.size()));
    const std::string& line = t.lines[l.line];
    if (l.event_id.empty()) {
      EXPECT_FALSE(l.expected_dlq_reason.empty());
      EXPECT_TRUE(l.expected.empty());
      dead_letter_lines.insert(l.line);
      continue;
    }
    EXPECT_EQ(Field(line, "schema"), "outbound.v1") << line;
    EXPECT_EQ(Field(line, "event_id"), l.event_id) << line;
    EXPECT_TRUE(ids.insert(l.event_id).second) << "event ids are unique: " << l.event_id;
    EXPECT_TRUE(std::is_sorted(l.expected.begin(), l.expected.end()));
    EXPECT_EQ(std::adjacent_find(l.expected.begin(), l.expected.end()), l.expected.end());
    for (const auto& d : l.expected) EXPECT_TRUE(known.contains(d)) << d;
    EXPECT_FALSE(l.scenario.empty());
    message_lines.insert(l.line);
  }
  // Every outbound record is labelled: as a message to judge, or as one to dead-letter.
  for (size_t i = 0; i < t.lines.size(); ++i) {
    if (Field(t.lines[i], "schema") != "outbound.v1") continue;
    const auto at = static_cast<int64_t>(i);
    EXPECT_TRUE(message_lines.contains(at) || dead_letter_lines.contains(at)) << t.lines[i];
  }
  std::multiset<std::string> reasons;
  for (const auto& l : t.labels) {
    if (l.event_id.empty()) reasons.insert(l.expected_dlq_reason);
  }
  EXPECT_EQ(reasons.count("future_timestamp"), 1u);
  EXPECT_GE(reasons.count("duplicate_event_id"), 2u);  // a message and a consent decision
}

TEST(TrafficTest, EveryDetectorHasHundredsOfPositivesAndHardNegatives) {
  const auto t = Generate(5000);
  std::map<std::string, int> positives, negatives;
  int multi = 0;
  for (const auto& l : t.labels) {
    for (const auto& d : l.expected) ++positives[d];
    if (!l.focus.empty() && !l.Expects(l.focus)) ++negatives[l.focus];
    multi += l.expected.size() > 1;
  }
  for (std::string_view d : kLabelledDetectors) {
    const std::string name(d);
    EXPECT_GE(positives[name], 100) << name;
    EXPECT_GE(negatives[name], 50) << name << ": messages of its scenarios that must not fire";
  }
  EXPECT_GT(multi, 20) << "messages that break two rules at once";
}

TEST(TrafficTest, EveryScenarioShowsUp) {
  const auto t = Generate(5000);
  std::set<std::string> seen;
  for (const auto& l : t.labels) seen.insert(l.scenario);
  for (const ScenarioInfo& s : Scenarios()) {
    EXPECT_TRUE(seen.contains(std::string(s.name))) << s.name;
  }
}

// The replay's --now defaults to the wall clock and the engine dead-letters event times more
// than an hour ahead of it: nothing may be dated after the generator's last date.
TEST(TrafficTest, NoEventTimeAfterNovember28th2026) {
  const auto t = Generate(3000);
  std::set<int64_t> dead_letters;
  for (const auto& l : t.labels) {
    if (l.event_id.empty()) dead_letters.insert(l.line);
  }
  const Timestamp last = Time("2026-11-28T23:59:59Z");
  for (size_t i = 0; i < t.lines.size(); ++i) {
    if (dead_letters.contains(static_cast<int64_t>(i))) continue;
    for (const char* key : {"sent_at", "recorded_at", "at", "added_at", "removed_at",
                            "valid_from", "valid_to", "expires_at"}) {
      const std::string value = Field(t.lines[i], key);
      if (!value.empty()) {
        EXPECT_LE(Time(value), last) << t.lines[i];
      }
    }
  }
}

// A declaration is a global table without event time: it must arrive before every message that
// needs it. A late input arrives after the messages it corrects.
TEST(TrafficTest, DeclarationsArriveBeforeTheirMessagesAndLateInputsAfter) {
  const auto t = Generate(3000);
  std::map<std::string, std::vector<std::pair<size_t, Timestamp>>> versions;  // id -> (line, from)
  std::map<std::string, size_t> last_line_of_subject;
  std::map<std::string, size_t> last_message_of_subject;
  for (size_t i = 0; i < t.lines.size(); ++i) {
    const std::string& line = t.lines[i];
    const std::string schema = Field(line, "schema");
    if (schema == "campaign.v1") {
      const std::string from = Field(line, "valid_from");
      const Timestamp valid_from = from.empty() ? Timestamp::min() : Time(from);
      versions[Field(line, "campaign_id")].push_back({i, valid_from});
      continue;
    }
    const std::string subject = Field(line, "subject");
    if (subject.empty()) continue;
    last_line_of_subject[subject] = i;
    if (schema != "outbound.v1") continue;
    last_message_of_subject[subject] = i;
    const std::string campaign = Field(line, "campaign_id");
    if (campaign.empty()) continue;
    const Timestamp sent = Time(Field(line, "sent_at"));
    for (const auto& [at, from] : versions[campaign]) EXPECT_TRUE(from > sent || at < i) << line;
  }
  EXPECT_EQ(versions["season-acme"].size(), 2u);
  EXPECT_GT(versions["season-acme"][1].first, 100u) << "version 2 arrives mid-stream";

  int late = 0;
  for (const auto& l : t.labels) {
    if (l.scenario.rfind("late_", 0) != 0) continue;
    const std::string subject = Field(t.lines[l.line], "subject");
    EXPECT_GT(last_line_of_subject[subject], last_message_of_subject[subject]) << subject;
    ++late;
  }
  EXPECT_GT(late, 50);
}

// The business-day edges of calendar_scenarios.cc, counted again here from the weekdays and the
// holidays the calendars publish (5 U.S.C. 6103; Canada Labour Code s. 166).
int BusinessDaysBetween(sys_days day0, sys_days last, const std::set<sys_days>& holidays) {
  int n = 0;
  for (sys_days d = day0 + std::chrono::days(1); d <= last; d += std::chrono::days(1)) {
    const std::chrono::weekday wd(d);
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday && !holidays.contains(d)) ++n;
  }
  return n;
}

TEST(TrafficTest, CalendarEdgesAreTenBusinessDays) {
  using std::chrono::Friday;
  using std::chrono::Monday;
  using std::chrono::Thursday;
  using std::chrono::weekday;
  // US: July 4 2026 is a Saturday, observed Friday July 3; Thanksgiving is the 4th Thursday.
  EXPECT_EQ(weekday(sys_days{year{2026} / 7 / 4}), std::chrono::Saturday);
  EXPECT_EQ(weekday(sys_days{year{2026} / 7 / 3}), Friday);
  EXPECT_EQ(sys_days{year{2025} / 11 / Thursday[4]}, sys_days{year{2025} / 11 / 27});
  EXPECT_EQ(sys_days{year{2026} / 11 / Thursday[4]}, sys_days{year{2026} / 11 / 26});
  EXPECT_EQ(sys_days{year{2026} / 10 / Monday[2]}, sys_days{year{2026} / 10 / 12});  // CA
  // DST in America/New_York and America/Toronto: 2nd Sunday of March, 1st Sunday of November.
  EXPECT_EQ(sys_days{year{2026} / 3 / std::chrono::Sunday[2]}, sys_days{year{2026} / 3 / 8});
  EXPECT_EQ(sys_days{year{2026} / 11 / std::chrono::Sunday[1]}, sys_days{year{2026} / 11 / 1});

  struct Edge {
    sys_days day0, last;  // local date of the withdrawal, last business day of the window
    std::set<sys_days> holidays;
  };
  auto day = [](int y, unsigned m, unsigned d) { return sys_days{year{y} / m / d}; };
  const Edge edges[] = {
      {day(2026, 6, 25), day(2026, 7, 10), {day(2026, 7, 3)}},     // US, July 4 observed
      {day(2025, 11, 21), day(2025, 12, 8), {day(2025, 11, 27)}},  // US, Thanksgiving 2025
      {day(2026, 11, 12), day(2026, 11, 27), {day(2026, 11, 26)}}, // US, Thanksgiving 2026
      {day(2026, 6, 24), day(2026, 7, 9), {day(2026, 7, 1)}},      // CA, Canada Day
      {day(2026, 10, 2), day(2026, 10, 19), {day(2026, 10, 12)}},  // CA, Thanksgiving
      {day(2026, 10, 23), day(2026, 11, 6), {}},                   // DST ends Nov 1
      {day(2026, 2, 27), day(2026, 3, 13), {}},                    // DST starts Mar 8
  };
  for (const Edge& e : edges) {
    EXPECT_EQ(BusinessDaysBetween(e.day0, e.last, e.holidays), 10);
    EXPECT_EQ(BusinessDaysBetween(e.day0, e.last - std::chrono::days(1), e.holidays), 9);
  }
}

TEST(TrafficTest, LabelJsonCarriesTheExpectedSet) {
  GenLabel l;
  l.event_id = "m-1-0";
  l.expected = {"consent.missing", "unsubscribe.missing"};
  l.scenario = "unsubscribe_missing_without_consent";
  l.focus = "unsubscribe.missing";
  EXPECT_EQ(ToJson(l),
            R"({"event_id":"m-1-0","expected":["consent.missing","unsubscribe.missing"],)"
            R"("scenario":"unsubscribe_missing_without_consent","focus":"unsubscribe.missing"})");
  GenLabel dlq;
  dlq.line = 7;
  dlq.expected_dlq_reason = "bad_json";
  dlq.scenario = "malformed";
  EXPECT_EQ(ToJson(dlq), R"({"line":7,"expected_dlq":"bad_json","scenario":"malformed"})");
}

}  // namespace
}  // namespace consentry
