#include "detectors/consent_withdrawn/consent_withdrawn.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "detectors/consent_missing/consent_missing.h"
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

const std::string kSms = "marketing.communications.sms";

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
  ConsentWithdrawnDetector detector_{policies_};
  FakeState state_;
  Timestamp granted_ = T("2026-01-05T08:00:00Z");
  Timestamp withdrawn_ = T("2026-02-17T10:00:00Z");
  Timestamp late_ = withdrawn_ + Days(12);
};

TEST_F(ConsentWithdrawnDetectorTest, FiresAfterTheWindow) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  const auto findings = Run(SmsToUs(late_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "consent.withdrawn");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.reason,
            "Sent 12 days after the person withdrew consent for marketing.communications.sms on "
            "2026-02-17T10:00:00Z; the US policy requires honouring a withdrawal within 10 days "
            "(FCC order 24-24).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "US");
  EXPECT_EQ(std::string_view(doc["clause"]["source"]), "FCC order 24-24");
  EXPECT_EQ(std::string_view(doc["withdrawal"]["event_id"]), "c-2");
  EXPECT_EQ(std::string_view(doc["withdrawal"]["action"]), "withdraw");
  EXPECT_EQ(int64_t(doc["window_seconds"]), 10 * 86400);
  EXPECT_EQ(int64_t(doc["delay_seconds"]), 12 * 86400);
  EXPECT_EQ(std::string_view(doc["deadline"]), "2026-02-27T10:00:00Z");
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(ConsentWithdrawnDetectorTest, WindowEdgeIsLate) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  EXPECT_EQ(Run(SmsToUs(withdrawn_ + Days(10))).size(), 1u);
  EXPECT_TRUE(Run(SmsToUs(withdrawn_ + Days(10) - Duration(1))).empty());
  EXPECT_TRUE(Run(SmsToUs(withdrawn_)).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, ZeroWindowFiresAtOnce) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  const auto findings = Run(Message(Channel::kSms, kSms, "", withdrawn_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("without undue delay (GDPR art. 7(3))"));
  EXPECT_TRUE(Run(Message(Channel::kSms, kSms, "", withdrawn_ - Duration(1))).empty());
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
  EXPECT_THAT(findings[0].reason, HasSubstr("(CAN-SPAM 15 U.S.C. 7704)"));
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

TEST_F(ConsentWithdrawnDetectorTest, WithdrawalForOtherChannelDoesNotApply) {
  GrantThenWithdraw({Channel::kEmail}, {"marketing"});
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, AllChannelsWithdrawalApplies) {
  state_.AddConsent(Grant("c-1", granted_, {Channel::kSms}, {kSms}));
  state_.AddConsent(AllChannels(Withdraw("c-2", withdrawn_, {}, {"marketing"})));
  EXPECT_EQ(Run(SmsToUs(late_)).size(), 1u);
}

TEST_F(ConsentWithdrawnDetectorTest, WithdrawalRecordedAfterSentAtDoesNotCount) {
  GrantThenWithdraw({Channel::kSms}, {kSms});
  const Timestamp sent = withdrawn_ - Duration(1);
  EXPECT_TRUE(Run(SmsToUs(sent)).empty());
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

TEST_F(ConsentWithdrawnDetectorTest, ObjectionToMarketingFires) {
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
            "(GDPR art. 7(3), 21(3)).");
  OutboundEvent inside = m;
  inside.sent_at -= Duration(1);
  EXPECT_TRUE(Run(inside).empty());
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

TEST_F(ConsentWithdrawnDetectorTest, ExpiryIsNotAWithdrawal) {
  state_.AddConsent(
      Decision("c-2", ConsentAction::kExpire, withdrawn_, {Channel::kSms}, {"marketing"}));
  EXPECT_TRUE(Run(SmsToUs(late_)).empty());
}

TEST_F(ConsentWithdrawnDetectorTest, FactoryRejectsUnknownParams) {
  const DetectorEnv env{taxonomy_, policies_};
  auto bad = ConsentWithdrawnDetector::Create({{"window_days", "3"}}, env);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("\"window_days\""));
  EXPECT_TRUE(ConsentWithdrawnDetector::Create({}, env).ok());
}

// One violation, one alert: for any ledger and message, consent.missing and consent.withdrawn
// never both fire.
TEST_F(ConsentWithdrawnDetectorTest, NeverFiresTogetherWithConsentMissing) {
  const ConsentMissingDetector missing(taxonomy_, policies_);
  const std::vector<std::vector<ConsentEvent>> ledgers = {
      {},
      {Grant("c-1", granted_, {Channel::kSms}, {kSms})},
      {Withdraw("c-2", withdrawn_, {Channel::kSms}, {"marketing"})},
      {Grant("c-1", granted_, {Channel::kSms}, {kSms}),
       Withdraw("c-2", withdrawn_, {Channel::kSms}, {"marketing"})},
      {Decision("o-1", ConsentAction::kObject, withdrawn_, {Channel::kSms}, {"marketing"})},
      {Decision("c-3", ConsentAction::kExpire, withdrawn_, {Channel::kSms}, {"marketing"})},
  };
  int fired = 0;
  for (const auto& ledger : ledgers) {
    FakeState state;
    for (const auto& d : ledger) state.AddConsent(d);
    for (const char* jurisdiction : {"US", "DK", ""}) {
      for (const char* purpose : {kSms.c_str(), "essential.service.transactional"}) {
        for (Timestamp sent : {granted_, withdrawn_, late_}) {
          const OutboundEvent m = Message(Channel::kSms, purpose, jurisdiction, sent);
          std::vector<Finding> findings;
          missing.Evaluate(m, state, findings);
          detector_.Evaluate(m, state, findings);
          EXPECT_LE(findings.size(), 1u) << jurisdiction << " " << purpose;
          fired += static_cast<int>(findings.size());
        }
      }
    }
  }
  EXPECT_GT(fired, 0);
}

}  // namespace
}  // namespace consentry
