#include "gen/traffic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "core/testing/time.h"

namespace consentry {
namespace {

using std::chrono::sys_days;
using std::chrono::year;
using testing::At;

// The string value of "key" in a generated line (the generator never escapes anything in its
// own records), or "" when absent.
std::string Field(const std::string& line, const std::string& key) {
  const std::string needle = "\"" + key + "\":\"";
  const size_t at = line.find(needle);
  if (at == std::string::npos) return "";
  const size_t from = at + needle.size();
  return line.substr(from, line.find('"', from) - from);
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
  const Timestamp last = At("2026-11-28T23:59:59Z");
  for (size_t i = 0; i < t.lines.size(); ++i) {
    if (dead_letters.contains(static_cast<int64_t>(i))) continue;
    for (const char* key : {"sent_at", "recorded_at", "at", "added_at", "removed_at",
                            "valid_from", "valid_to", "expires_at"}) {
      const std::string value = Field(t.lines[i], key);
      if (!value.empty()) {
        EXPECT_LE(At(value), last) << t.lines[i];
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
      const Timestamp valid_from = from.empty() ? Timestamp::min() : At(from);
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
    const Timestamp sent = At(Field(line, "sent_at"));
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

// The oracle labels every scenario's messages, not only the spam scenarios': US texts and calls
// at random hours in the consent, content and calendar scenarios get quiet_hours too.
TEST(TrafficTest, SpamRulesLabelEveryScenario) {
  const auto t = Generate(5000);
  std::set<std::string> quiet_elsewhere;
  int capped = 0;
  for (const auto& l : t.labels) {
    if (l.Expects(kQuietHours) && l.focus != kQuietHours) quiet_elsewhere.insert(l.scenario);
    capped += l.Expects(kFrequencyCap);
    if (l.Expects(kFrequencyCap) || l.Expects(kQuietHours)) {
      const std::string& line = t.lines[l.line];
      const std::string channel = Field(line, "channel");
      EXPECT_TRUE(channel == "sms" || channel == "voice" || channel == "mms") << line;
      EXPECT_EQ(Field(line, "jurisdiction").substr(0, 2), "US") << line;
      EXPECT_EQ(Field(line, "purpose").substr(0, 9), "marketing") << line;
    }
  }
  EXPECT_TRUE(quiet_elsewhere.contains("us_text_on_existing_relationship"));
  EXPECT_GE(quiet_elsewhere.size(), 5u);
  EXPECT_GE(capped, 500);
}

TEST(TrafficTest, TenTextsInADayCapTheFourthToTheTenth) {
  const auto t = Generate(3000);
  std::map<std::string, std::vector<const GenLabel*>> by_subject;
  for (const auto& l : t.labels) {
    if (l.scenario == "cap_ten_texts_in_a_day_fl") {
      by_subject[Field(t.lines[l.line], "subject")].push_back(&l);
    }
  }
  ASSERT_FALSE(by_subject.empty());
  for (const auto& [subject, labels] : by_subject) {
    ASSERT_EQ(labels.size(), 10u) << subject;
    for (size_t i = 0; i < labels.size(); ++i) {
      EXPECT_EQ(labels[i]->expected, i < 3 ? std::vector<std::string>{}
                                            : std::vector<std::string>{"frequency.cap"})
          << subject << " message " << i;
    }
  }
}

GeneratedTraffic GenerateWithSenders(int subjects, int copies) {
  GenOptions o;
  o.subjects = subjects;
  o.sender_scenarios = copies;
  return GenerateTraffic(o);
}

// Sender scenarios do not depend on --subjects; each copy adds the same labels.
TEST(TrafficTest, SenderLabelsAreFixedPerCopy) {
  const auto small = GenerateWithSenders(200, 1);
  const auto large = GenerateWithSenders(2000, 1);
  ASSERT_EQ(small.sender_labels.size(), large.sender_labels.size());
  for (size_t i = 0; i < small.sender_labels.size(); ++i) {
    EXPECT_EQ(ToJson(small.sender_labels[i]), ToJson(large.sender_labels[i]));
  }
  std::map<std::string, int> counts;  // "+detector" / "-detector"
  for (const auto& l : small.sender_labels) ++counts[(l.positive ? "+" : "-") + l.detector];
  EXPECT_EQ(counts["+sender.velocity"], 2);  // a hijacked sender, a campaign
  EXPECT_EQ(counts["+content.fanout"], 2);
  EXPECT_EQ(counts["+complaint.rate"], 1);
  EXPECT_EQ(counts["-sender.velocity"], 6);  // 2 are the background senders'
  EXPECT_EQ(counts["-content.fanout"], 3);
  EXPECT_EQ(counts["-complaint.rate"], 4);

  const auto twice = GenerateWithSenders(200, 2);
  EXPECT_EQ(twice.sender_labels.size(), 2 * small.sender_labels.size() - 4);
  const auto none = GenerateWithSenders(200, 0);
  EXPECT_EQ(none.sender_labels.size(), 4u) << "the background senders only";
  EXPECT_LT(none.lines.size() + 25000, small.lines.size());
  EXPECT_GT(none.lines.size() + 27000, small.lines.size());
}

// The positives are far past the thresholds and the negatives far below, counted here from
// the stream itself.
TEST(TrafficTest, SenderScenariosHaveWideMargins) {
  const auto t = GenerateWithSenders(5000, 1);
  std::map<std::string, const GenLabel*> label_of;
  for (const auto& l : t.labels) label_of[l.event_id] = &l;
  std::map<std::string, std::map<int64_t, int>> per_minute;  // sender -> minute -> messages
  std::map<std::string, std::set<std::string>> recipients, unconsented;  // by fingerprint
  std::map<std::string, std::set<std::string>> senders_of;               // by fingerprint
  std::map<std::string, int> complaints, sent;
  for (const std::string& line : t.lines) {
    const std::string schema = Field(line, "schema");
    const std::string sender = Field(line, "sender_id");
    if (schema == "feedback.v1" && Field(line, "kind") == "complaint") ++complaints[sender];
    if (schema != "outbound.v1" || Field(line, "event_id") == "from-the-future") continue;
    const std::string sent_at = Field(line, "sent_at");
    if (sent_at.empty()) continue;  // a malformed line
    ++sent[sender];
    ++per_minute[sender][ToMicros(At(sent_at)) / 60000000];
    const std::string fingerprint = Field(line, "fingerprint");
    if (fingerprint.empty()) continue;
    // Near-duplicates differ in bits 7 and 41 only: group them under the base bits.
    const uint64_t base = std::stoull(fingerprint, nullptr, 16) & ~((1ull << 7) | (1ull << 41));
    const std::string key = std::to_string(base);
    recipients[key].insert(Field(line, "subject"));
    senders_of[key].insert(sender);
    const GenLabel* label = label_of.at(Field(line, "event_id"));
    if (label->Expects(kConsentMissing)) unconsented[key].insert(Field(line, "subject"));
  }
  auto max_per_minute = [&](const std::string& sender) {
    int most = 0;
    for (const auto& [minute, n] : per_minute[sender]) most = std::max(most, n);
    return most;
  };
  EXPECT_EQ(max_per_minute("hijack-1"), 1000);
  EXPECT_LE(max_per_minute("promo-1"), 31);
  EXPECT_EQ(sent["promo-1"], 300 + 1500);
  EXPECT_LE(max_per_minute("txn-1"), 180);
  EXPECT_GE(max_per_minute("txn-1"), 130);
  // The background senders stay far below 100 a minute at the demo's 5,000 subjects.
  EXPECT_LT(max_per_minute("crm-acme"), 60);
  EXPECT_LT(max_per_minute("crm-globex"), 60);
  EXPECT_EQ(complaints["news-1"], 15);
  EXPECT_EQ(sent["news-1"], 1500);
  EXPECT_EQ(complaints["digest-1"], 1);

  int fanout = 0, many_senders = 0, consented_templates = 0;
  for (const auto& [key, who] : recipients) {
    const size_t lacking = unconsented[key].size();
    if (who.size() >= 1500 && lacking == who.size()) ++fanout;
    if (senders_of[key].size() == 30 && who.size() == 300 && lacking == 150) ++many_senders;
    if (lacking == 0 && (senders_of[key].size() == 40 || who.size() >= 2900)) {
      ++consented_templates;
    }
  }
  EXPECT_EQ(fanout, 1);
  EXPECT_EQ(many_senders, 1);
  EXPECT_EQ(consented_templates, 3);  // 40 shops, the large campaign, the receipts
}

TEST(TrafficTest, SenderLabelJson) {
  SenderLabel l{.detector = "content.fanout", .tenant = "acme",
                .entity = "content:00ff00ff00ff00ff", .from = At("2026-03-05T10:00:00Z"),
                .to = At("2026-03-05T11:00:00Z"), .positive = false,
                .scenario = "common_template_many_senders"};
  EXPECT_EQ(ToJson(l),
            R"({"sender_label":true,"detector":"content.fanout","tenant":"acme",)"
            R"("entity":"content:00ff00ff00ff00ff","from":"2026-03-05T10:00:00Z",)"
            R"("to":"2026-03-05T11:00:00Z","positive":false,)"
            R"("scenario":"common_template_many_senders"})");
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
