#include "detectors/frequency_cap/frequency_cap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using std::chrono::hours;
using std::chrono::seconds;
using testing::FakeState;
using testing::Message;
using testing::ParseJson;
using testing::T;

using testing::kSms;
using testing::kVoice;
const std::string kAds = "marketing.advertising";
using testing::kReceipt;

class FrequencyCapDetectorTest : public ::testing::Test {
 protected:
  // Counts `m` in the state first, as the engine does, then judges it.
  std::vector<Finding> Send(const OutboundEvent& m) {
    state_.AddMessage(m);
    return Judge(m);
  }
  std::vector<Finding> Judge(const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state_, findings);
    return findings;
  }
  static OutboundEvent Msg(Timestamp sent, Channel channel = Channel::kSms,
                           std::string purpose = kSms, std::string jurisdiction = "US-FL",
                           std::string tenant = "acme") {
    OutboundEvent m = Message(channel, std::move(purpose), std::move(jurisdiction), sent);
    m.tenant = TenantId(std::move(tenant));
    return m;
  }

  PolicySet policies_ = PolicySet::Default();
  FrequencyCapDetector detector_{policies_};
  FakeState state_;
  Timestamp t0_ = T("2026-03-01T10:00:00Z");
};

TEST_F(FrequencyCapDetectorTest, ThirdTextIn24HoursIsFineTheFourthFires) {
  EXPECT_TRUE(Send(Msg(t0_)).empty());
  EXPECT_TRUE(Send(Msg(t0_ + hours(5))).empty());
  EXPECT_TRUE(Send(Msg(t0_ + hours(10))).empty());
  const auto findings = Send(Msg(t0_ + hours(23) + std::chrono::minutes(59)));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "frequency.cap");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.reason,
            "Sent the 4th message in 24 hours from tenant acme to this person on any of voice, "
            "sms or mms about marketing.communications (this sms message at "
            "2026-03-02T09:59:00Z), where cap \"US-FL 3 per 24 h\" allows 3; no more than 3 "
            "telephone solicitation calls or texts to one person in 24 hours on the same subject "
            "matter, whatever number they come from (whether §501.616 reaches texts is "
            "unconfirmed; consentry counts texts too) (Fla. Stat. §501.616(6)(b)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "US-FL");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "law");
  EXPECT_EQ(std::string_view(doc["clause"]["source"]), "Fla. Stat. §501.616(6)(b)");
  EXPECT_EQ(std::string_view(doc["cap"]["name"]), "US-FL 3 per 24 h");
  EXPECT_EQ(std::string_view(doc["cap"]["jurisdiction"]), "US-FL");
  EXPECT_TRUE(doc["cap"]["tenant"].is_null());
  EXPECT_EQ(int64_t(doc["cap"]["max"]), 3);
  EXPECT_EQ(std::string_view(doc["cap"]["window"]), "24 hours");
  EXPECT_EQ(int64_t(doc["cap"]["window_seconds"]), 86400);
  EXPECT_EQ(doc["cap"]["channels"].get_array().size(), 3u);
  EXPECT_TRUE(bool(doc["cap"]["per_purpose"]));
  EXPECT_EQ(int64_t(doc["observed"]), 4);
  EXPECT_EQ(std::string_view(doc["window_start"]), "2026-03-01T09:59:00Z");
  EXPECT_EQ(std::string_view(doc["window_end"]), "2026-03-02T09:59:00Z");
  EXPECT_EQ(std::string_view(doc["scope"]["tenant"]), "acme");
  EXPECT_EQ(std::string_view(doc["scope"]["subject_matter"]), "marketing.communications");
  EXPECT_EQ(doc["also_exceeded"].get_array().size(), 0u);
  // The 5th fires too, and counts 5.
  const auto fifth = Send(Msg(t0_ + hours(23) + std::chrono::minutes(59) + seconds(1)));
  ASSERT_EQ(fifth.size(), 1u);
  EXPECT_EQ(int64_t(ParseJson(parser, fifth[0].evidence_json)["observed"]), 5);
}

TEST_F(FrequencyCapDetectorTest, AMessageExactly24HoursAfterTheFirstNoLongerCountsIt) {
  for (int h : {0, 1, 2}) EXPECT_TRUE(Send(Msg(t0_ + hours(h))).empty());
  // (t - 24 h, t] excludes t0 itself: three in the window.
  EXPECT_TRUE(Send(Msg(t0_ + hours(24))).empty());
  // One second earlier would have been the 4th.
  FakeState earlier;
  for (int h : {0, 1, 2}) earlier.AddMessage(Msg(t0_ + hours(h)));
  const OutboundEvent fourth = Msg(t0_ + hours(24) - seconds(1));
  earlier.AddMessage(fourth);
  std::vector<Finding> findings;
  detector_.Evaluate(fourth, earlier, findings);
  EXPECT_EQ(findings.size(), 1u);
}

TEST_F(FrequencyCapDetectorTest, SubsecondTimesShareTheirSecondAndAllOfItFires) {
  for (int h : {0, 1}) EXPECT_TRUE(Send(Msg(t0_ + hours(h))).empty());
  // Two messages in the same second, 3rd and 4th: both are flagged once both are counted.
  const OutboundEvent a = Msg(t0_ + hours(2) + std::chrono::milliseconds(100));
  const OutboundEvent b = Msg(t0_ + hours(2) + std::chrono::milliseconds(900));
  state_.AddMessage(a);
  state_.AddMessage(b);
  EXPECT_EQ(Judge(a).size(), 1u);
  EXPECT_EQ(Judge(b).size(), 1u);
}

TEST_F(FrequencyCapDetectorTest, CountsVoiceSmsAndMmsTogetherAcrossSenders) {
  OutboundEvent call = Msg(t0_, Channel::kVoice, kVoice);
  call.sender_id = SenderId("dialer-1");
  EXPECT_TRUE(Send(call).empty());
  OutboundEvent mms = Msg(t0_ + hours(1), Channel::kMms, "marketing.communications.mms");
  mms.sender_id = SenderId("number-2");
  EXPECT_TRUE(Send(mms).empty());
  EXPECT_TRUE(Send(Msg(t0_ + hours(2))).empty());
  EXPECT_EQ(Send(Msg(t0_ + hours(3), Channel::kVoice, kVoice)).size(), 1u);
}

TEST_F(FrequencyCapDetectorTest, EmailAndTransactionalMessagesAreNeitherCountedNorJudged) {
  for (int h : {0, 1, 2}) EXPECT_TRUE(Send(Msg(t0_ + hours(h))).empty());
  EXPECT_TRUE(Send(Msg(t0_ + hours(3), Channel::kEmail, "marketing.communications.email")).empty());
  EXPECT_TRUE(Send(Msg(t0_ + hours(4), Channel::kSms, kReceipt)).empty());
  EXPECT_TRUE(Send(Msg(t0_ + hours(5), Channel::kSms, "essential.service.account")).empty());
  // The 4th marketing text still counts 4, not 6.
  const auto f = Send(Msg(t0_ + hours(6)));
  ASSERT_EQ(f.size(), 1u);
  simdjson::dom::parser parser;
  EXPECT_EQ(int64_t(ParseJson(parser, f[0].evidence_json)["observed"]), 4);
}

TEST_F(FrequencyCapDetectorTest, EachSubjectMatterIsCountedApart) {
  for (int h : {0, 1, 2}) EXPECT_TRUE(Send(Msg(t0_ + hours(h))).empty());
  // marketing.advertising is another subject matter: its 1st to 3rd are fine.
  for (int h : {3, 4, 5}) EXPECT_TRUE(Send(Msg(t0_ + hours(h), Channel::kSms, kAds)).empty());
  EXPECT_EQ(Send(Msg(t0_ + hours(6), Channel::kSms, kAds)).size(), 1u);
  EXPECT_EQ(Send(Msg(t0_ + hours(7), Channel::kVoice, kVoice)).size(), 1u);
}

TEST_F(FrequencyCapDetectorTest, AnotherTenantsMessagesDoNotCount) {
  for (int h : {0, 1, 2}) EXPECT_TRUE(Send(Msg(t0_ + hours(h))).empty());
  EXPECT_TRUE(Send(Msg(t0_ + hours(3), Channel::kSms, kSms, "US-FL", "beta")).empty());
  EXPECT_EQ(Send(Msg(t0_ + hours(4))).size(), 1u);
}

TEST_F(FrequencyCapDetectorTest, OnlyStatesWithACapAndOnlyOnceInForce) {
  for (const char* j : {"US", "DK", ""}) {
    FakeState state;
    for (int h : {0, 1, 2, 3, 4}) state.AddMessage(Msg(t0_ + hours(h), Channel::kSms, kSms, j));
    std::vector<Finding> f;
    detector_.Evaluate(Msg(t0_ + hours(4), Channel::kSms, kSms, j), state, f);
    EXPECT_TRUE(f.empty()) << j;
  }
  // Maryland's Act is in force from 2024-01-01 (midnight in New York).
  const auto fourth_md = [&](Timestamp start) {
    FakeState state;
    for (int h : {0, 1, 2, 3}) {
      state.AddMessage(Msg(start + hours(h), Channel::kSms, kSms, "US-MD"));
    }
    std::vector<Finding> f;
    detector_.Evaluate(Msg(start + hours(3), Channel::kSms, kSms, "US-MD"), state, f);
    return f.size();
  };
  EXPECT_EQ(fourth_md(T("2023-12-31T12:00:00Z")), 0u);  // 4th at 15:00 UTC, 2023-12-31
  EXPECT_EQ(fourth_md(T("2024-01-01T05:00:00Z")), 1u);  // 4th at 08:00 UTC, 2024-01-01
  // Oklahoma's from 2022-11-01.
  FakeState ok;
  for (int h : {0, 1, 2, 3}) ok.AddMessage(Msg(t0_ + hours(h), Channel::kSms, kSms, "US-OK"));
  std::vector<Finding> f;
  detector_.Evaluate(Msg(t0_ + hours(3), Channel::kSms, kSms, "US-OK"), ok, f);
  EXPECT_EQ(f.size(), 1u);
}

TEST_F(FrequencyCapDetectorTest, OutOfOrderCountsGiveTheSameVerdicts) {
  std::vector<OutboundEvent> messages;
  for (int h : {0, 3, 7, 9, 30, 31, 40, 55, 56, 60}) messages.push_back(Msg(t0_ + hours(h)));
  // By hand: 9 h counts 0, 3, 7, 9; 55 h counts 40, 55 (31 is on the open end); 60 h counts 40,
  // 55, 56, 60.
  const std::vector<bool> expected = {false, false, false, true, false,
                                      false, false, false, false, true};
  std::mt19937 rng(11);
  for (int round = 0; round < 5; ++round) {
    std::vector<OutboundEvent> shuffled = messages;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    FakeState state;
    for (const auto& m : shuffled) state.AddMessage(m);
    for (size_t i = 0; i < messages.size(); ++i) {
      std::vector<Finding> f;
      detector_.Evaluate(messages[i], state, f);
      EXPECT_EQ(!f.empty(), expected[i]) << "round " << round << ", message " << i;
    }
  }
}

TEST_F(FrequencyCapDetectorTest, TenantCapAcrossEveryChannelCitesTheTenant) {
  ASSERT_TRUE(policies_
                  .AddTenantFrequencyCap(
                      TenantId("acme"),
                      FrequencyCap{.name = "marketing-any-channel",
                                   .max = 4,
                                   .window = hours(24 * 6),
                                   .purposes = {"marketing"},
                                   .clause = {{"at most 4 marketing messages in 6 days",
                                               "tenant policy (acme)"},
                                              Policy::ClauseKind::kTenantPolicy}})
                  .ok());
  // DK has no statutory cap: only the tenant's applies, on every channel.
  const Channel channels[] = {Channel::kEmail, Channel::kPush, Channel::kSms, Channel::kWhatsapp};
  for (int d = 0; d < 4; ++d) {
    EXPECT_TRUE(Send(Msg(t0_ + hours(24 * d), channels[d], kAds, "DK")).empty()) << d;
  }
  const auto f = Send(Msg(t0_ + hours(24 * 5), Channel::kInApp, kAds, "DK"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_THAT(f[0].reason, HasSubstr("Sent the 5th message in 6 days from tenant acme to this "
                                     "person on any channel (this in_app message"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "tenant_policy");
  EXPECT_EQ(std::string_view(doc["clause"]["source"]), "tenant policy (acme)");
  EXPECT_EQ(std::string_view(doc["cap"]["tenant"]), "acme");
  EXPECT_TRUE(doc["cap"]["jurisdiction"].is_null());
  EXPECT_EQ(std::string_view(doc["cap"]["channels"].at(0)), "*");
  EXPECT_TRUE(doc["scope"]["subject_matter"].is_null());
  // Six days after the first, the first has left the window: 5 counted, not 6.
  const auto later = Send(Msg(t0_ + hours(24 * 6), Channel::kEmail, kAds, "DK"));
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(int64_t(ParseJson(parser, later[0].evidence_json)["observed"]), 5);
  // Another tenant has no cap of its own.
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(Send(Msg(t0_ + hours(i), Channel::kEmail, kAds, "DK", "beta")).empty());
  }
}

TEST_F(FrequencyCapDetectorTest, NamesTheFirstExceededCapAndListsTheOthers) {
  ASSERT_TRUE(policies_
                  .AddTenantFrequencyCap(
                      TenantId("acme"),
                      FrequencyCap{.name = "two-a-day",
                                   .max = 2,
                                   .window = hours(24),
                                   .purposes = {"marketing"},
                                   .clause = {{"at most 2 a day", "tenant policy (acme)"},
                                              Policy::ClauseKind::kTenantPolicy}})
                  .ok());
  EXPECT_TRUE(Send(Msg(t0_)).empty());
  EXPECT_TRUE(Send(Msg(t0_ + hours(1))).empty());
  // The 3rd exceeds only the tenant's cap.
  auto f = Send(Msg(t0_ + hours(2)));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_THAT(f[0].reason, HasSubstr("cap \"two-a-day\" allows 2"));
  // The 4th exceeds both: one finding, naming the state's cap first.
  f = Send(Msg(t0_ + hours(3)));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_THAT(f[0].reason, HasSubstr("cap \"US-FL 3 per 24 h\" allows 3 (1 other cap exceeded "
                                     "too)"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f[0].evidence_json);
  ASSERT_EQ(doc["also_exceeded"].get_array().size(), 1u);
  EXPECT_EQ(std::string_view(doc["also_exceeded"].at(0)["name"]), "two-a-day");
  EXPECT_EQ(int64_t(doc["also_exceeded"].at(0)["observed"]), 4);
}

TEST_F(FrequencyCapDetectorTest, SeverityComesFromParamsAndBadParamsAreRejected) {
  Taxonomy taxonomy = Taxonomy::Default();
  const DetectorEnv env{taxonomy, policies_};
  auto high = FrequencyCapDetector::Create({{"severity", "high"}}, env);
  ASSERT_TRUE(high.ok());
  for (int h : {0, 1, 2, 3}) state_.AddMessage(Msg(t0_ + hours(h)));
  std::vector<Finding> f;
  (*high)->Evaluate(Msg(t0_ + hours(3)), state_, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ((*high)->Needs(), StateNeed::kFrequency);
  EXPECT_FALSE(FrequencyCapDetector::Create({{"severity", "loud"}}, env).ok());
  EXPECT_FALSE(FrequencyCapDetector::Create({{"max", "3"}}, env).ok());
}

TEST(FrequencyCapTest, SubjectMatterDropsOnlyAChannelLeaf) {
  EXPECT_EQ(FrequencyCap::SubjectMatter("marketing.communications.sms"),
            "marketing.communications");
  EXPECT_EQ(FrequencyCap::SubjectMatter("marketing.communications.voice"),
            "marketing.communications");
  EXPECT_EQ(FrequencyCap::SubjectMatter("marketing.advertising"), "marketing.advertising");
  EXPECT_EQ(FrequencyCap::SubjectMatter("marketing"), "marketing");
  EXPECT_EQ(FrequencyCap::SubjectMatter("sms"), "sms");
}

TEST(FrequencyCapTest, PolicySetRejectsBadCaps) {
  PolicySet set;
  const FrequencyCap good{.name = "c", .clause = {{"r", "s"}, Policy::ClauseKind::kLaw}};
  EXPECT_TRUE(set.SetJurisdictionFrequencyCaps("US-TX", {good}).ok());
  FrequencyCap bad = good;
  bad.max = 0;
  EXPECT_FALSE(set.AddTenantFrequencyCap(TenantId("t"), bad).ok());
  bad = good;
  bad.window = std::chrono::milliseconds(1500);
  EXPECT_FALSE(set.AddTenantFrequencyCap(TenantId("t"), bad).ok());
  bad = good;
  bad.window = hours(24 * 91);
  EXPECT_FALSE(set.AddTenantFrequencyCap(TenantId("t"), bad).ok());
  bad = good;
  bad.purposes.clear();
  EXPECT_FALSE(set.AddTenantFrequencyCap(TenantId("t"), bad).ok());
  bad = good;
  bad.clause = {};
  EXPECT_FALSE(set.AddTenantFrequencyCap(TenantId("t"), bad).ok());
  EXPECT_TRUE(set.AddTenantFrequencyCap(TenantId("t"), good).ok());
  EXPECT_FALSE(set.AddTenantFrequencyCap(TenantId("t"), good).ok());  // same name twice
  EXPECT_EQ(set.tenant_caps().at(TenantId("t")).size(), 1u);
  EXPECT_EQ(set.LongestFrequencyWindow(), hours(24));
  EXPECT_EQ(PolicySet::Default().LongestFrequencyWindow(), hours(24));
  EXPECT_EQ(PolicySet().LongestFrequencyWindow(), Duration(0));
}

}  // namespace
}  // namespace consentry
