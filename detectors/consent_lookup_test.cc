#include "detectors/consent_lookup.h"

#include <gtest/gtest.h>

#include "detectors/testing/events.h"

namespace consentry {
namespace {

using testing::Grant;
using testing::Message;
using testing::T;
using testing::Withdraw;

TEST(ConsentLookupTest, LatestCoveringWinsAndTiesGoToEventIdOrder) {
  ConsentLedger ledger;
  const Timestamp at = T("2026-02-01T09:00:00Z");
  ASSERT_TRUE(ledger.Insert(Withdraw("b", at, {Channel::kSms}, {"marketing"})));
  ASSERT_TRUE(ledger.Insert(Grant("a", at, {Channel::kSms}, {"marketing"})));
  ASSERT_TRUE(ledger.Insert(Grant("z-later", T("2026-03-05T00:00:00Z"), {Channel::kSms},
                                  {"marketing"})));
  const OutboundEvent m =
      Message(Channel::kSms, "marketing.communications.sms", "DK", T("2026-03-01T10:00:00Z"));
  const CoveringLookup lookup = FindLatestCovering(ledger, m);
  ASSERT_NE(lookup.latest, nullptr);
  EXPECT_EQ(lookup.latest->event_id.value(), "b");  // same recorded_at: "b" sorts after "a"
  EXPECT_EQ(lookup.decisions_considered, 2);
  EXPECT_EQ(lookup.covering_decisions, 2);
}

TEST(ConsentLookupTest, ObjectionCoversMarketingOnly) {
  ConsentEvent objection = testing::Decision("o", ConsentAction::kObject,
                                             T("2026-02-01T09:00:00Z"), {Channel::kEmail},
                                             {"marketing", "essential"});
  const Timestamp sent = T("2026-03-01T10:00:00Z");
  EXPECT_TRUE(DecisionCovers(objection,
                             Message(Channel::kEmail, "marketing.profiling", "DK", sent)));
  EXPECT_FALSE(DecisionCovers(
      objection, Message(Channel::kEmail, "essential.service.transactional", "DK", sent)));
}

}  // namespace
}  // namespace consentry
