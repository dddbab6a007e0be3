#include "alerts/quoted_decisions.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(QuotedDecisionsTest, FindsDecisionObjectsWhereverTheEvidencePutsThem) {
  // A consent.withdrawn-like evidence: the withdrawal at the top, grants in a list, and an
  // object with a recorded_at but no action (not a decision).
  auto found = QuotedDecisions(
      R"({"policy":"EU","withdrawal":{"event_id":"c-2","recorded_at":"2026-03-02T09:00:00Z",)"
      R"("action":"withdraw","channels":["*"]},"history":{"grants":[{"event_id":"c-1",)"
      R"("recorded_at":"2026-01-02T09:00:00Z","action":"grant","evidence":{"receipt_id":"r"}}]},)"
      R"("campaign":{"recorded_at":"2026-01-01T00:00:00Z"},"delay_seconds":10})");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].event_id, "c-2");
  EXPECT_EQ((*found)[0].recorded_at, "2026-03-02T09:00:00Z");
  EXPECT_EQ((*found)[0].json,
            R"({"event_id":"c-2","recorded_at":"2026-03-02T09:00:00Z","action":"withdraw",)"
            R"("channels":["*"]})");
  EXPECT_EQ((*found)[1].event_id, "c-1");
  EXPECT_EQ((*found)[1].json,
            R"({"event_id":"c-1","recorded_at":"2026-01-02T09:00:00Z","action":"grant",)"
            R"("evidence":{"receipt_id":"r"}})");
}

TEST(QuotedDecisionsTest, ADecisionQuotedTwiceIsListedOnce) {
  auto found = QuotedDecisions(
      R"({"a":{"event_id":"c-1","recorded_at":"2026-01-02T09:00:00Z","action":"grant"},)"
      R"("b":[{"event_id":"c-1","recorded_at":"2026-01-02T09:00:00Z","action":"grant"}]})");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 1u);
}

TEST(QuotedDecisionsTest, EvidenceWithoutDecisionsAndBrokenEvidence) {
  auto none = QuotedDecisions(R"({"policy":"US","clause":{"rule":"r","source":"s"}})");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(QuotedDecisions("{\"a\":").ok());
  // Nesting past the walk's depth is left alone, not a crash.
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "[";
  for (int i = 0; i < 5000; ++i) deep += "]";
  EXPECT_NO_FATAL_FAILURE((void)QuotedDecisions(deep));
}

}  // namespace
}  // namespace consentry
