#include "detectors/policy.h"

#include <gtest/gtest.h>

#include <chrono>

#include "detectors/calendar/business_days.h"
#include "detectors/testing/events.h"

namespace consentry {
namespace {

using Chain = std::vector<std::string>;

using testing::Days;

TEST(PolicySetTest, ChainResolvesSubdivisionsAndRegions) {
  PolicySet set;
  set.AddRegion("EU", {"DK", "FR"});
  EXPECT_EQ(set.Chain("US-FL"), (Chain{"US-FL", "US", "default"}));
  EXPECT_EQ(set.Chain("US"), (Chain{"US", "default"}));
  EXPECT_EQ(set.Chain("DK"), (Chain{"DK", "EU", "default"}));
  EXPECT_EQ(set.Chain("FR-75"), (Chain{"FR-75", "FR", "EU", "default"}));
  EXPECT_EQ(set.Chain(""), (Chain{"default"}));
  EXPECT_EQ(set.Chain("JP"), (Chain{"JP", "default"}));
}

TEST(PolicySetTest, ForPicksTheMostSpecificExistingPolicy) {
  PolicySet set;
  ASSERT_TRUE(set.Add({.name = "default"}).ok());
  ASSERT_TRUE(set.Add({.name = "US"}).ok());
  ASSERT_TRUE(set.Add({.name = "US-FL"}).ok());
  ASSERT_TRUE(set.Add({.name = "EU"}).ok());
  set.AddRegion("EU", {"DK"});
  EXPECT_EQ(set.For("US-FL").name, "US-FL");
  EXPECT_EQ(set.For("US-MD").name, "US");
  EXPECT_EQ(set.For("DK").name, "EU");
  EXPECT_EQ(set.For("JP").name, "default");
  EXPECT_EQ(set.For("").name, "default");
}

TEST(PolicySetTest, DefaultPolicyIsRequired) {
  PolicySet set;
  ASSERT_TRUE(
      set.Add({.name = "US", .withdrawal_window = HonouringWindow::CalendarTime(Days(10))}).ok());
  EXPECT_EQ(set.Validate().code(), StatusCode::kFailedPrecondition);
  // Even unvalidated, For() never crashes: it falls back to honouring at once.
  EXPECT_EQ(set.For("JP").WithdrawalWindow(Channel::kSms), HonouringWindow::Immediate());
  ASSERT_TRUE(set.Add({.name = "default"}).ok());
  EXPECT_TRUE(set.Validate().ok());
}

TEST(PolicySetTest, AddRejectsBadPolicies) {
  PolicySet set;
  EXPECT_EQ(set.Add({.name = ""}).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(set.Add({.name = "default"}).ok());
  EXPECT_EQ(set.Add({.name = "default"}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(set.Add({.name = "US", .withdrawal_window = HonouringWindow::CalendarTime(
                                       Duration(-1))})
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(set.Add({.name = "CA",
                     .withdrawal_window_by_channel = {
                         {Channel::kSms, HonouringWindow::CalendarTime(-Days(1))}}})
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(PolicySetTest, AddChecksBusinessDayWindowsCalendarsAndZones) {
  PolicySet set;
  const auto add = [&set](Policy p) { return set.Add(std::move(p)); };
  const Status no_calendar =
      add({.name = "US", .withdrawal_window = HonouringWindow::BusinessDays(10)});
  EXPECT_EQ(no_calendar.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_calendar.message().find("set `calendar`"), std::string::npos);
  const Status unknown_calendar = add({.name = "US", .calendar = "XX"});
  EXPECT_EQ(unknown_calendar.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown_calendar.message().find("\"XX\""), std::string::npos);
  const Status unknown_zone = add({.name = "US", .calendar = "US", .time_zone = "US/Nowhere"});
  EXPECT_EQ(unknown_zone.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown_zone.message().find("US/Nowhere"), std::string::npos);
  EXPECT_EQ(add({.name = "US",
                 .withdrawal_window = HonouringWindow::BusinessDays(kMaxBusinessDays + 1),
                 .calendar = "US"})
                .code(),
            StatusCode::kInvalidArgument);
  Policy implied{.name = "CA"};
  implied.implied_consent_expiry = {.enabled = true, .inquiry_months = 0};
  EXPECT_EQ(add(implied).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(add({.name = "US",
                   .withdrawal_window = HonouringWindow::BusinessDays(10),
                   .calendar = "US",
                   .time_zone = "America/New_York"})
                  .ok());
}

TEST(PolicyTest, WindowAndClauseByChannelOverrideTheDefault) {
  using Kind = Policy::ClauseKind;
  Policy p{.name = "US",
           .withdrawal_window = HonouringWindow::CalendarTime(Days(3)),
           .withdrawal_window_by_channel = {{Channel::kSms, HonouringWindow::BusinessDays(10)}},
           .withdrawal_clause = {{"r", "general"}, Kind::kConsentryPolicy},
           .withdrawal_clause_by_channel = {{Channel::kSms, {{"r", "FCC 24-24"}, Kind::kLaw}}}};
  EXPECT_EQ(p.WithdrawalWindow(Channel::kSms), HonouringWindow::BusinessDays(10));
  EXPECT_EQ(p.WithdrawalWindow(Channel::kPush), HonouringWindow::CalendarTime(Days(3)));
  EXPECT_EQ(p.WithdrawalClause(Channel::kSms).clause.source, "FCC 24-24");
  EXPECT_EQ(p.WithdrawalClause(Channel::kSms).kind, Kind::kLaw);
  EXPECT_EQ(p.WithdrawalClause(Channel::kPush).clause.source, "general");
}

TEST(PolicyTest, ConsentRequirementByChannel) {
  using Kind = Policy::ClauseKind;
  Policy p{.name = "EU",
           .consent_clause = {{"needs consent", "ePrivacy art. 13"}, Kind::kLaw},
           .consent_by_channel = {{Channel::kLetter,
                                   {.required = false,
                                    .clause = {{"letters need none", "outside art. 13"},
                                               Kind::kLaw}}}}};
  EXPECT_TRUE(p.ConsentRequired(Channel::kEmail));
  EXPECT_EQ(p.ConsentClause(Channel::kEmail).clause.source, "ePrivacy art. 13");
  EXPECT_FALSE(p.ConsentRequired(Channel::kLetter));
  EXPECT_EQ(p.ConsentClause(Channel::kLetter).clause.rule, "letters need none");
}

TEST(PolicyTest, NotAConsentBasisOnlyOnItsChannels) {
  Policy p{.name = "US",
           .consent_by_channel = {
               {Channel::kSms,
                {.not_a_consent_basis = {LegalBasis::kExistingRelationship},
                 .not_a_consent_basis_clause = {{"EBR is not consent", "47 CFR 64.1200(f)(5)"},
                                                Policy::ClauseKind::kLaw}}}}};
  const Policy::CitedClause* why =
      p.NotAConsentBasis(Channel::kSms, LegalBasis::kExistingRelationship);
  ASSERT_NE(why, nullptr);
  EXPECT_EQ(why->clause.source, "47 CFR 64.1200(f)(5)");
  EXPECT_EQ(p.NotAConsentBasis(Channel::kSms, LegalBasis::kConsent), nullptr);
  EXPECT_EQ(p.NotAConsentBasis(Channel::kSms, std::nullopt), nullptr);
  EXPECT_EQ(p.NotAConsentBasis(Channel::kEmail, LegalBasis::kExistingRelationship), nullptr);
}

TEST(PolicyTest, RevokeAllAppliesFromItsDateOnItsChannels) {
  const Timestamp from = FromMicros(1'800'000'000'000'000);
  Policy p{.name = "US"};
  EXPECT_FALSE(p.RevokeAllApplies(Channel::kSms, from));  // no date: never
  p.revoke_all = {.from = from, .channels = {Channel::kSms, Channel::kVoice}};
  EXPECT_FALSE(p.RevokeAllApplies(Channel::kSms, from - Duration(1)));
  EXPECT_TRUE(p.RevokeAllApplies(Channel::kSms, from));
  EXPECT_TRUE(p.RevokeAllApplies(Channel::kVoice, from + Days(1)));
  EXPECT_FALSE(p.RevokeAllApplies(Channel::kEmail, from + Days(1)));
}

TEST(PolicyTest, ClauseKindNamesRoundTrip) {
  using Kind = Policy::ClauseKind;
  for (Kind k : {Kind::kLaw, Kind::kGuidance, Kind::kProviderPolicy, Kind::kConsentryPolicy}) {
    EXPECT_EQ(Policy::ParseKind(Policy::KindName(k)), k);
  }
  EXPECT_EQ(Policy::KindName(Kind::kProviderPolicy), "provider_policy");
  EXPECT_EQ(Policy::ParseKind("statute"), std::nullopt);
}

TEST(PolicySetTest, CustomCalendars) {
  PolicySet set;
  EXPECT_NE(set.Calendar("US"), nullptr);  // built-ins are always there
  EXPECT_EQ(set.Calendar("XX"), nullptr);
  ASSERT_TRUE(set.AddCalendar(HolidayCalendar("XX", "test", {HolidayRule::Fixed("x", 1, 2)})).ok());
  ASSERT_NE(set.Calendar("XX"), nullptr);
  EXPECT_EQ(set.Calendar("XX")->source(), "test");
  EXPECT_EQ(set.AddCalendar(HolidayCalendar("XX", "again", {})).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(set.AddCalendar(HolidayCalendar("US", "shadow", {})).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(set.AddCalendar(HolidayCalendar("", "", {})).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(set.Add({.name = "XX",
                       .withdrawal_window = HonouringWindow::BusinessDays(1),
                       .calendar = "XX"})
                  .ok());
}

TEST(PolicySetTest, WithdrawalDeadlineByWindowKind) {
  PolicySet set;
  ASSERT_TRUE(set.AddCalendar(HolidayCalendar("XX", "test", {HolidayRule::Fixed("x", 3, 3)})).ok());
  Policy p{.name = "XX",
           .withdrawal_window = HonouringWindow::BusinessDays(1),
           .withdrawal_window_by_channel = {
               {Channel::kEmail, HonouringWindow::CalendarTime(std::chrono::hours(36))},
               {Channel::kPush, HonouringWindow::Immediate()}},
           .calendar = "XX"};
  ASSERT_TRUE(set.Add(p).ok());
  const Policy& added = set.For("XX");
  // Monday 2 March 2026, UTC: Tuesday 3 March is the calendar's holiday, so Wednesday counts.
  const Timestamp decided = testing::T("2026-03-02T10:00:00Z");
  EXPECT_EQ(set.WithdrawalDeadline(added, Channel::kSms, decided).value(),
            testing::T("2026-03-05T00:00:00Z"));
  EXPECT_EQ(set.WithdrawalDeadline(added, Channel::kEmail, decided).value(),
            testing::T("2026-03-03T22:00:00Z"));
  EXPECT_EQ(set.WithdrawalDeadline(added, Channel::kPush, decided).value(), decided);
  // A policy that never went through Add may name a calendar that does not exist.
  Policy stray = p;
  stray.calendar = "YY";
  EXPECT_EQ(set.WithdrawalDeadline(stray, Channel::kSms, decided).status().code(),
            StatusCode::kNotFound);
}

// ---- Quiet hours
Policy::QuietHours Window(std::vector<Channel> channels, int from, int to,
                          std::optional<Timestamp> in_force_from = std::nullopt) {
  return {.channels = std::move(channels),
          .from_minute = from,
          .to_minute = to,
          .in_force_from = in_force_from,
          .clause = {{"quiet hours", "test"}, Policy::ClauseKind::kLaw}};
}

TEST(PolicySetTest, QuietHoursComeFromTheMostSpecificPolicyThatHasThem) {
  PolicySet set;
  ASSERT_TRUE(set.Add({.name = "default"}).ok());
  Policy us{.name = "US"};
  us.quiet_hours = {Window({Channel::kSms, Channel::kVoice}, 480, 1260)};
  ASSERT_TRUE(set.Add(std::move(us)).ok());
  Policy fl{.name = "US-FL"};
  fl.quiet_hours = {Window({Channel::kVoice}, 480, 1200)};
  ASSERT_TRUE(set.Add(std::move(fl)).ok());
  const Timestamp t = testing::T("2026-01-01T00:00:00Z");
  EXPECT_EQ(set.QuietHoursPolicy("US-FL", Channel::kVoice, t)->name, "US-FL");
  // US-FL says nothing about texts: the US window applies, unlike For().
  EXPECT_EQ(set.QuietHoursPolicy("US-FL", Channel::kSms, t)->name, "US");
  EXPECT_EQ(set.For("US-FL").name, "US-FL");
  EXPECT_EQ(set.QuietHoursPolicy("US-FL", Channel::kEmail, t), nullptr);
  EXPECT_EQ(set.QuietHoursPolicy("", Channel::kSms, t), nullptr);
}

TEST(PolicyTest, QuietHoursInForceFromTheirDateTheLatestWins) {
  Policy p{.name = "US-MD"};
  const Timestamp from = testing::T("2024-01-01T05:00:00Z");
  p.quiet_hours = {Window({Channel::kSms}, 480, 1260), Window({Channel::kSms}, 480, 1200, from)};
  EXPECT_EQ(p.QuietHoursFor(Channel::kSms, from - Duration(1))->to_minute, 1260);
  EXPECT_EQ(p.QuietHoursFor(Channel::kSms, from)->to_minute, 1200);
  p.quiet_hours.erase(p.quiet_hours.begin());
  EXPECT_EQ(p.QuietHoursFor(Channel::kSms, from - Duration(1)), nullptr);
  EXPECT_EQ(p.QuietHoursFor(Channel::kVoice, from), nullptr);
}

TEST(PolicySetTest, AddRejectsBadQuietHours) {
  const auto add = [](Policy::QuietHours q, std::vector<Policy::QuietHours> more = {}) {
    PolicySet set;
    Policy p{.name = "US"};
    p.quiet_hours = {std::move(q)};
    for (auto& m : more) p.quiet_hours.push_back(std::move(m));
    return set.Add(std::move(p));
  };
  EXPECT_TRUE(add(Window({Channel::kSms}, 0, 1440)).ok());
  EXPECT_EQ(add(Window({Channel::kSms}, 1260, 480)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(add(Window({Channel::kSms}, 480, 480)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(add(Window({Channel::kSms}, -1, 480)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(add(Window({Channel::kSms}, 480, 1441)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(add(Window({}, 480, 1260)).code(), StatusCode::kInvalidArgument);
  Policy::QuietHours uncited = Window({Channel::kSms}, 480, 1260);
  uncited.clause = {};
  EXPECT_EQ(add(uncited).code(), StatusCode::kInvalidArgument);
  const Status twice =
      add(Window({Channel::kSms}, 480, 1260), {Window({Channel::kVoice, Channel::kSms}, 0, 60)});
  EXPECT_EQ(twice.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(twice.message().find("names channel sms twice"), std::string::npos);
  // The same channel from a later date is a new rule, not a duplicate.
  EXPECT_TRUE(add(Window({Channel::kSms}, 480, 1260),
                  {Window({Channel::kSms}, 480, 1200, testing::T("2024-01-01T05:00:00Z"))})
                  .ok());
}
// ---- end of quiet hours

}  // namespace
}  // namespace consentry
