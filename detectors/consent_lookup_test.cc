#include "detectors/consent_lookup.h"

#include <gtest/gtest.h>

#include "detectors/testing/events.h"

namespace consentry {
namespace {

using testing::Message;
using testing::T;

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
