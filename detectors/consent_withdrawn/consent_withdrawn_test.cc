#include "detectors/consent_withdrawn/consent_withdrawn.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::AllChannels;
using testing::Days;
using testing::Decision;
using testing::FakeState;
using testing::Grant;
using testing::Message;
using testing::ParseJson;
using testing::T;
using testing::Withdraw;

using testing::kSms;

ConsentEvent FromFeedback(ConsentEvent d, const char* kind) {
  d.source = std::string("feedback:") + kind;
  d.method = std::string_view(kind) == "stop_reply" ? ConsentMethod::kSmsKeyword
                                                    : ConsentMethod::kEmailLink;
  return d;
}

class ConsentWithdrawnDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const { return Run(m, state_); }
  std::vector<Finding> Run(const OutboundEvent& m, const StateView& state) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state, findings);
    return findings;
  }
  OutboundEvent SmsToUs(Timestamp sent) const { return Message(Channel::kSms, kSms, "US", sent); }
  void GrantThenWithdraw(std::vector<Channel> channels, std::vector<std::string> purposes) {
    state_.AddConsent(Grant("c-1", granted_, {Channel::kSms}, {kSms}));
    state_.AddConsent(Withdraw("c-2", withdrawn_, std::move(channels), std::move(purposes)));
  }

  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  ConsentWithdrawnDetector detector_{taxonomy_, policies_};
  FakeState state_;
  Timestamp granted_ = T("2026-01-05T08:00:00Z");
  // Tuesday 17 Feb 2026, 05:00 in New York. The 10th US business day after it is Tuesday
  // 3 March, so the window closes at midnight starting 4 March, EST.
  Timestamp withdrawn_ = T("2026-02-17T10:00:00Z");
  Timestamp deadline_ = T("2026-03-04T05:00:00Z");
  Timestamp late_ = withdrawn_ + Days(15);
};

TEST_F(ConsentWithdrawnDetectorTest, FiresAfterTheBusinessDayWindow) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  const auto findings = Run(SmsToUs(late_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "consent.withdrawn");
  EXPECT_EQ(f.rule_version, "2");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.reason,
            "Sent 15 days after the person withdrew consent for marketing.communications.sms on "
            "2026-02-17T10:00:00Z; the US policy requires honouring a withdrawal within 10 "
            "business days (by 2026-03-04T05:00:00Z) (47 CFR 64.1200(a)(10), (d)(3) (FCC 24-24, "
            "in force 2025-04-11)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "US");
  EXPECT_EQ(std::string_view(doc["clause"]["source"]),
            "47 CFR 64.1200(a)(10), (d)(3) (FCC 24-24, in force 2025-04-11)");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "law");
  EXPECT_EQ(std::string_view(doc["withdrawal"]["event_id"]), "c-2");
  EXPECT_EQ(std::string_view(doc["withdrawal"]["action"]), "withdraw");
  EXPECT_EQ(std::string_view(doc["withdrawn_via"]), "consent_event");
  EXPECT_FALSE(bool(doc["revoke_all"]));
  EXPECT_EQ(std::string_view(doc["window"]["kind"]), "business_days");
  EXPECT_EQ(int64_t(doc["window"]["business_days"]), 10);
  EXPECT_EQ(std::string_view(doc["window"]["calendar"]), "US");
  EXPECT_EQ(std::string_view(doc["window"]["time_zone"]), "America/New_York");
  EXPECT_THAT(std::string(std::string_view(doc["window"]["calendar_source"])),
              HasSubstr("5 U.S.C. 6103(a)"));
  EXPECT_EQ(std::string_view(doc["deadline"]), "2026-03-04T05:00:00Z");
  EXPECT_EQ(int64_t(doc["window_seconds"]), 14 * 86400 + 19 * 3600);
  EXPECT_EQ(int64_t(doc["delay_seconds"]), 15 * 86400);
  EXPECT_FALSE(bool(doc["deadline_fallback"]));
  EXPECT_TRUE(doc["later_grant_not_counted"].is_null());
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(ConsentWithdrawnDetectorTest, LastBusinessDayOfTheWindowAndTheNext) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  // 23:59:59.999999 on Tuesday 3 March in New York: the last moment of the 10th business day.
  EXPECT_TRUE(Run(SmsToUs(deadline_ - Duration(1))).empty());
  // Midnight starting Wednesday 4 March, the next business day: late.
  EXPECT_EQ(Run(SmsToUs(deadline_)).size(), 1u);
  EXPECT_TRUE(Run(SmsToUs(withdrawn_)).empty());
  // Twelve calendar days later is still inside ten business days (the v1 rule fired here).
  EXPECT_TRUE(Run(SmsToUs(withdrawn_ + Days(12))).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, HolidayInsideTheWindowExtendsIt) {
  // Withdrawn Wednesday 25 Nov 2026; Thanksgiving on the 26th; the window ends with
  // Thursday 10 Dec, so it closes at 2026-12-11T05:00:00Z.
  state_.AddConsent(Withdraw("c-2", T("2026-11-25T15:00:00Z"), {Channel::kEmail}, {"marketing"}));
  const OutboundEvent inside =
      Message(Channel::kEmail, "marketing.communications.email", "US", T("2026-12-11T04:59:59Z"));
  EXPECT_TRUE(Run(inside).empty());
  OutboundEvent late = inside;
  late.sent_at = T("2026-12-11T05:00:00Z");
  const auto findings = Run(late);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("within 10 business days (by 2026-12-11T05:00:00Z) (CAN-SPAM 15 U.S.C. "
                        "7704(a)(4)(A))."));
}

TEST_F(ConsentWithdrawnDetectorTest, CanadaCountsItsOwnHolidaysAndZone) {
  // Withdrawn Thursday 24 Dec 2026 in Toronto; Christmas, Boxing Day on a Saturday observed
  // Monday 28, New Year's Day: business days 29, 30, 31 Dec, 4-8 Jan, 11, 12 Jan (10).
  state_.AddConsent(Withdraw("c-2", T("2026-12-24T15:00:00Z"), {Channel::kEmail}, {"marketing"}));
  const OutboundEvent m =
      Message(Channel::kEmail, "marketing.communications.email", "CA", T("2027-01-13T05:00:00Z"));
  const auto findings = Run(m);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("(by 2027-01-13T05:00:00Z) (CASL s. 11(3))."));
  OutboundEvent inside = m;
  inside.sent_at -= Duration(1);
  EXPECT_TRUE(Run(inside).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, ImmediateWindowFiresAtOnce) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  const auto findings = Run(Message(Channel::kSms, kSms, "", withdrawn_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("the default policy requires honouring a withdrawal at once (consentry "
                        "policy (default))."));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["window"]["kind"]), "immediate");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
  EXPECT_TRUE(Run(Message(Channel::kSms, kSms, "", withdrawn_ - Duration(1))).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, EuGraceIsTwoCalendarDays) {
  state_.AddConsent(Grant("c-1", granted_, {Channel::kEmail}, {"marketing"}));
  state_.AddConsent(
      Decision("o-1", ConsentAction::kObject, withdrawn_, {Channel::kEmail}, {"marketing"}));
  const OutboundEvent m =
      Message(Channel::kEmail, "marketing.communications.email", "DK", withdrawn_ + Days(2));
  const auto findings = Run(m);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].reason,
            "Sent 2 days after the person objected to marketing.communications.email on "
            "2026-02-17T10:00:00Z; the EU policy requires honouring an objection within 2 days "
            "(by 2026-02-19T10:00:00Z) (GDPR art. 7(3), 21(2)-(3)).");
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["window"]["kind"]), "calendar_time");
  EXPECT_EQ(int64_t(doc["window"]["calendar_seconds"]), 2 * 86400);
  EXPECT_TRUE(doc["window"]["calendar"].is_null());
  OutboundEvent inside = m;
  inside.sent_at -= Duration(1);
  EXPECT_TRUE(Run(inside).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, ObjectionStillStopsAnEuMarketingLetter) {
  // A letter needs no prior consent in the EU (outside ePrivacy art. 13), but GDPR art. 21(3)
  // still makes an objection absolute.
  state_.AddConsent(AllChannels(
      Decision("o-1", ConsentAction::kObject, withdrawn_, {}, {"marketing"})));
  const auto findings =
      Run(Message(Channel::kLetter, "marketing.advertising", "FR", withdrawn_ + Days(3)));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("(GDPR art. 7(3), 21(2)-(3))."));
}

TEST_F(ConsentWithdrawnDetectorTest, StopReplyIsAWithdrawal) {
  state_.AddConsent(Grant("c-1", granted_, {Channel::kSms}, {kSms}));
  state_.AddConsent(FromFeedback(Withdraw("fb-1", withdrawn_, {Channel::kSms}, {"marketing"}),
                                 "stop_reply"));
  const auto findings = Run(SmsToUs(late_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("Sent 15 days after the person replied STOP on 2026-02-17T10:00:00Z; "));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["withdrawn_via"]), "stop_reply");
  EXPECT_EQ(std::string_view(doc["withdrawal"]["source"]), "feedback:stop_reply");
  EXPECT_EQ(std::string_view(doc["withdrawal"]["method"]), "sms_keyword");
  // Transactional texts continue.
  EXPECT_TRUE(Run(Message(Channel::kSms, "essential.service.transactional", "US", late_)).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, UnsubscribeClickIsAWithdrawalOnThatChannelOnly) {
  state_.AddConsent(Grant("c-1", granted_, {Channel::kEmail, Channel::kSms}, {"marketing"}));
  state_.AddConsent(FromFeedback(Withdraw("fb-1", withdrawn_, {Channel::kEmail}, {"marketing"}),
                                 "unsubscribe_click"));
  const auto findings =
      Run(Message(Channel::kEmail, "marketing.communications.email", "US", late_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("after the person clicked unsubscribe on "));
  simdjson::dom::parser parser;
  EXPECT_EQ(std::string_view(ParseJson(parser, findings[0].evidence_json)["withdrawn_via"]),
            "unsubscribe_click");
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());  // the SMS grant still stands
}

TEST_F(ConsentWithdrawnDetectorTest, RevokeAllFrom2027CoversEveryCallAndText) {
  // A STOP to a marketing text in March 2027, then an autodialed survey call a month later.
  const Timestamp stop = T("2027-03-02T15:00:00Z");
  state_.AddConsent(Grant("c-1", granted_, {Channel::kVoice}, {"research"}));
  state_.AddConsent(
      FromFeedback(Withdraw("fb-1", stop, {Channel::kSms}, {"marketing"}), "stop_reply"));
  const OutboundEvent call = Message(Channel::kVoice, "research.surveys", "US", stop + Days(30));
  const auto findings = Run(call);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("which under revoke-all covers all of the tenant's calls and texts; "));
  EXPECT_THAT(findings[0].reason,
              HasSubstr("(47 CFR 64.1200(a)(10) (FCC 24-24; compliance date 2027-01-31, DA "
                        "26-12))."));
  simdjson::dom::parser parser;
  EXPECT_TRUE(bool(ParseJson(parser, findings[0].evidence_json)["revoke_all"]));
  // The same sequence a year earlier: the STOP covers only marketing texts.
  FakeState before;
  before.AddConsent(Grant("c-1", granted_, {Channel::kVoice}, {"research"}));
  before.AddConsent(FromFeedback(
      Withdraw("fb-1", stop - Days(365), {Channel::kSms}, {"marketing"}), "stop_reply"));
  OutboundEvent call_2026 = call;
  call_2026.sent_at -= Days(365);
  EXPECT_TRUE(Run(call_2026, before).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, UsPushWindowIsProductPolicy) {
  state_.AddConsent(Withdraw("c-2", withdrawn_, {Channel::kPush}, {"marketing"}));
  const auto findings =
      Run(Message(Channel::kPush, "marketing.communications.push", "US", late_));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
  EXPECT_EQ(std::string_view(doc["clause"]["source"]), "consentry policy");
}

TEST_F(ConsentWithdrawnDetectorTest, QuietWhenConsentedOrNothingRecorded) {
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());
  state_.AddConsent(Grant("c-1", granted_, {Channel::kSms}, {kSms}));
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, AppliesWhenThePurposeNeedsNoConsent) {
  // US marketing email is opt-out (no consent needed), but an opt-out must be honoured.
  state_.AddConsent(Withdraw("c-2", withdrawn_, {Channel::kEmail}, {"marketing"}));
  const auto findings =
      Run(Message(Channel::kEmail, "marketing.communications.email", "US", late_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("(CAN-SPAM 15 U.S.C. 7704(a)(4)(A))."));
}

TEST_F(ConsentWithdrawnDetectorTest, WithdrawalOfParentPurposeCoversChild) {
  GrantThenWithdraw({Channel::kSms}, {"marketing"});
  EXPECT_EQ(Run(SmsToUs(late_)).size(), 1u);
}

TEST_F(ConsentWithdrawnDetectorTest, WithdrawalForOtherTenantDoesNotApply) {
  state_.AddConsent(Grant("c-1", granted_, {Channel::kSms}, {kSms}));
  ConsentEvent other = Withdraw("c-2", withdrawn_, {Channel::kSms}, {"marketing"});
  other.tenant = TenantId("globex");
  state_.AddConsent(other);
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, WithdrawalOnOneChannelOnly) {
  GrantThenWithdraw({Channel::kEmail}, {"marketing"});
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());
  EXPECT_EQ(Run(Message(Channel::kEmail, "marketing.communications.email", "US", late_)).size(),
            1u);
}

TEST_F(ConsentWithdrawnDetectorTest, AllChannelsWithdrawalApplies) {
  state_.AddConsent(Grant("c-1", granted_, {Channel::kSms}, {kSms}));
  state_.AddConsent(AllChannels(Withdraw("c-2", withdrawn_, {}, {"marketing"})));
  EXPECT_EQ(Run(SmsToUs(late_)).size(), 1u);
}

TEST_F(ConsentWithdrawnDetectorTest, WithdrawalRecordedAfterSentAtDoesNotCount) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  EXPECT_TRUE(Run(SmsToUs(withdrawn_ - Duration(1))).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, SameVerdictWhateverTheArrivalOrder) {
  std::vector<ConsentEvent> decisions = {
      Grant("c-1", granted_, {Channel::kSms}, {kSms}),
      Withdraw("c-2", withdrawn_, {Channel::kSms}, {"marketing"}),
      Grant("c-3", late_ + Duration(1), {Channel::kSms}, {kSms}),  // after the message
      Grant("c-4", granted_, {Channel::kEmail}, {"marketing"}),    // other channel
  };
  const auto by_id = [](const auto& a, const auto& b) { return a.event_id < b.event_id; };
  std::sort(decisions.begin(), decisions.end(), by_id);
  int permutations = 0;
  do {
    FakeState state;
    for (const auto& d : decisions) state.AddConsent(d);
    const auto findings = Run(SmsToUs(late_), state);
    ASSERT_EQ(findings.size(), 1u);
    simdjson::dom::parser parser;
    EXPECT_EQ(std::string_view(ParseJson(parser, findings[0].evidence_json)["withdrawal"]
                                         ["event_id"]),
              "c-2");
    ++permutations;
  } while (std::next_permutation(decisions.begin(), decisions.end(), by_id));
  EXPECT_EQ(permutations, 24);
}

TEST_F(ConsentWithdrawnDetectorTest, ObjectionNeverBlocksTransactional) {
  state_.AddConsent(AllChannels(Decision("o-1", ConsentAction::kObject, withdrawn_, {},
                                         {"marketing", "essential"})));
  EXPECT_TRUE(
      Run(Message(Channel::kEmail, "essential.service.transactional", "DK", late_)).empty());
  EXPECT_TRUE(Run(Message(Channel::kEmail, "essential.service.account", "US", late_)).empty());
  EXPECT_EQ(Run(Message(Channel::kEmail, "marketing.profiling", "DK", late_)).size(), 1u);
}

TEST_F(ConsentWithdrawnDetectorTest, ReGrantAfterWithdrawalIsQuiet) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  state_.AddConsent(Grant("c-3", withdrawn_ + Days(1), {Channel::kSms}, {"marketing"}));
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, AGrantThatIsNotConsentDoesNotLiftAWithdrawal) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  ConsentEvent ebr = Grant("c-3", withdrawn_ + Days(1), {Channel::kSms}, {"marketing"});
  ebr.legal_basis = LegalBasis::kExistingRelationship;  // a purchase after the STOP
  state_.AddConsent(ebr);
  const auto findings = Run(SmsToUs(late_));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  EXPECT_EQ(std::string_view(ParseJson(parser, findings[0].evidence_json)
                                 ["later_grant_not_counted"]["event_id"]),
            "c-3");
}

TEST_F(ConsentWithdrawnDetectorTest, ExpiryIsNotAWithdrawal) {
  state_.AddConsent(
      Decision("c-2", ConsentAction::kExpire, withdrawn_, {Channel::kSms}, {"marketing"}));
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, FactoryRejectsUnknownParamsAndHonoursSeverity) {
  const DetectorEnv env{taxonomy_, policies_};
  auto bad = ConsentWithdrawnDetector::Create({{"window_days", "3"}}, env);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("\"window_days\""));
  auto detector = ConsentWithdrawnDetector::Create({{"severity", "low"}}, env);
  ASSERT_TRUE(detector.ok());
  GrantThenWithdraw({Channel::kSms}, {kSms});
  std::vector<Finding> findings;
  (*detector)->Evaluate(SmsToUs(late_), state_, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kLow);
}

}  // namespace
}  // namespace consentry
