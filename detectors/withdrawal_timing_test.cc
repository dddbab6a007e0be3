#include "detectors/withdrawal_timing.h"

#include <gtest/gtest.h>

#include "detectors/testing/events.h"

namespace consentry {
namespace {

using testing::AllChannels;
using testing::Grant;
using testing::Message;
using testing::T;
using testing::Withdraw;

using testing::kSms;

class WithdrawalTimingTest : public ::testing::Test {
 protected:
  std::optional<WithdrawalTiming> Timing(Timestamp sent, const char* where = "US") const {
    return WithdrawalTimingFor(Message(Channel::kSms, kSms, where, sent), ledger_, taxonomy_,
                               policies_);
  }
  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  ConsentLedger ledger_;
  Timestamp withdrawn_ = T("2026-11-25T15:00:00Z");  // the day before Thanksgiving
};

TEST_F(WithdrawalTimingTest, NoneWithoutAWithdrawal) {
  EXPECT_EQ(Timing(withdrawn_), std::nullopt);
  ledger_.Insert(Grant("c-1", withdrawn_, {Channel::kSms}, {kSms}));
  EXPECT_EQ(Timing(withdrawn_), std::nullopt);
}

TEST_F(WithdrawalTimingTest, AWithdrawalDoesNotReachAMessageThatNeedsNoConsent) {
  ledger_.Insert(AllChannels(Withdraw("c-2", withdrawn_, {Channel::kSms}, {"essential"})));
  ledger_.Insert(AllChannels(Withdraw("c-3", withdrawn_, {Channel::kSms}, {"marketing"})));
  const Timestamp late = T("2027-03-01T12:00:00Z");
  EXPECT_EQ(WithdrawalTimingFor(Message(Channel::kSms, "essential.service.transactional", "US",
                                        late),
                                ledger_, taxonomy_, policies_),
            std::nullopt);
  // Marketing that needs no prior consent (US email) is still stopped by an opt-out.
  const auto email = WithdrawalTimingFor(
      Message(Channel::kEmail, "marketing.communications.email", "US", late), ledger_, taxonomy_,
      policies_);
  ASSERT_TRUE(email.has_value());
  EXPECT_FALSE(email->inside_window);
}

TEST_F(WithdrawalTimingTest, BusinessDaysAreCountedInTheRecipientsZone) {
  // A STOP at 23:30 in Los Angeles on Monday 2 March 2026 is already Tuesday in New York.
  ledger_.Insert(Withdraw("c-2", T("2026-03-03T07:30:00Z"), {Channel::kSms}, {"marketing"}));
  OutboundEvent m = Message(Channel::kSms, kSms, "US", T("2026-03-17T12:00:00Z"));
  // Counted in the policy's zone (America/New_York): Tuesday is day 0, ten business days end
  // at midnight after Tuesday 17 March, New York time.
  auto timing = WithdrawalTimingFor(m, ledger_, taxonomy_, policies_);
  ASSERT_TRUE(timing.has_value());
  EXPECT_EQ(timing->deadline, T("2026-03-18T04:00:00Z"));
  EXPECT_TRUE(timing->inside_window);
  // Counted in the recipient's zone: Monday is day 0, the window closed at midnight after
  // Monday 16 March, Los Angeles time, so the message is late.
  m.recipient_tz = "America/Los_Angeles";
  timing = WithdrawalTimingFor(m, ledger_, taxonomy_, policies_);
  ASSERT_TRUE(timing.has_value());
  EXPECT_EQ(timing->deadline, T("2026-03-17T07:00:00Z"));
  EXPECT_FALSE(timing->inside_window);
  // A zone the tz database does not know falls back to the policy's.
  m.recipient_tz = "Mars/Olympus_Mons";
  timing = WithdrawalTimingFor(m, ledger_, taxonomy_, policies_);
  ASSERT_TRUE(timing.has_value());
  EXPECT_EQ(timing->deadline, T("2026-03-18T04:00:00Z"));
}

TEST_F(WithdrawalTimingTest, InsideTheWindowForTheReports) {
  ledger_.Insert(Withdraw("c-2", withdrawn_, {Channel::kSms}, {"marketing"}));
  const auto inside = Timing(T("2026-12-11T04:59:59Z"));
  ASSERT_TRUE(inside.has_value());
  EXPECT_TRUE(inside->inside_window);
  EXPECT_EQ(inside->deadline, T("2026-12-11T05:00:00Z"));
  EXPECT_EQ(inside->window, HonouringWindow::BusinessDays(10));
  EXPECT_EQ(inside->delay, T("2026-12-11T04:59:59Z") - withdrawn_);
  EXPECT_EQ(inside->withdrawal->event_id.value(), "c-2");
  EXPECT_FALSE(inside->deadline_fallback);
  EXPECT_FALSE(inside->via_revoke_all);
  const auto late = Timing(T("2026-12-11T05:00:00Z"));
  ASSERT_TRUE(late.has_value());
  EXPECT_FALSE(late->inside_window);
}

TEST_F(WithdrawalTimingTest, CalendarTimeWindow) {
  ledger_.Insert(Withdraw("c-2", withdrawn_, {Channel::kSms}, {"marketing"}));
  const auto t = Timing(withdrawn_ + std::chrono::hours(47), "DK");
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->inside_window);
  EXPECT_EQ(t->deadline, T("2026-11-27T15:00:00Z"));
}

TEST_F(WithdrawalTimingTest, UnusableCalendarFallsBackToCalendarDays) {
  // A set that skipped Add's checks: its policy names a calendar that does not exist. The
  // deadline is then counted as 10 calendar days, never later than 10 business days.
  ledger_.Insert(Withdraw("c-2", withdrawn_, {Channel::kSms}, {"marketing"}));
  Policy broken{.name = "US", .withdrawal_window = HonouringWindow::BusinessDays(10)};
  broken.calendar = "XX";
  ConsentJudgement j = JudgeConsent(Message(Channel::kSms, kSms, "US", withdrawn_), ledger_,
                                    taxonomy_, policies_);
  j.policy = &broken;
  const auto t = TimingOf(Message(Channel::kSms, kSms, "US", withdrawn_), j, policies_);
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->deadline_fallback);
  EXPECT_EQ(t->deadline, T("2026-12-05T15:00:00Z"));
}

}  // namespace
}  // namespace consentry
