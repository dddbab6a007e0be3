#include "gen/spam_oracle.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/testing/time.h"

namespace consentry::gen_internal {
namespace {

using testing::At;

Duration Clock(int h, int m, int s) {
  return std::chrono::duration_cast<Duration>(std::chrono::hours(h) + std::chrono::minutes(m) +
                                              std::chrono::seconds(s));
}

MessageFacts Text(std::string jurisdiction, const std::string& sent_at, std::string tz = "") {
  return {.tenant = "acme", .subject = "s", .channel = "sms",
          .purpose = "marketing.communications.sms", .jurisdiction = std::move(jurisdiction),
          .recipient_tz = std::move(tz), .sent_at = At(sent_at)};
}

// Offsets from the tz database's rules for 2026, written out by hand.
TEST(SpamOracleTest, LocalTimeFollowsDaylightSaving) {
  const std::string ny = "America/New_York";
  EXPECT_EQ(LocalTimeOfDay(At("2026-03-08T06:30:00Z"), ny), Clock(1, 30, 0));    // EST
  EXPECT_EQ(LocalTimeOfDay(At("2026-03-08T07:00:00Z"), ny), Clock(3, 0, 0));     // EDT
  EXPECT_EQ(LocalTimeOfDay(At("2026-03-08T11:59:59Z"), ny), Clock(7, 59, 59));
  EXPECT_EQ(LocalTimeOfDay(At("2026-03-08T12:00:00Z"), ny), Clock(8, 0, 0));
  EXPECT_EQ(LocalTimeOfDay(At("2026-11-01T05:30:00Z"), ny), Clock(1, 30, 0));    // EDT
  EXPECT_EQ(LocalTimeOfDay(At("2026-11-01T06:30:00Z"), ny), Clock(1, 30, 0));    // EST
  EXPECT_EQ(LocalTimeOfDay(At("2026-11-02T01:59:59.75Z"), ny), Clock(20, 59, 59));
  EXPECT_EQ(LocalTimeOfDay(At("2026-03-02T09:00:00Z"), "America/Chicago"), Clock(3, 0, 0));
  EXPECT_EQ(LocalTimeOfDay(At("2026-07-01T09:00:00Z"), "Pacific/Honolulu"), Clock(23, 0, 0));
}

TEST(SpamOracleTest, AtLocalIsTheInverse) {
  const auto day = std::chrono::sys_days{std::chrono::year{2026} / 3 / 8};
  EXPECT_EQ(AtLocal("America/New_York", day, Clock(8, 0, 0)), At("2026-03-08T12:00:00Z"));
  EXPECT_EQ(AtLocal("America/New_York", day, Clock(1, 0, 0)), At("2026-03-08T06:00:00Z"));
  const auto fall = std::chrono::sys_days{std::chrono::year{2026} / 11 / 1};
  EXPECT_EQ(AtLocal("America/New_York", fall, Clock(1, 30, 0)), At("2026-11-01T05:30:00Z"));
}

TEST(SpamOracleTest, QuietHoursEdges) {
  struct Case {
    MessageFacts m;
    bool flagged;
  };
  const Case cases[] = {
      // US-NY: the US window 08-21 in New York, across the spring switch.
      {Text("US-NY", "2026-03-08T11:59:59Z"), true},   // 07:59:59 EDT
      {Text("US-NY", "2026-03-08T12:00:00Z"), false},  // 08:00:00 EDT
      {Text("US-NY", "2026-03-09T00:59:59Z"), false},  // 20:59:59 EDT
      {Text("US-NY", "2026-03-09T01:00:00Z"), true},   // 21:00:00 EDT
      {Text("US-NY", "2026-03-07T12:30:00Z"), true},   // 07:30 EST
      // ... and the autumn one.
      {Text("US-NY", "2026-11-01T12:59:59Z"), true},   // 07:59:59 EST
      {Text("US-NY", "2026-11-01T13:00:00Z"), false},  // 08:00:00 EST
      {Text("US-NY", "2026-11-02T01:59:59Z"), false},  // 20:59:59 EST
      {Text("US-NY", "2026-11-02T02:00:00Z"), true},   // 21:00:00 EST
      // Florida ends at 20:00 in New York time; Oklahoma in Chicago time; Texas at 21:00.
      {Text("US-FL", "2026-03-08T23:59:59Z"), false},  // 19:59:59 EDT
      {Text("US-FL", "2026-03-09T00:00:00Z"), true},   // 20:00:00 EDT
      {Text("US-OK", "2026-03-10T00:59:59Z"), false},  // 19:59:59 CDT
      {Text("US-OK", "2026-03-10T01:00:00Z"), true},   // 20:00:00 CDT
      {Text("US-TX", "2026-03-10T01:00:00Z"), false},  // 20:00:00 CDT
      {Text("US-TX", "2026-03-10T02:00:00Z"), true},   // 21:00:00 CDT
      {Text("US-MD", "2026-03-03T08:00:00Z"), true},   // 03:00 EST
      // recipient_tz wins over the subdivision's zone; the window stays the jurisdiction's.
      {Text("US-FL", "2026-03-10T00:30:00Z"), true},                      // 20:30 EDT
      {Text("US-FL", "2026-03-10T00:30:00Z", "America/Chicago"), false},  // 19:30 CDT
      {Text("US", "2026-03-10T17:59:59Z", "Pacific/Honolulu"), true},     // 07:59:59 HST
      {Text("US", "2026-03-10T18:00:00Z", "Pacific/Honolulu"), false},
      {Text("US-NY", "2026-03-10T03:59:59Z"), true},                          // 23:59:59 EDT
      {Text("US-NY", "2026-03-10T03:59:59Z", "America/Los_Angeles"), false},  // 20:59:59 PDT
      // "US" alone: flagged only when it is night in every US zone.
      {Text("US", "2026-03-04T09:30:00Z"), true},   // NY 04:30, Honolulu 23:30
      {Text("US", "2026-03-04T02:30:00Z"), false},  // NY 21:30, Chicago 20:30
      {Text("US", "2026-03-06T12:30:00Z"), true},   // NY 07:30 EST, Honolulu 02:30
      {Text("US", "2026-03-09T12:30:00Z"), false},  // NY 08:30 EDT
      {Text("US", "2026-03-04T14:00:00Z"), false},  // NY 09:00, Honolulu 04:00
      // Not judged: other jurisdictions.
      {Text("DK", "2026-03-04T02:00:00Z"), false},
      {Text("CA", "2026-03-04T08:00:00Z"), false},
      {Text("", "2026-03-04T09:30:00Z"), false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(BreaksQuietHours(c.m), c.flagged)
        << c.m.jurisdiction << " " << c.m.recipient_tz << " " << FormatRfc3339(c.m.sent_at);
  }
}

TEST(SpamOracleTest, QuietHoursJudgeOnlyMarketingCallsAndTexts) {
  MessageFacts night = Text("US-NY", "2026-03-04T08:00:00Z");  // 03:00 EST
  EXPECT_TRUE(BreaksQuietHours(night));
  for (const char* channel : {"voice", "mms"}) {
    night.channel = channel;
    EXPECT_TRUE(BreaksQuietHours(night)) << channel;
  }
  for (const char* channel : {"email", "push", "whatsapp", "in_app", "letter"}) {
    night.channel = channel;
    EXPECT_FALSE(BreaksQuietHours(night)) << channel;
  }
  night.channel = "sms";
  night.purpose = "marketing";
  EXPECT_TRUE(BreaksQuietHours(night));
  for (const char* purpose : {"essential.service.transactional", "essential.service.account",
                              "marketingish"}) {
    night.purpose = purpose;
    EXPECT_FALSE(BreaksQuietHours(night)) << purpose;
  }
}

std::vector<bool> Capped(std::vector<MessageFacts> messages) {
  return BreaksFrequencyCap(messages);
}

TEST(SpamOracleTest, CapCountsTheLast24HoursIncludingItself) {
  const auto fourth_at = [](const std::string& t) {
    return Capped({Text("US-FL", "2026-03-04T14:00:00Z"), Text("US-FL", "2026-03-04T15:00:00Z"),
                   Text("US-FL", "2026-03-04T16:00:00Z"), Text("US-FL", t)});
  };
  EXPECT_EQ(fourth_at("2026-03-05T13:59:59Z"), (std::vector<bool>{false, false, false, true}));
  EXPECT_EQ(fourth_at("2026-03-05T14:00:00Z"), (std::vector<bool>{false, false, false, false}));
  // Truncated to the second: the first at .9 s drops out at the same whole second 24 h later.
  EXPECT_EQ(Capped({Text("US-MD", "2026-03-04T14:00:00.9Z"),
                    Text("US-MD", "2026-03-04T15:00:00Z"), Text("US-MD", "2026-03-04T16:00:00Z"),
                    Text("US-MD", "2026-03-05T14:00:00.1Z")}),
            (std::vector<bool>{false, false, false, false}));
  // One second holding the 3rd, 4th and 5th: all three are over (order does not matter).
  EXPECT_EQ(Capped({Text("US-OK", "2026-03-04T16:00:00Z"), Text("US-OK", "2026-03-04T16:00:00Z"),
                    Text("US-OK", "2026-03-04T14:00:00Z"), Text("US-OK", "2026-03-04T16:00:00Z"),
                    Text("US-OK", "2026-03-04T15:00:00Z")}),
            (std::vector<bool>{true, true, false, true, false}));
}

TEST(SpamOracleTest, SubjectMatterDropsAChannelSegment) {
  EXPECT_EQ(SubjectMatter("marketing.communications.sms"), "marketing.communications");
  EXPECT_EQ(SubjectMatter("marketing.communications.voice"), "marketing.communications");
  EXPECT_EQ(SubjectMatter("marketing.communications"), "marketing.communications");
  EXPECT_EQ(SubjectMatter("marketing.advertising"), "marketing.advertising");
  EXPECT_EQ(SubjectMatter("marketing"), "marketing");
}

TEST(SpamOracleTest, CapScopeIsTenantRecipientSubjectMatterAcrossCallsAndTexts) {
  std::vector<MessageFacts> m;
  const char* channels[] = {"sms", "voice", "email", "mms", "sms"};
  for (int i = 0; i < 5; ++i) {
    m.push_back(Text("US-FL", "2026-03-04T1" + std::to_string(i) + ":00:00Z"));
    m.back().channel = channels[i];
    m.back().purpose = "marketing.communications";
  }
  EXPECT_EQ(Capped(m), (std::vector<bool>{false, false, false, false, true}));
  m[4].purpose = "marketing.advertising";  // another subject matter
  EXPECT_EQ(Capped(m), (std::vector<bool>{false, false, false, false, false}));
  m[4].purpose = "marketing.communications.sms";  // the same one, named for its channel
  EXPECT_EQ(Capped(m), (std::vector<bool>{false, false, false, false, true}));
  m[4].purpose = "marketing.communications";
  m[4].tenant = "globex";
  EXPECT_EQ(Capped(m), (std::vector<bool>{false, false, false, false, false}));
  m[4].tenant = "acme";
  m[4].subject = "t";
  EXPECT_EQ(Capped(m), (std::vector<bool>{false, false, false, false, false}));
  m[4].subject = "s";
  m[2].channel = "voice";  // now four calls and texts before the 5th
  EXPECT_EQ(Capped(m), (std::vector<bool>{false, false, false, true, true}));
  m[3].purpose = "essential.service.transactional";  // receipts are neither judged nor counted
  EXPECT_EQ(Capped(m), (std::vector<bool>{false, false, false, false, true}));
  for (auto& f : m) f.jurisdiction = "US-NY";  // no cap outside FL, MD, OK
  EXPECT_EQ(Capped(m), (std::vector<bool>(5, false)));
}

TEST(SpamOracleTest, UsZonesAreDistinctAndSpanHawaiiToNewYork) {
  std::vector<std::string_view> zones(std::begin(kUsZones), std::end(kUsZones));
  std::sort(zones.begin(), zones.end());
  EXPECT_EQ(std::adjacent_find(zones.begin(), zones.end()), zones.end());
  EXPECT_EQ(zones.size(), 29u);
  for (std::string_view zone : kUsZones) LocalTimeOfDay(At("2026-03-04T00:00:00Z"), zone);
}

}  // namespace
}  // namespace consentry::gen_internal
