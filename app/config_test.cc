#include "app/config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <utility>

#include "app/command_util.h"
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
  EXPECT_TRUE(c->exactly_once);
  EXPECT_EQ(c->topics.sender_changelog, "consentry.by-sender.changelog");
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

TEST(ConfigTest, GuaranteeIsExactlyOnceOrAtLeastOnce) {
  auto c = ParseConfig(std::string(kMinimal) + "processing:\n  guarantee: at_least_once\n", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->exactly_once);
  c = ParseConfig(std::string(kMinimal) + "processing:\n  guarantee: exactly_once\n", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->exactly_once);
}

TEST(ConfigTest, LoggingLevelAndFormatAreReadAndChecked) {
  auto c = ParseConfig(kMinimal, "x.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->log_level.has_value());
  EXPECT_FALSE(c->log_format.has_value());
  c = ParseConfig(std::string(kMinimal) + "logging:\n  level: warn\n  format: json\n", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->log_level, log::Level::kWarn);
  EXPECT_EQ(c->log_format, log::Format::kJson);
  ExpectError(std::string(kMinimal) + "logging:\n  level: loud\n",
              {"configs/x.yaml:7:", "logging.level", "debug, info, warn, error or off"});
  ExpectError(std::string(kMinimal) + "logging:\n  format: xml\n",
              {"configs/x.yaml:7:", "logging.format", "text or json"});
  ExpectError(std::string(kMinimal) + "logging:\n  colour: red\n",
              {"configs/x.yaml:7:", "unknown key 'colour'"});
}

TEST(ConfigTest, HttpListenAddressIsReadAndChecked) {
  auto c = ParseConfig(kMinimal, "x.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->http_listen, "");
  c = ParseConfig(std::string(kMinimal) + "http:\n  listen: 0.0.0.0:9464\n", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->http_listen, "0.0.0.0:9464");
  ExpectError(std::string(kMinimal) + "http:\n  listen: 9464\n",
              {"configs/x.yaml:7:", "http.listen", "not HOST:PORT", "127.0.0.1:9464"});
  ExpectError(std::string(kMinimal) + "http:\n  port: 9464\n",
              {"configs/x.yaml:7:", "unknown key 'port'"});
}

TEST(ConfigTest, StateCacheBytesIsReadAndChecked) {
  auto c = ParseConfig(kMinimal, "x.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->state_cache_bytes, size_t{64} << 20);
  EXPECT_EQ(EngineOptionsFor(*c).cache_bytes, size_t{64} << 20);
  c = ParseConfig(std::string(kMinimal) + "processing:\n  state_cache_bytes: 0\n", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(EngineOptionsFor(*c).cache_bytes, 0u);
  ExpectError(std::string(kMinimal) + "processing:\n  state_cache_bytes: -1\n",
              {"configs/x.yaml:7:", "processing.state_cache_bytes"});
}

TEST(ConfigTest, EnginesIsReadAndChecked) {
  auto c = ParseConfig(kMinimal, "x.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->engines, 1);
  c = ParseConfig(std::string(kMinimal) + "processing:\n  engines: 2\n", "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->engines, 2);
  ExpectError(std::string(kMinimal) + "processing:\n  engines: 0\n",
              {"configs/x.yaml:7:", "processing.engines"});
  ExpectError(std::string(kMinimal) + "processing:\n  engines: 65\n",
              {"configs/x.yaml:7:", "processing.engines"});
}

TEST(ConfigTest, MaxWaitingPerPartitionIsReadAndChecked) {
  auto c = ParseConfig(kMinimal, "x.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->max_waiting_per_partition, 20000u);
  c = ParseConfig(std::string(kMinimal) + "processing:\n  max_waiting_per_partition: 0\n",
                  "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->max_waiting_per_partition, 0u);
  ExpectError(std::string(kMinimal) + "processing:\n  max_waiting_per_partition: -1\n",
              {"configs/x.yaml:7:", "processing.max_waiting_per_partition"});
}

TEST(ConfigTest, BlockCacheBytesIsReadAndChecked) {
  auto c = ParseConfig(kMinimal, "x.yaml");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(StoreOptionsFor(*c).block_cache_mb, 192u);
  c = ParseConfig(std::string(kMinimal) + "processing:\n  block_cache_bytes: 1073741824\n",
                  "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(StoreOptionsFor(*c).block_cache_mb, 1024u);
  ExpectError(std::string(kMinimal) + "processing:\n  block_cache_bytes: 1000\n",
              {"configs/x.yaml:7:", "processing.block_cache_bytes"});
}

TEST(ConfigTest, QuotedNumbersAreRejected) {
  ExpectError("detectors: {consent.missing: {}}\npartitions: \"4\"\n",
              {"configs/x.yaml:2:", "partitions must be a number, not the quoted string \"4\"",
               "without quotes"});
  ExpectError("detectors: {consent.missing: {}}\nprocessing:\n  batch_size: '10'\n",
              {"configs/x.yaml:3:", "not the quoted string"});
}

// A detector listed twice would run twice and double every alert; YAML keys are unique.
TEST(ConfigTest, DuplicateKeysAreErrorsAtEveryLevel) {
  ExpectError("detectors:\n  consent.missing: {}\n  quiet_hours: {}\n  consent.missing: {}\n",
              {"configs/x.yaml:4:", "duplicate key 'consent.missing' (first on line 2)",
               "keep one"});
  ExpectError("detectors: {consent.missing: {}}\nprocessing:\n  batch_size: 10\n"
              "  batch_size: 20\n",
              {"configs/x.yaml:4:", "duplicate key 'batch_size' (first on line 3)"});
  ExpectError("detectors: {consent.missing: {}}\ndetectors: {quiet_hours: {}}\n",
              {"configs/x.yaml:2:", "duplicate key 'detectors'"});
}

TEST(ConfigTest, ErrorsNameFileLineAndFix) {
  ExpectError(std::string(kMinimal) + "detecors: {}\n", {"configs/x.yaml:6:", "unknown key 'detecors'", "detectors"});
  ExpectError("detectors:\n  consent.missin: {}\n", {"configs/x.yaml:2:", "consent.missin", "consent.missing"});
  ExpectError("detectors: {consent.missing: {}}\nprocessing:\n  allowed_lateness: soon\n",
              {"configs/x.yaml:3:", "not a duration", "5s"});
  ExpectError("detectors: {consent.missing: {}}\nprocessing:\n  guarantee: twice\n",
              {":3:", "unknown processing.guarantee 'twice'", "exactly_once", "at_least_once"});
  ExpectError("detectors: {consent.missing: {}}\npartitions: 0\n", {":2:", "partitions"});
  ExpectError("detectors: [a, b\n", {"configs/x.yaml:", "not valid YAML"});
  ExpectError("kafka:\n  bootstrap.servers: x\n", {"no `detectors:` section"});
  ExpectError("kafka:\n  no.such.setting: 1\ndetectors: {consent.missing: {}}\n", {":2:", "no.such.setting"});
  ExpectError("detectors:\n  consent.missing:\n    threshold: 3\n", {":2:", "threshold"});
}

// An error about the `kafka:` map names the key, never the value of a secret: the message goes to
// stderr and logs. Each config plants a secret where a mistake is.
TEST(ConfigTest, ErrorsNameSecretKeysButNeverTheirValues) {
  constexpr char kSecret[] = "planted-0c5e91";
  const std::string detectors = "detectors: {consent.missing: {}}\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      // librdkafka rejects the value (and may quote it in its own error text).
      {"kafka:\n  sasl.oauthbearer.method: " + std::string(kSecret) + "\n",
       "sasl.oauthbearer.method"},
      {"kafka:\n  sasl.password: {value: " + std::string(kSecret) + "}\n", "sasl.password"},
      {"kafka:\n  ssl.key.password: [" + std::string(kSecret) + "]\n", "ssl.key.password"},
      // Another key is wrong; the secret next to it stays out of the message.
      {"kafka:\n  sasl.password: " + std::string(kSecret) + "\n  no.such.setting: 1\n",
       "no.such.setting"},
  };
  for (const auto& [kafka, key] : cases) {
    auto c = ParseConfig(kafka + detectors, "configs/x.yaml");
    ASSERT_FALSE(c.ok()) << kafka;
    EXPECT_NE(c.status().message().find(key), std::string::npos) << c.status().message();
    EXPECT_EQ(c.status().message().find(kSecret), std::string::npos) << c.status().message();
  }
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

// ---- Quiet hours
TEST(ConfigTest, QuietHoursPerPolicy) {
  auto c = ParseConfig(UsPolicy("    time_zone: America/New_York\n"
                                "    quiet_hours:\n"
                                "      - channels: [voice]\n"
                                "        from: \"08:00\"\n"
                                "        to: \"21:00\"\n"
                                "        clause: {rule: calls 8-21, source: 47 CFR 64.1200(c)(1)}\n"
                                "      - channels: [sms, mms]\n"
                                "        from: 08:30\n"
                                "        to: \"24:00\"\n"
                                "        in_force_from: 2024-01-01\n"
                                "        clause: {rule: texts, source: s, kind: consentry_policy}\n"
                                "  DK:\n"
                                "    withdrawal_clause: {rule: r, source: s}\n"
                                "    consent_clause: {rule: r, source: s}\n"
                                "    quiet_hours: {channels: [sms], from: \"08:00\",\n"
                                "                  to: \"20:00\", clause: {rule: r, source: s}}\n"),
                       "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Policy& us = c->policies.For("US");
  ASSERT_EQ(us.quiet_hours.size(), 2u);
  EXPECT_EQ(us.quiet_hours[0].channels, std::vector<Channel>{Channel::kVoice});
  EXPECT_EQ(us.quiet_hours[0].from_minute, 480);
  EXPECT_EQ(us.quiet_hours[0].to_minute, 1260);
  EXPECT_FALSE(us.quiet_hours[0].in_force_from.has_value());
  EXPECT_EQ(us.quiet_hours[0].clause.clause.source, "47 CFR 64.1200(c)(1)");
  EXPECT_EQ(us.quiet_hours[0].clause.kind, Policy::ClauseKind::kLaw);
  EXPECT_EQ(us.quiet_hours[1].channels, (std::vector<Channel>{Channel::kSms, Channel::kMms}));
  EXPECT_EQ(us.quiet_hours[1].from_minute, 510);
  EXPECT_EQ(us.quiet_hours[1].to_minute, 1440);
  // A date is local midnight in the policy's time_zone (EST on 2024-01-01).
  EXPECT_EQ(us.quiet_hours[1].in_force_from, testing::T("2024-01-01T05:00:00Z"));
  EXPECT_EQ(us.quiet_hours[1].clause.kind, Policy::ClauseKind::kConsentryPolicy);
  const Policy& dk = c->policies.For("DK");
  ASSERT_EQ(dk.quiet_hours.size(), 1u);
  EXPECT_EQ(dk.quiet_hours[0].to_minute, 1200);
  // The default policy defines none: not judged where no policy of the chain has quiet hours.
  EXPECT_TRUE(c->policies.For("").quiet_hours.empty());
  EXPECT_EQ(c->policies.QuietHoursPolicy("GB", Channel::kSms, testing::T("2026-01-01T00:00:00Z")),
            nullptr);
}

TEST(ConfigTest, QuietHoursErrorsNameTheLineAndTheFix) {
  // Line 13 is the first line of the body given to UsPolicy.
  const auto entry = [](const std::string& from, const std::string& to,
                        const std::string& channels = "[voice, sms]") {
    return "    quiet_hours:\n      - channels: " + channels + "\n        from: \"" + from +
           "\"\n        to: \"" + to + "\"\n        clause: {rule: r, source: s}\n";
  };
  ExpectError(UsPolicy(entry("25:00", "21:00")),
              {"x.yaml:15:", "quiet_hours[0].from '25:00' is not a time of day", "HH:MM"});
  ExpectError(UsPolicy(entry("08:00", "24:01")), {":16:", "'24:01' is not a time of day"});
  ExpectError(UsPolicy(entry("8am", "21:00")), {":15:", "'8am'", "\"08:00\""});
  ExpectError(UsPolicy(entry("21:00", "08:00")),
              {":16:", "to (08:00) must be later than from (21:00)", "across midnight"});
  ExpectError(UsPolicy(entry("08:00", "08:00")), {":16:", "must be later than from"});
  ExpectError(UsPolicy(entry("08:00", "21:00", "[sms, fax]")),
              {":14:", "unknown channel 'fax'", "in_app"});
  ExpectError(UsPolicy(entry("08:00", "21:00", "[]")), {":14:", "non-empty list of channels"});
  ExpectError(UsPolicy("    quiet_hours: {channels: [sms], from: \"08:00\", to: \"21:00\"}\n"),
              {":13:", "has no clause", "kind: law"});
  ExpectError(UsPolicy("    quiet_hours: {channels: [sms], to: \"21:00\"}\n"),
              {":13:", "has no `from`"});
  ExpectError(UsPolicy("    quiet_hours: {channels: [sms], from: \"08:00\", to: \"21:00\",\n"
                       "                  hours: 13, clause: {rule: r, source: s}}\n"),
              {":14:", "unknown key 'hours'", "in_force_from"});
  ExpectError(UsPolicy(entry("08:00", "21:00", "[sms]") +
                       "      - {channels: [sms], from: \"09:00\", to: \"20:00\", clause: "
                       "{rule: r, source: s}}\n"),
              {":18:", "names channel sms again"});
  ExpectError(UsPolicy("    quiet_hours: []\n"), {":13:", "non-empty list of entries"});
  ExpectError(UsPolicy("    quiet_hours:\n      - channels: [sms]\n        from: \"08:00\"\n"
                       "        to: \"21:00\"\n        in_force_from: soon\n"
                       "        clause: {rule: r, source: s}\n"),
              {":17:", "quiet_hours[0].in_force_from is not a date", "2027-01-31"});
}
// ---- end of quiet hours

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

TEST(ConfigTest, MissingFileIsAClearError) {
  auto c = LoadConfig("/nonexistent/consentry.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("/nonexistent/consentry.yaml"), std::string::npos);
}

// ---- frequency.cap
TEST(ConfigTest, FrequencyCapsForTenantsAndJurisdictions) {
  auto c = ParseConfig(std::string(kMinimal) +
                           "frequency_caps:\n"
                           "  - tenant: acme\n"
                           "    name: marketing-any-channel\n"
                           "    max: 4\n"
                           "    window: 6d\n"
                           "    channels: [\"*\"]\n"
                           "    purposes: [marketing]\n"
                           "    per_purpose: false\n"
                           "  - {tenant: acme, name: texts, max: 2, window: 24h, channels: [sms],\n"
                           "     clause: {rule: two texts a day, source: acme playbook}}\n"
                           "  - {jurisdiction: US-TX, name: tx, max: 3, window: 24h,\n"
                           "     channels: [voice, sms], per_purpose: true,\n"
                           "     in_force_from: 2025-09-01,\n"
                           "     clause: {rule: three a day, source: Tex. Bus. and Com. Code}}\n",
                       "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const auto& tenant = c->policies.tenant_caps().at(TenantId("acme"));
  ASSERT_EQ(tenant.size(), 2u);
  EXPECT_EQ(tenant[0].name, "marketing-any-channel");
  EXPECT_EQ(tenant[0].max, 4);
  EXPECT_EQ(tenant[0].window, std::chrono::hours(24 * 6));
  EXPECT_TRUE(tenant[0].channels.empty());  // every channel
  EXPECT_EQ(tenant[0].purposes, std::vector<std::string>{"marketing"});
  EXPECT_FALSE(tenant[0].per_purpose);
  EXPECT_EQ(tenant[0].tenant, TenantId("acme"));
  // Without a clause, a tenant cap cites the tenant's own policy.
  EXPECT_EQ(tenant[0].clause.clause.rule,
            "at most 4 marketing messages to one person in 6 days");
  EXPECT_EQ(tenant[0].clause.clause.source, "tenant policy (acme)");
  EXPECT_EQ(tenant[0].clause.kind, Policy::ClauseKind::kTenantPolicy);
  EXPECT_EQ(tenant[1].channels, std::vector<Channel>{Channel::kSms});
  EXPECT_EQ(tenant[1].clause.clause.source, "acme playbook");
  EXPECT_EQ(tenant[1].clause.kind, Policy::ClauseKind::kTenantPolicy);
  const auto tx = c->policies.FrequencyCapsFor("US-TX", TenantId("beta"));
  ASSERT_EQ(tx.size(), 1u);
  EXPECT_EQ(tx[0]->jurisdiction, "US-TX");
  EXPECT_TRUE(tx[0]->per_purpose);
  EXPECT_EQ(tx[0]->in_force_from, testing::T("2025-09-01T00:00:00Z"));
  EXPECT_EQ(tx[0]->clause.kind, Policy::ClauseKind::kLaw);
  // The built-in state caps stay, and the tenant's apply after them.
  const auto fl = c->policies.FrequencyCapsFor("US-FL", TenantId("acme"));
  ASSERT_EQ(fl.size(), 3u);
  EXPECT_EQ(fl[0]->name, "US-FL 3 per 24 h");
  EXPECT_EQ(fl[1]->name, "marketing-any-channel");
  EXPECT_EQ(c->policies.LongestFrequencyWindow(), std::chrono::hours(24 * 6));
}

TEST(ConfigTest, JurisdictionCapsReplaceTheBuiltInOnesAndSurviveCustomPolicies) {
  auto c = ParseConfig(UsPolicy("") +
                           "frequency_caps:\n"
                           "  - {jurisdiction: US-FL, name: fl, max: 5, window: 24h,\n"
                           "     clause: {rule: r, source: s}}\n",
                       "x.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const auto fl = c->policies.FrequencyCapsFor("US-FL", TenantId("acme"));
  ASSERT_EQ(fl.size(), 1u);
  EXPECT_EQ(fl[0]->max, 5);
  // US-MD keeps its built-in cap although the config defines its own policies.
  const auto md = c->policies.FrequencyCapsFor("US-MD", TenantId("acme"));
  ASSERT_EQ(md.size(), 1u);
  EXPECT_EQ(md[0]->name, "US-MD 3 per 24 h");
}

TEST(ConfigTest, FrequencyCapErrorsNameTheLineAndTheFix) {
  const auto caps = [](const std::string& entry) {
    return std::string(kMinimal) + "frequency_caps:\n  - " + entry + "\n";
  };
  // Line 7 is the entry.
  ExpectError(caps("{tenant: acme, name: n, max: -1, window: 6d}"),
              {"x.yaml:7:", "frequency_caps[0].max must be an integer from 1 to 1000000"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: soon}"),
              {":7:", "window 'soon' is not a valid window", "6d"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: 0s}"), {":7:", "not a valid window"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: 91d}"), {":7:", "90d"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: 1500ms}"), {":7:", "whole number"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: 6d, channels: [sms, fax]}"),
              {":7:", "unknown channel 'fax'", "in_app"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: 6d, channels: [\"*\", sms]}"),
              {":7:", "mixes"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: 6d, purposes: []}"),
              {":7:", "purposes must be a non-empty list", "[marketing]"});
  ExpectError(caps("{name: n, max: 4, window: 6d}"),
              {":7:", "exactly one of `tenant` and `jurisdiction`"});
  ExpectError(caps("{tenant: acme, jurisdiction: US, name: n, max: 4, window: 6d}"),
              {":7:", "exactly one of"});
  ExpectError(caps("{tenant: acme, max: 4, window: 6d}"), {":7:", "has no `name`"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: 6d, every: 2}"),
              {":7:", "unknown key 'every'", "per_purpose"});
  ExpectError(caps("{jurisdiction: US-TX, name: n, max: 4, window: 6d}"),
              {":7:", "has no clause", "kind: law"});
  ExpectError(caps("{tenant: acme, name: n, max: 4, window: 6d, in_force_from: soon}"),
              {":7:", "in_force_from is not a date"});
  ExpectError(std::string(kMinimal) + "frequency_caps:\n"
                  "  - {tenant: acme, name: n, max: 4, window: 6d}\n"
                  "  - {tenant: acme, name: n, max: 2, window: 1d}\n",
              {":8:", "defined twice"});
  ExpectError(std::string(kMinimal) + "frequency_caps: {tenant: acme}\n",
              {":6:", "must be a list"});
}
// ---- end of frequency.cap

TEST(ConfigTest, RestartOnlyDifferencesNameTheSettingsRunReadsAtStart) {
  const Config a = ParseConfig(kMinimal, "a.yaml").value();
  Config b = a;
  b.detectors[0].second["severity"] = "low";
  b.policies = PolicySet::Default();
  EXPECT_TRUE(RestartOnlyDifferences(a, b).empty());
  b.partitions = 8;
  b.allowed_lateness = std::chrono::seconds(9);
  b.topics.alerts = "other";
  b.kafka["client.id"] = "x";
  EXPECT_EQ(RestartOnlyDifferences(a, b),
            (std::vector<std::string>{"kafka", "topics", "partitions", "processing"}));
}

TEST(ConfigTest, ADetectorErrorListsTheKnownDetectorsOnlyForAnUnknownName) {
  auto unknown = ParseConfig(std::string(kMinimal) + "  consent.misssing: {}\n", "x.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown detector \"consent.misssing\""),
            std::string::npos)
      << unknown.status().message();
  EXPECT_NE(unknown.status().message().find("sender.velocity"), std::string::npos);
  std::string yaml = kMinimal;
  yaml.replace(yaml.find("consent.missing: {}"), 19, "consent.missing: {severity: urgent}");
  auto bad = ParseConfig(yaml, "x.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().message().ends_with("is not one of info, low, medium, high, critical"))
      << bad.status().message();
}

}  // namespace
}  // namespace consentry
