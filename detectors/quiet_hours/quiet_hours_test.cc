#include "detectors/quiet_hours/quiet_hours.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "detectors/taxonomy.h"
#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using testing::FakeState;
using testing::Message;
using testing::ParseJson;
using testing::T;

using testing::kSms;
using testing::kVoice;
constexpr char kTcpaTexts[] =
    "no marketing text before 8 a.m. or after 9 p.m. in the recipient's local time (whether the "
    "calling-hours rule reaches texts is being litigated; consentry applies it to texts too) "
    "(47 CFR 64.1200(c)(1) (TCPA)).";

std::string Str(simdjson::dom::element e) { return std::string(std::string_view(e)); }

// A policy with quiet hours 08:00-20:00 on sms and voice, as a config would define it.
Policy WithQuietHours(std::string name, std::string time_zone = "UTC") {
  Policy p{.name = std::move(name), .time_zone = std::move(time_zone)};
  p.quiet_hours = {{.channels = {Channel::kSms, Channel::kVoice},
                    .from_minute = 8 * 60,
                    .to_minute = 20 * 60,
                    .clause = {{"no marketing texts or calls before 08:00 or after 20:00",
                                "test policy"},
                               Policy::ClauseKind::kConsentryPolicy}}};
  return p;
}

class QuietHoursDetectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Denmark with quiet hours (none ship for the EU): DK is more specific than EU.
    ASSERT_TRUE(dk_policies_.Add(WithQuietHours("DK")).ok());
    // A default policy with quiet hours in Copenhagen's zone.
    ASSERT_TRUE(strict_default_.Add(WithQuietHours("default", "Europe/Copenhagen")).ok());
    ASSERT_TRUE(strict_default_.Validate().ok());
  }

  std::vector<Finding> Run(const OutboundEvent& m, const PolicySet* policies = nullptr) const {
    const QuietHoursDetector detector(taxonomy_, policies == nullptr ? policies_ : *policies);
    std::vector<Finding> findings;
    detector.Evaluate(m, state_, findings);
    return findings;
  }
  bool Flagged(const OutboundEvent& m, const PolicySet* policies = nullptr) const {
    return !Run(m, policies).empty();
  }
  static OutboundEvent Text(std::string jurisdiction, const char* sent_at, std::string tz = "",
                            std::string purpose = kSms) {
    OutboundEvent m = Message(Channel::kSms, std::move(purpose), std::move(jurisdiction),
                              T(sent_at));
    m.recipient_tz = std::move(tz);
    return m;
  }
  // The evidence's local_time of the one finding about `m`.
  std::string LocalTime(const OutboundEvent& m, const PolicySet* policies = nullptr) const {
    const auto findings = Run(m, policies);
    if (findings.size() != 1) return "<" + std::to_string(findings.size()) + " findings>";
    simdjson::dom::parser parser;
    return Str(ParseJson(parser, findings[0].evidence_json)["local_time"]);
  }

  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  PolicySet dk_policies_ = PolicySet::Default();
  PolicySet strict_default_;
  FakeState state_;
};

TEST_F(QuietHoursDetectorTest, TcpaWindowEdgesInTheRecipientsZone) {
  // 2026-01-15 in New York is EST (UTC-5).
  const std::string ny = "America/New_York";
  EXPECT_TRUE(Flagged(Text("US", "2026-01-15T12:59:59Z", ny)));    // 07:59:59
  EXPECT_FALSE(Flagged(Text("US", "2026-01-15T13:00:00Z", ny)));   // 08:00:00
  EXPECT_FALSE(Flagged(Text("US", "2026-01-16T01:59:59Z", ny)));   // 20:59:59
  EXPECT_FALSE(Flagged(Text("US", "2026-01-15T13:00:00.5Z", ny)));  // inside, with a fraction

  const auto findings = Run(Text("US", "2026-01-16T02:00:00Z", ny));  // 21:00:00
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "quiet_hours");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.reason,
            std::string("This marketing text from tenant acme was sent at 21:00:00 local time on "
                        "2026-01-15 (America/New_York, EST), outside the permitted "
                        "08:00\u201321:00; ") +
                kTcpaTexts);
  EXPECT_THAT(f.reason, ::testing::Not(HasSubstr(testing::kSubject)));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(Str(doc["policy"]), "US");
  EXPECT_EQ(Str(doc["clause"]["source"]), "47 CFR 64.1200(c)(1) (TCPA)");
  EXPECT_EQ(Str(doc["clause_kind"]), "law");
  EXPECT_EQ(Str(doc["channel"]), "sms");
  EXPECT_EQ(Str(doc["sent_at"]), "2026-01-16T02:00:00Z");
  EXPECT_EQ(Str(doc["window"]["from"]), "08:00");
  EXPECT_EQ(Str(doc["window"]["to"]), "21:00");
  EXPECT_TRUE(doc["window"]["in_force_from"].is_null());
  EXPECT_EQ(Str(doc["zone"]), "America/New_York");
  EXPECT_EQ(Str(doc["zone_source"]), "recipient_tz");
  EXPECT_EQ(Str(doc["recipient_tz"]), "America/New_York");
  EXPECT_TRUE(doc["zone_note"].is_null());
  EXPECT_EQ(Str(doc["local_time"]), "21:00:00");
  EXPECT_EQ(Str(doc["local_date"]), "2026-01-15");
  EXPECT_EQ(Str(doc["utc_offset"]), "-05:00");
  EXPECT_EQ(Str(doc["zone_abbreviation"]), "EST");
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(QuietHoursDetectorTest, CallsAreJudgedWithTheirOwnClause) {
  OutboundEvent call = Message(Channel::kVoice, kVoice, "US", T("2026-01-15T12:59:59Z"));
  call.recipient_tz = "America/New_York";
  const auto findings = Run(call);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("This marketing call from tenant acme was sent at "
                                            "07:59:59 local time"));
  EXPECT_THAT(findings[0].reason, HasSubstr("no telephone solicitation before 8 a.m. or after "
                                            "9 p.m. in the called party's local time"));
  OutboundEvent mms = call;
  mms.channel = Channel::kMms;
  EXPECT_TRUE(Flagged(mms));
}

TEST_F(QuietHoursDetectorTest, FloridaEndsAtEightInItsPrincipalZone) {
  // No recipient_tz: US-FL is judged in America/New_York (EST in January).
  EXPECT_TRUE(Flagged(Text("US-FL", "2026-01-15T12:59:59Z")));   // 07:59:59
  EXPECT_FALSE(Flagged(Text("US-FL", "2026-01-15T13:00:00Z")));  // 08:00:00
  EXPECT_FALSE(Flagged(Text("US-FL", "2026-01-16T00:59:59Z")));  // 19:59:59
  const auto findings = Run(Text("US-FL", "2026-01-16T01:00:00Z"));  // 20:00:00
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("at 20:00:00 local time on 2026-01-15 (America/New_York, EST; the "
                        "principal zone of US-FL), outside the permitted 08:00\u201320:00; "));
  EXPECT_THAT(findings[0].reason, HasSubstr("(Fla. Stat. \u00a7501.616(6)(a))."));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(Str(doc["policy"]), "US-FL");
  EXPECT_EQ(Str(doc["zone_source"]), "subdivision");
  EXPECT_EQ(Str(doc["zone"]), "America/New_York");
  EXPECT_TRUE(doc["recipient_tz"].is_null());
  EXPECT_EQ(Str(doc["window"]["to"]), "20:00");
  EXPECT_EQ(Str(doc["clause"]["source"]), "Fla. Stat. \u00a7501.616(6)(a)");
}

TEST_F(QuietHoursDetectorTest, RecipientZoneBeatsTheSubdivisionsPrincipalZone) {
  // 19:30 CST in the Florida panhandle is 20:30 in New York.
  EXPECT_FALSE(Flagged(Text("US-FL", "2026-01-16T01:30:00Z", "America/Chicago")));
  EXPECT_TRUE(Flagged(Text("US-FL", "2026-01-16T01:30:00Z")));
}

TEST_F(QuietHoursDetectorTest, MarylandAndOklahomaFromTheirInForceDates) {
  // Maryland's 20:00 applies from 2024-01-01; before, the TCPA's 21:00 does.
  EXPECT_FALSE(Flagged(Text("US-MD", "2023-06-02T00:30:00Z")));  // 20:30 EDT
  auto before = Run(Text("US-MD", "2023-06-02T01:00:00Z"));      // 21:00 EDT
  ASSERT_EQ(before.size(), 1u);
  simdjson::dom::parser parser;
  EXPECT_EQ(Str(ParseJson(parser, before[0].evidence_json)["policy"]), "US");
  auto after = Run(Text("US-MD", "2024-06-01T00:30:00Z"));  // 20:30 EDT
  ASSERT_EQ(after.size(), 1u);
  const auto doc = ParseJson(parser, after[0].evidence_json);
  EXPECT_EQ(Str(doc["policy"]), "US-MD");
  EXPECT_EQ(Str(doc["window"]["in_force_from"]), "2024-01-01T05:00:00Z");
  EXPECT_EQ(Str(doc["clause"]["source"]),
            "Md. Com. Law \u00a714-4501 ff. (Stop the Spam Calls Act of 2023, in force "
            "2024-01-01)");
  // Oklahoma's principal zone is Chicago (CST in January).
  EXPECT_FALSE(Flagged(Text("US-OK", "2026-01-16T01:59:59Z")));  // 19:59:59
  EXPECT_EQ(LocalTime(Text("US-OK", "2026-01-16T02:00:00Z")), "20:00:00");
}

TEST_F(QuietHoursDetectorTest, NewYorkSpringForward) {
  // 2026-03-08 02:00 EST (07:00Z) becomes 03:00 EDT (UTC-4).
  const std::string ny = "America/New_York";
  EXPECT_EQ(LocalTime(Text("US", "2026-03-07T12:59:59Z", ny)), "07:59:59");  // EST, day before
  EXPECT_FALSE(Flagged(Text("US", "2026-03-07T13:00:00Z", ny)));
  EXPECT_EQ(LocalTime(Text("US", "2026-03-08T11:59:59Z", ny)), "07:59:59");  // EDT
  // 08:00 EDT; with a fixed EST offset it would be 07:00.
  EXPECT_FALSE(Flagged(Text("US", "2026-03-08T12:00:00Z", ny)));
  EXPECT_FALSE(Flagged(Text("US", "2026-03-09T00:59:59Z", ny)));               // 20:59:59 EDT
  EXPECT_EQ(LocalTime(Text("US", "2026-03-09T01:00:00Z", ny)), "21:00:00");     // EST: 20:00
  EXPECT_EQ(LocalTime(Text("US", "2026-03-09T11:30:00Z", ny)), "07:30:00");     // morning after
}

TEST_F(QuietHoursDetectorTest, NewYorkFallBack) {
  // 2026-11-01 02:00 EDT (06:00Z) becomes 01:00 EST (UTC-5).
  const std::string ny = "America/New_York";
  EXPECT_EQ(LocalTime(Text("US", "2026-10-31T11:59:59Z", ny)), "07:59:59");  // EDT, day before
  EXPECT_FALSE(Flagged(Text("US", "2026-10-31T12:00:00Z", ny)));
  // 07:30 EST; with a fixed EDT offset it would be 08:30.
  const auto findings = Run(Text("US", "2026-11-01T12:30:00Z", ny));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(Str(doc["local_time"]), "07:30:00");
  EXPECT_EQ(Str(doc["zone_abbreviation"]), "EST");
  EXPECT_EQ(Str(doc["utc_offset"]), "-05:00");
  EXPECT_EQ(LocalTime(Text("US", "2026-11-01T12:59:59Z", ny)), "07:59:59");
  EXPECT_FALSE(Flagged(Text("US", "2026-11-01T13:00:00Z", ny)));  // 08:00:00 EST
  // 20:30 EST; with a fixed EDT offset it would be 21:30.
  EXPECT_FALSE(Flagged(Text("US", "2026-11-02T01:30:00Z", ny)));
  EXPECT_FALSE(Flagged(Text("US", "2026-11-02T01:59:59Z", ny)));  // 20:59:59
  EXPECT_EQ(LocalTime(Text("US", "2026-11-02T02:00:00Z", ny)), "21:00:00");
}

TEST_F(QuietHoursDetectorTest, CopenhagenSpringForwardWithAConfiguredWindow) {
  // 2026-03-29 02:00 CET (01:00Z) becomes 03:00 CEST (UTC+2). DK's window is 08:00-20:00.
  const PolicySet* dk = &dk_policies_;
  EXPECT_EQ(LocalTime(Text("DK", "2026-03-28T06:59:59Z"), dk), "07:59:59");  // CET
  EXPECT_FALSE(Flagged(Text("DK", "2026-03-28T07:00:00Z"), dk));
  EXPECT_EQ(LocalTime(Text("DK", "2026-03-29T05:59:59Z"), dk), "07:59:59");  // CEST
  // 08:00 CEST; with a fixed CET offset it would be 07:00.
  EXPECT_FALSE(Flagged(Text("DK", "2026-03-29T06:00:00Z"), dk));
  EXPECT_FALSE(Flagged(Text("DK", "2026-03-29T17:59:59Z"), dk));  // 19:59:59
  const auto findings = Run(Text("DK", "2026-03-29T18:00:00Z"), dk);  // 20:00:00 CEST
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(Str(doc["policy"]), "DK");
  EXPECT_EQ(Str(doc["zone"]), "Europe/Copenhagen");
  EXPECT_EQ(Str(doc["zone_source"]), "country");
  EXPECT_EQ(Str(doc["local_time"]), "20:00:00");
  EXPECT_EQ(Str(doc["zone_abbreviation"]), "CEST");
  EXPECT_EQ(Str(doc["clause_kind"]), "consentry_policy");
  EXPECT_THAT(findings[0].reason, HasSubstr("(Europe/Copenhagen, CEST; the zone of DK)"));
  // The EU policy has no quiet hours: without the DK policy, Denmark is not judged.
  EXPECT_FALSE(Flagged(Text("DK", "2026-03-29T18:00:00Z")));
}

TEST_F(QuietHoursDetectorTest, CopenhagenFallBackWithAConfiguredWindow) {
  // 2026-10-25 03:00 CEST (01:00Z) becomes 02:00 CET (UTC+1).
  const PolicySet* dk = &dk_policies_;
  // 07:30 CET; with a fixed CEST offset it would be 08:30.
  EXPECT_EQ(LocalTime(Text("DK", "2026-10-25T06:30:00Z"), dk), "07:30:00");
  EXPECT_EQ(LocalTime(Text("DK", "2026-10-25T06:59:59Z"), dk), "07:59:59");
  EXPECT_FALSE(Flagged(Text("DK", "2026-10-25T07:00:00Z"), dk));  // 08:00:00
  // 19:30 CET; with a fixed CEST offset it would be 20:30.
  EXPECT_FALSE(Flagged(Text("DK", "2026-10-25T18:30:00Z"), dk));
  EXPECT_FALSE(Flagged(Text("DK", "2026-10-25T18:59:59Z"), dk));  // 19:59:59
  EXPECT_EQ(LocalTime(Text("DK", "2026-10-25T19:00:00Z"), dk), "20:00:00");
  // 02:30 happens twice that night; each is judged at its own offset.
  for (const char* at : {"2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"}) {
    const auto findings = Run(Text("DK", at), dk);
    ASSERT_EQ(findings.size(), 1u) << at;
    simdjson::dom::parser parser;
    const auto doc = ParseJson(parser, findings[0].evidence_json);
    EXPECT_EQ(Str(doc["local_time"]), "02:30:00");
    EXPECT_EQ(Str(doc["utc_offset"]), std::string(at) == "2026-10-25T00:30:00Z" ? "+02:00"
                                                                                 : "+01:00");
  }
}

TEST_F(QuietHoursDetectorTest, CountryWithSeveralZonesIsFlaggedOnlyOutsideInEveryZone) {
  // 10:00Z on 2026-01-15: 05:00 in New York ... 00:00 in Honolulu; outside 08:00-21:00 everywhere.
  const auto findings = Run(Text("US", "2026-01-15T10:00:00Z"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].reason,
            std::string("This marketing text from tenant acme was sent at 2026-01-15T10:00:00Z, "
                        "outside the permitted 08:00\u201321:00 in every time zone of US (the "
                        "recipient's zone is unknown); ") +
                kTcpaTexts);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(Str(doc["zone_source"]), "country_all_zones_unknown");
  EXPECT_TRUE(doc["zone"].is_null());
  EXPECT_TRUE(doc["local_time"].is_null());
  EXPECT_THAT(Str(doc["zone_note"]), HasSubstr("the recipient's zone is unknown"));
  std::map<std::string, std::string> local;
  for (auto z : doc["zones_checked"].get_array()) local[Str(z["zone"])] = Str(z["local_time"]);
  EXPECT_EQ(local["America/New_York"], "05:00:00");
  EXPECT_EQ(local["America/Chicago"], "04:00:00");
  EXPECT_EQ(local["America/Denver"], "03:00:00");
  EXPECT_EQ(local["America/Los_Angeles"], "02:00:00");
  EXPECT_EQ(local["America/Anchorage"], "01:00:00");
  EXPECT_EQ(local["Pacific/Honolulu"], "00:00:00");

  // 07:30Z on 2026-01-16: 02:30 in New York, 21:30 (the evening before) in Honolulu.
  EXPECT_TRUE(Flagged(Text("US", "2026-01-16T07:30:00Z")));
  // 08:00 in New York, though 03:00 in Honolulu.
  EXPECT_FALSE(Flagged(Text("US", "2026-01-15T13:00:00Z")));
  // 21:30 in New York, but 20:30 in Chicago.
  EXPECT_FALSE(Flagged(Text("US", "2026-01-16T02:30:00Z")));
}

TEST_F(QuietHoursDetectorTest, UnknownRecipientZoneFallsBackAndSaysSo) {
  const auto findings = Run(Text("US-FL", "2026-01-16T01:00:00Z", "Mars/Olympus_Mons"));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(Str(doc["zone_source"]), "subdivision");
  EXPECT_EQ(Str(doc["zone"]), "America/New_York");
  EXPECT_EQ(Str(doc["recipient_tz"]), "Mars/Olympus_Mons");
  EXPECT_EQ(Str(doc["zone_note"]),
            "recipient_tz \"Mars/Olympus_Mons\" is not in the tz database");
}

TEST_F(QuietHoursDetectorTest, NoZoneNoJurisdictionIsJudgedByTheDefaultPolicy) {
  // The shipped default policy has no quiet hours.
  EXPECT_FALSE(Flagged(Text("", "2026-01-15T03:00:00Z")));
  // A default policy with quiet hours judges in its time_zone (Copenhagen, CET in January).
  const PolicySet* strict = &strict_default_;
  EXPECT_FALSE(Flagged(Text("", "2026-01-15T07:00:00Z"), strict));  // 08:00:00
  const auto findings = Run(Text("", "2026-01-15T06:59:59Z"), strict);
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(Str(doc["policy"]), "default");
  EXPECT_EQ(Str(doc["zone_source"]), "default_policy");
  EXPECT_EQ(Str(doc["zone"]), "Europe/Copenhagen");
  EXPECT_EQ(Str(doc["local_time"]), "07:59:59");
  EXPECT_EQ(Str(doc["zone_note"]),
            "judged by the default policy: no jurisdiction and no recipient_tz");
  EXPECT_THAT(findings[0].reason,
              HasSubstr("(Europe/Copenhagen, CET; judged by the default policy: no "
                        "jurisdiction and no recipient_tz)"));
  // A jurisdiction with a zone is judged in it, still by the default policy: 07:30 GMT.
  auto gb = Run(Text("GB", "2026-01-15T07:30:00Z"), strict);
  ASSERT_EQ(gb.size(), 1u);
  const auto gb_doc = ParseJson(parser, gb[0].evidence_json);
  EXPECT_EQ(Str(gb_doc["policy"]), "default");
  EXPECT_EQ(Str(gb_doc["zone"]), "Europe/London");
  EXPECT_EQ(Str(gb_doc["zone_source"]), "country");
  // A recipient_tz without a jurisdiction is used: 07:30 GMT is 08:30 in the policy's zone.
  EXPECT_TRUE(Flagged(Text("", "2026-01-15T07:30:00Z", "Europe/London"), strict));
}

TEST_F(QuietHoursDetectorTest, OnlyMarketingIsJudged) {
  const std::string ny = "America/New_York";
  for (const char* purpose : {"essential.service.transactional", "essential.service.account",
                              "research.surveys"}) {
    EXPECT_FALSE(Flagged(Text("US", "2026-01-16T04:00:00Z", ny, purpose))) << purpose;
  }
  EXPECT_TRUE(Flagged(Text("US", "2026-01-16T04:00:00Z", ny, "marketing")));
  EXPECT_TRUE(Flagged(Text("US", "2026-01-16T04:00:00Z", ny, "marketing.advertising")));
}

TEST_F(QuietHoursDetectorTest, ChannelsWithoutQuietHoursAreNotJudged) {
  for (const Channel c : {Channel::kEmail, Channel::kPush, Channel::kWhatsapp, Channel::kLetter,
                          Channel::kInApp}) {
    OutboundEvent m = Text("US", "2026-01-16T04:00:00Z", "America/New_York");  // 23:00
    m.channel = c;
    EXPECT_FALSE(Flagged(m)) << Name(c);
  }
}

TEST_F(QuietHoursDetectorTest, VerdictDoesNotDependOnEvaluationOrder) {
  const QuietHoursDetector detector(taxonomy_, policies_);
  OutboundEvent late = Text("US-FL", "2026-01-16T02:30:00Z");  // 21:30 EST
  late.event_id = EventId("msg-late");
  OutboundEvent noon = Text("US-FL", "2026-01-15T17:00:00Z");  // 12:00 EST
  noon.event_id = EventId("msg-noon");
  std::vector<Finding> forward, backward;
  detector.Evaluate(late, state_, forward);
  detector.Evaluate(noon, state_, forward);
  detector.Evaluate(noon, state_, backward);
  detector.Evaluate(late, state_, backward);
  ASSERT_EQ(forward.size(), 1u);
  ASSERT_EQ(backward.size(), 1u);
  EXPECT_EQ(forward[0].reason, backward[0].reason);
  EXPECT_EQ(forward[0].evidence_json, backward[0].evidence_json);
  EXPECT_THAT(forward[0].reason, HasSubstr("21:30:00 local time on 2026-01-15"));
}

// Consent does not change the verdict, but the evidence says whether the person had consented.
TEST_F(QuietHoursDetectorTest, EvidenceSaysWhetherConsentExisted) {
  const OutboundEvent night = Text("US-FL", "2026-01-16T03:00:00Z");  // 22:00 in New York
  simdjson::dom::parser parser;
  const auto none = Run(night);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(Str(ParseJson(parser, none[0].evidence_json)["consent"]), "none");

  ASSERT_TRUE(state_.AddConsent(testing::Grant("g1", T("2026-01-01T00:00:00Z"), {Channel::kSms},
                                      {"marketing"})));
  const auto granted = Run(night);
  ASSERT_EQ(granted.size(), 1u);
  EXPECT_EQ(Str(ParseJson(parser, granted[0].evidence_json)["consent"]), "granted");
}

TEST_F(QuietHoursDetectorTest, FactoryValidatesParams) {
  const Taxonomy taxonomy = Taxonomy::Default();
  const DetectorEnv env{taxonomy, policies_};
  EXPECT_EQ(QuietHoursDetector::Create({{"from", "08:00"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(QuietHoursDetector::Create({{"severity", "loud"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = QuietHoursDetector::Create({{"severity", "high"}}, env);
  ASSERT_TRUE(detector.ok()) << detector.status().ToString();
  EXPECT_EQ((*detector)->Name(), "quiet_hours");
  EXPECT_EQ((*detector)->Needs(), StateNeed::kLedger);
  std::vector<Finding> findings;
  (*detector)->Evaluate(Text("US", "2026-01-16T04:00:00Z", "America/New_York"), state_,
                        findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kHigh);
}

}  // namespace
}  // namespace consentry
