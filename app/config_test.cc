#include "app/config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "detectors/testing/events.h"

namespace consentry {
namespace {

constexpr char kMinimal[] = R"(kafka:
  bootstrap.servers: 127.0.0.1:9092
detectors:
  consent.missing: {}
  consent.withdrawn: {}
)";

// Expects ParseConfig(yaml) to fail with a message containing every one of `parts`.
void ExpectError(const std::string& yaml, std::vector<std::string> parts) {
  auto c = ParseConfig(yaml, "configs/x.yaml");
  ASSERT_FALSE(c.ok()) << yaml;
  for (const auto& p : parts) {
    EXPECT_NE(c.status().message().find(p), std::string::npos)
        << "missing '" << p << "' in: " << c.status().message();
  }
}

TEST(ConfigTest, MinimalConfigGetsDefaults) {
  auto c = ParseConfig(kMinimal, "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->kafka.at("bootstrap.servers"), "127.0.0.1:9092");
  EXPECT_EQ(c->topics.outbound, "comms.outbound");
  EXPECT_EQ(c->partitions, 4);
  EXPECT_EQ(c->allowed_lateness, std::chrono::seconds(5));
  ASSERT_EQ(c->detectors.size(), 2u);
  auto detectors = MakeDetectors(*c);
  ASSERT_TRUE(detectors.ok());
  EXPECT_EQ((*detectors)[0]->Name(), "consent.missing");
}

TEST(ConfigTest, ShippedConfigIsValid) {
  auto c = LoadConfig(std::string(CONSENTRY_SOURCE_DIR) + "/configs/consentry.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  std::vector<std::string> names;
  for (const auto& [name, params] : c->detectors) names.push_back(name);
  for (const char* consent : {"consent.missing", "consent.expired", "consent.third_party_unnamed",
                              "consent.withdrawn"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), consent), names.end()) << consent;
  }
}

TEST(ConfigTest, ErrorsNameFileLineAndFix) {
  ExpectError(std::string(kMinimal) + "detecors: {}\n", {"configs/x.yaml:6:", "unknown key 'detecors'", "detectors"});
  ExpectError("detectors:\n  consent.missin: {}\n", {"configs/x.yaml:2:", "consent.missin", "consent.missing"});
  ExpectError("detectors: {consent.missing: {}}\nprocessing:\n  allowed_lateness: soon\n",
              {"configs/x.yaml:3:", "not a duration", "5s"});
  ExpectError("detectors: {consent.missing: {}}\nprocessing:\n  guarantee: exactly_once\n",
              {":3:", "at_least_once"});
  ExpectError("detectors: {consent.missing: {}}\npartitions: 0\n", {":2:", "partitions"});
  ExpectError("detectors: [a, b\n", {"configs/x.yaml:", "not valid YAML"});
  ExpectError("kafka:\n  bootstrap.servers: x\n", {"no `detectors:` section"});
  ExpectError("kafka:\n  no.such.setting: 1\ndetectors: {consent.missing: {}}\n", {":2:", "no.such.setting"});
  ExpectError("detectors:\n  consent.missing:\n    threshold: 3\n", {":2:", "threshold"});
}

TEST(ConfigTest, PoliciesAndTaxonomyReplaceTheDefaults) {
  auto c = ParseConfig(std::string(kMinimal) + R"yaml(taxonomy:
  marketing: {needs_consent: {default: true}}
  essential: {needs_consent: {default: false}}
policies:
  default:
    withdrawal_window: 1d
    withdrawal_clause: {rule: "honour a withdrawal at once", source: "GDPR art. 7(3)"}
    consent_clause: {rule: "marketing needs prior consent", source: "GDPR art. 6"}
  US:
    withdrawal_window: 10d
    withdrawal_window_by_channel: {email: 3d}
    withdrawal_clause: {rule: "honour within 10 days", source: "FCC order 24-24"}
    consent_clause: {rule: "texts need prior express consent", source: "47 CFR 64.1200"}
regions:
  NA: [US, CA]
)yaml", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->policies.For("US").WithdrawalWindow(Channel::kEmail),
            HonouringWindow::CalendarTime(std::chrono::hours(72)));
  EXPECT_EQ(c->policies.For("US").WithdrawalWindow(Channel::kSms),
            HonouringWindow::CalendarTime(std::chrono::hours(240)));
  // Clauses without a kind are law, as before kinds existed.
  EXPECT_EQ(c->policies.For("US").withdrawal_clause.kind, Policy::ClauseKind::kLaw);
  EXPECT_EQ(c->policies.For("DK").name, "default");
  EXPECT_TRUE(c->taxonomy.NeedsConsent("marketing.communications.sms", {"default"}));
  EXPECT_FALSE(c->taxonomy.NeedsConsent("essential", {"default"}));
  ExpectError(std::string(kMinimal) + "policies:\n  US:\n    withdrawal_window_by_channel: {fax: 1d}\n",
              {":8:", "unknown channel 'fax'"});
  ExpectError(std::string(kMinimal) + "policies:\n  default:\n    withdrawal_window: 1d\n",
              {":7:", "policy default has no withdrawal_clause", "legal source"});
}

constexpr char kBusinessDayPolicies[] = R"yaml(policies:
  default:
    withdrawal_window: 0s
    withdrawal_clause: {rule: "honour at once", source: "consentry policy", kind: consentry_policy}
    consent_clause: {rule: "needs consent", source: "consentry policy", kind: consentry_policy}
  US:
    withdrawal_window: 10bd
    calendar: US
    time_zone: America/New_York
    withdrawal_window_by_channel: {push: 48h}
    withdrawal_clause: {rule: "honour within 10 business days", source: "consentry policy", kind: consentry_policy}
    withdrawal_clause_by_channel:
      sms: {rule: "honour a revocation", source: "47 CFR 64.1200(a)(10), (d)(3)"}
    consent_clause: {rule: "calls and texts need consent", source: "47 CFR 64.1200(a)(2)"}
    consent_by_channel:
      email:
        required: false
        clause: {rule: "opt-out regime", source: "CAN-SPAM 15 U.S.C. 7704(a)(4)(A)"}
      sms:
        clause: {rule: "texts need consent", source: "47 CFR 64.1200(a)(2)"}
        not_a_consent_basis: [existing_relationship]
        not_a_consent_basis_clause: {rule: "EBR is not consent", source: "47 CFR 64.1200(f)(5)"}
    revoke_all:
      from: 2027-01-31
      channels: [voice, sms, mms]
      clause: {rule: "revoke-all", source: "47 CFR 64.1200(a)(10)"}
    third_party_consent: {must_name_sender: false}
  CA:
    withdrawal_window: 10bd
    calendar: CA
    time_zone: America/Toronto
    withdrawal_clause: {rule: "unsubscribe within 10 business days", source: "CASL s. 11(3)"}
    consent_clause: {rule: "CEMs need consent", source: "CASL s. 6(1)"}
    implied_consent_expiry:
      inquiry_months: 3
      clause: {rule: "implied consent lapses", source: "CASL s. 10(10)"}
    third_party_consent:
      clause: {rule: "name the sender", source: "UK ICO guidance", kind: guidance}
)yaml";

TEST(ConfigTest, BusinessDayWindowsAndPerChannelClauses) {
  auto c = ParseConfig(std::string(kMinimal) + kBusinessDayPolicies, "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Policy& us = c->policies.For("US-FL");
  EXPECT_EQ(us.WithdrawalWindow(Channel::kSms), HonouringWindow::BusinessDays(10));
  EXPECT_EQ(us.WithdrawalWindow(Channel::kPush),
            HonouringWindow::CalendarTime(std::chrono::hours(48)));
  EXPECT_EQ(us.calendar, "US");
  EXPECT_EQ(us.time_zone, "America/New_York");
  EXPECT_EQ(us.WithdrawalClause(Channel::kSms).clause.source, "47 CFR 64.1200(a)(10), (d)(3)");
  EXPECT_EQ(us.WithdrawalClause(Channel::kSms).kind, Policy::ClauseKind::kLaw);
  EXPECT_EQ(us.WithdrawalClause(Channel::kPush).kind, Policy::ClauseKind::kConsentryPolicy);
  EXPECT_FALSE(us.ConsentRequired(Channel::kEmail));
  EXPECT_TRUE(us.ConsentRequired(Channel::kSms));
  ASSERT_NE(us.NotAConsentBasis(Channel::kSms, LegalBasis::kExistingRelationship), nullptr);
  EXPECT_EQ(us.NotAConsentBasis(Channel::kSms, LegalBasis::kExistingRelationship)->clause.source,
            "47 CFR 64.1200(f)(5)");
  ASSERT_TRUE(us.revoke_all.from.has_value());
  EXPECT_EQ(*us.revoke_all.from, testing::T("2027-01-31T05:00:00Z"));  // midnight in New York
  EXPECT_TRUE(us.RevokeAllApplies(Channel::kMms, testing::T("2027-02-01T00:00:00Z")));
  EXPECT_FALSE(us.third_party.must_name_sender);
  // The deadline is counted with the US calendar: Thanksgiving 2026 lengthens the window.
  EXPECT_EQ(c->policies.WithdrawalDeadline(us, Channel::kSms, testing::T("2026-11-25T15:00:00Z"))
                .value(),
            testing::T("2026-12-11T05:00:00Z"));
  const Policy& ca = c->policies.For("CA");
  EXPECT_TRUE(ca.implied_consent_expiry.enabled);
  EXPECT_EQ(ca.implied_consent_expiry.inquiry_months, 3);
  EXPECT_EQ(ca.implied_consent_expiry.purchase_months, 24);
  EXPECT_TRUE(ca.third_party.must_name_sender);
  EXPECT_EQ(ca.third_party.clause.kind, Policy::ClauseKind::kGuidance);
  EXPECT_FALSE(c->policies.For("").implied_consent_expiry.enabled);
}

CivilDay Day(int y, unsigned m, unsigned d) {
  return CivilDay(std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d});
}

// `policies:` with one US policy whose body is `body` (indented four spaces), after kMinimal.
std::string UsPolicy(const std::string& body) {
  return std::string(kMinimal) +
         "policies:\n  default:\n"
         "    withdrawal_clause: {rule: r, source: s}\n    consent_clause: {rule: r, source: s}\n"
         "  US:\n"
         "    withdrawal_clause: {rule: r, source: s}\n    consent_clause: {rule: r, source: s}\n" +
         body;
}

TEST(ConfigTest, PolicyErrorsNameTheLineAndTheFix) {
  // Line 13 is the first line of `body`; line 10 is `US:`.
  ExpectError(UsPolicy("    withdrawal_window: 10bd\n"), {"x.yaml:10:", "set `calendar`"});
  ExpectError(UsPolicy("    calendar: XX\n"), {":13:", "calendar \"XX\"", "GB-EAW"});
  ExpectError(UsPolicy("    time_zone: America/Nowhere\n"),
              {":13:", "America/Nowhere", "America/New_York"});
  ExpectError(UsPolicy("    withdrawal_window: 10 business days\n"), {":13:", "10bd"});
  ExpectError(UsPolicy("    withdrawal_window: 400bd\n"), {":13:", "1 to 366 business days"});
  ExpectError(UsPolicy("    withdrawal_window: 0bd\n"), {":13:", "1 to 366"});
  ExpectError(UsPolicy("    withdrawal_clause_by_channel:\n"
                       "      sms: {rule: r, source: s, kind: statute}\n"),
              {":14:", "unknown clause kind 'statute'", "provider_policy"});
  ExpectError(UsPolicy("    consent_by_channel: {fax: {clause: {rule: r, source: s}}}\n"),
              {":13:", "unknown channel 'fax'"});
  ExpectError(UsPolicy("    consent_by_channel: {sms: {required: false}}\n"),
              {":13:", "has no clause"});
  ExpectError(UsPolicy("    consent_by_channel:\n      sms:\n        clause: {rule: r, source: s}\n"
                       "        not_a_consent_basis: [ebr]\n"),
              {":16:", "unknown legal basis 'ebr'", "existing_relationship"});
  ExpectError(UsPolicy("    consent_by_channel:\n      sms:\n        clause: {rule: r, source: s}\n"
                       "        not_a_consent_basis: [existing_relationship]\n"),
              {"has no not_a_consent_basis_clause"});
  ExpectError(UsPolicy("    revoke_all: {channels: [sms], clause: {rule: r, source: s}}\n"),
              {":13:", "has no `from`", "2027-01-31"});
  ExpectError(UsPolicy("    revoke_all: {from: soon, channels: [sms],\n"
                       "                 clause: {rule: r, source: s}}\n"),
              {":13:", "revoke_all.from", "2027-01-31"});
  ExpectError(UsPolicy("    revoke_all:\n      from: 2027-01-31\n      channels: []\n"
                       "      clause: {rule: r, source: s}\n"),
              {":15:", "non-empty list of channels"});
  ExpectError(UsPolicy("    implied_consent_expiry: {purchase_months: 24}\n"),
              {":13:", "has no clause"});
  ExpectError(UsPolicy("    implied_consent_expiry:\n      purchase_months: 0\n"
                       "      clause: {rule: r, source: s}\n"),
              {":14:", "purchase_months must be an integer from 1"});
  ExpectError(UsPolicy("    third_party_consent: {must_name_sender: maybe}\n"),
              {":13:", "must_name_sender must be true or false"});
  ExpectError(std::string(kMinimal) + "calendars: {XX: {source: s}}\n",
              {":6:", "calendars without policies"});
}

TEST(ConfigTest, AiDisclosureAndRuleClausesPerPolicy) {
  auto c = ParseConfig(UsPolicy("    ai_disclosure:\n"
                                "      required: false\n"
                                "      from: 2027-01-01T00:00:00Z\n"
                                "      text_clause: {rule: tell, source: house rule, "
                                "kind: consentry_policy}\n"
                                "    rule_clauses:\n"
                                "      unsubscribe: {rule: u, source: CAN-SPAM 7704(a)(3)}\n"),
                       "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Policy& us = c->policies.For("US");
  EXPECT_FALSE(us.ai_disclosure_required);
  EXPECT_EQ(us.ai_disclosure_from, testing::T("2027-01-01T00:00:00Z"));
  EXPECT_EQ(us.ai_text_clause.clause.source, "house rule");
  EXPECT_EQ(us.ai_text_clause.kind, Policy::ClauseKind::kConsentryPolicy);
  EXPECT_EQ(us.unsubscribe_clause.clause.source, "CAN-SPAM 7704(a)(3)");
  EXPECT_EQ(us.unsubscribe_clause.kind, Policy::ClauseKind::kLaw);
  // Not given: the consentry-policy defaults.
  EXPECT_EQ(us.suppression_clause.kind, Policy::ClauseKind::kConsentryPolicy);

  ExpectError(UsPolicy("    ai_disclosure: {from: August}\n"), {":13:", "2026-08-02T00:00:00Z"});
  ExpectError(UsPolicy("    rule_clauses: {unsubscribe_link: {rule: r, source: s}}\n"),
              {":13:", "unsubscribe_link", "campaign_scope"});
}

TEST(ConfigTest, CustomCalendars) {
  auto c = ParseConfig(std::string(kMinimal) + R"yaml(calendars:
  XX:
    source: "test holidays"
    holidays:
      - {name: New Year, date: 01-01, shift: next_free_weekday}
      - {name: Easter Monday, easter: 1}
      - {name: Thanksgiving, month: 11, weekday: thursday, nth: 4}
      - {name: Spring, month: 5, weekday: monday, nth: last}
      - {name: Victoria, month: 5, weekday: monday, on_or_before: 24, from_year: 2020, to_year: 2030}
policies:
  default:
    withdrawal_window: 2bd
    calendar: XX
    withdrawal_clause: {rule: r, source: s}
    consent_clause: {rule: r, source: s}
)yaml", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const HolidayCalendar* xx = c->policies.Calendar("XX");
  ASSERT_NE(xx, nullptr);
  EXPECT_EQ(xx->source(), "test holidays");
  std::vector<std::string> names;
  for (const Holiday& h : xx->HolidaysIn(2026)) names.push_back(h.name);
  EXPECT_EQ(names, (std::vector<std::string>{"New Year", "Easter Monday", "Victoria", "Spring",
                                             "Thanksgiving"}));
  EXPECT_TRUE(xx->IsHoliday(Day(2027, 1, 1)));
  EXPECT_TRUE(xx->IsHoliday(Day(2028, 1, 3)));  // 1 Jan 2028 is a Saturday
  EXPECT_FALSE(xx->IsHoliday(Day(2031, 5, 19)));  // Victoria only until 2030
}

TEST(ConfigTest, CalendarErrorsNameTheLineAndTheFix) {
  const auto calendar = [](const std::string& holiday) {
    return std::string(kMinimal) + "calendars:\n  XX:\n    source: s\n    holidays:\n      - " +
           holiday + "\npolicies:\n  default:\n    withdrawal_clause: {rule: r, source: s}\n" +
           "    consent_clause: {rule: r, source: s}\n";
  };
  ExpectError(calendar("{name: x, date: 13-01}"), {":10:", "not MM-DD", "12-25"});
  ExpectError(calendar("{name: x, date: 12-25, easter: 1}"), {":10:", "no single rule", "MM-DD"});
  ExpectError(calendar("{name: x}"), {":10:", "no single rule"});
  ExpectError(calendar("{name: x, month: 5, weekday: monday, nth: 6}"), {":10:", "nth"});
  ExpectError(calendar("{name: x, month: 5, weekday: lundi, nth: 1}"),
              {":10:", "unknown weekday 'lundi'"});
  ExpectError(calendar("{name: x, month: 5, weekday: monday}"), {":10:", "exactly one of `nth`"});
  ExpectError(calendar("{name: x, date: 12-25, shift: monday}"),
              {":10:", "unknown shift 'monday'", "next_free_weekday"});
  ExpectError(calendar("{name: x, date: 12-25, from_year: 2030, to_year: 2020}"),
              {":10:", "ends before it starts"});
  ExpectError(calendar("{name: x, date: 12-25, when: always}"), {":10:", "unknown key 'when'"});
  ExpectError(std::string(kMinimal) +
                  "calendars:\n  US:\n    source: s\npolicies:\n  default:\n"
                  "    withdrawal_clause: {rule: r, source: s}\n"
                  "    consent_clause: {rule: r, source: s}\n",
              {":7:", "calendar \"US\" already exists"});
}

TEST(ConfigTest, DurationsParse) {
  EXPECT_EQ(*ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(*ParseDuration("10d"), std::chrono::hours(240));
  EXPECT_FALSE(ParseDuration("10").ok());
  EXPECT_FALSE(ParseDuration("d").ok());
  EXPECT_FALSE(ParseDuration("-1s").ok());
}

TEST(ConfigTest, MissingFileIsAClearError) {
  auto c = LoadConfig("/nonexistent/consentry.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/nonexistent/consentry.yaml"), std::string::npos);
}

}  // namespace
}  // namespace consentry
