#include "state/campaign_history.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/testing/time.h"
#include "state/campaign_codec.h"
#include "state/test_util.h"

namespace consentry {
namespace {

using testing::At;

CampaignDeclaration Version(std::string purpose, std::optional<Timestamp> from,
                            std::optional<Timestamp> to = std::nullopt) {
  CampaignDeclaration d;
  d.campaign_id = CampaignId("spring-sale");
  d.tenant = TenantId("acme");
  d.declared_purposes = {std::move(purpose)};
  d.valid_from = from;
  d.valid_to = to;
  return d;
}

// The purpose of the version in force at `t`, or "none".
std::string InForce(const CampaignHistory& h, Timestamp t) {
  const CampaignDeclaration* d = h.At(t);
  return d == nullptr ? "none" : d->declared_purposes.front();
}

TEST(CampaignHistoryTest, EmptyHistoryHasNothingInForce) {
  const CampaignHistory h;
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(h.At(At("2026-01-01T00:00:00Z")), nullptr);
}

TEST(CampaignHistoryTest, ValidFromIsInclusiveAndValidToExclusive) {
  CampaignHistory h;
  const Timestamp from = At("2026-01-01T00:00:00Z");
  const Timestamp to = At("2026-02-01T00:00:00Z");
  ASSERT_TRUE(h.Add(Version("marketing", from, to)));
  EXPECT_EQ(InForce(h, from - Duration(1)), "none");
  EXPECT_EQ(InForce(h, from), "marketing");
  EXPECT_EQ(InForce(h, to - Duration(1)), "marketing");
  EXPECT_EQ(InForce(h, to), "none");
}

TEST(CampaignHistoryTest, AbsentDatesAreOpenEnded) {
  CampaignHistory h;
  ASSERT_TRUE(h.Add(Version("marketing", std::nullopt)));
  EXPECT_EQ(InForce(h, At("1970-01-01T00:00:00Z")), "marketing");
  EXPECT_EQ(InForce(h, At("2999-12-31T23:59:59Z")), "marketing");
  CampaignHistory until;
  ASSERT_TRUE(until.Add(Version("marketing", std::nullopt, At("2026-01-01T00:00:00Z"))));
  EXPECT_EQ(InForce(until, At("2025-12-31T23:59:59Z")), "marketing");
  EXPECT_EQ(InForce(until, At("2026-01-01T00:00:00Z")), "none");
}

TEST(CampaignHistoryTest, UpdatedDeclarationAppliesFromItsValidFrom) {
  const Timestamp v2_from = At("2026-03-01T00:00:00Z");
  const CampaignDeclaration v1 = Version("marketing.communications.email",
                                         At("2026-01-01T00:00:00Z"));  // open-ended
  const CampaignDeclaration v2 = Version("marketing.communications.sms", v2_from);
  for (const bool v2_first : {false, true}) {
    CampaignHistory h;
    ASSERT_TRUE(h.Add(v2_first ? v2 : v1));
    ASSERT_TRUE(h.Add(v2_first ? v1 : v2));
    EXPECT_EQ(InForce(h, v2_from - Duration(1)), "marketing.communications.email");
    EXPECT_EQ(InForce(h, v2_from), "marketing.communications.sms");
    EXPECT_EQ(InForce(h, At("2027-01-01T00:00:00Z")), "marketing.communications.sms");
    EXPECT_EQ(h.versions().size(), 2u);
  }
}

TEST(CampaignHistoryTest, GapBetweenVersionsHasNothingInForce) {
  CampaignHistory h;
  ASSERT_TRUE(h.Add(Version("a", At("2026-01-01T00:00:00Z"), At("2026-02-01T00:00:00Z"))));
  ASSERT_TRUE(h.Add(Version("b", At("2026-03-01T00:00:00Z"))));
  EXPECT_EQ(InForce(h, At("2026-02-15T00:00:00Z")), "none");
  EXPECT_EQ(InForce(h, At("2026-03-01T00:00:00Z")), "b");
}

TEST(CampaignHistoryTest, AVersionWithoutValidFromLosesToOneThatStarted) {
  CampaignHistory h;
  ASSERT_TRUE(h.Add(Version("b", At("2026-03-01T00:00:00Z"))));
  ASSERT_TRUE(h.Add(Version("always", std::nullopt)));  // added later, but started "ever"
  EXPECT_EQ(InForce(h, At("2026-02-01T00:00:00Z")), "always");
  EXPECT_EQ(InForce(h, At("2026-04-01T00:00:00Z")), "b");
}

TEST(CampaignHistoryTest, CorrectionWithTheSameValidFromReplacesTheEarlierVersion) {
  const Timestamp from = At("2026-01-01T00:00:00Z");
  CampaignHistory h;
  ASSERT_TRUE(h.Add(Version("wrong", from)));
  ASSERT_TRUE(h.Add(Version("corrected", from)));
  EXPECT_EQ(InForce(h, At("2026-01-02T00:00:00Z")), "corrected");
}

TEST(CampaignHistoryTest, ACorrectionCanEndTheCampaignEarly) {
  const Timestamp from = At("2026-01-01T00:00:00Z");
  CampaignHistory h;
  ASSERT_TRUE(h.Add(Version("open-ended", from)));
  ASSERT_TRUE(h.Add(Version("ended", from, At("2026-02-01T00:00:00Z"))));
  EXPECT_EQ(InForce(h, At("2026-01-15T00:00:00Z")), "ended");
  EXPECT_EQ(InForce(h, At("2026-03-01T00:00:00Z")), "none");
}

TEST(CampaignHistoryTest, RepublishingAnOlderVersionRollsBackToIt) {
  const Timestamp from = At("2026-01-01T00:00:00Z");
  CampaignHistory h;
  ASSERT_TRUE(h.Add(Version("a", from)));
  ASSERT_TRUE(h.Add(Version("b", from)));
  ASSERT_TRUE(h.Add(Version("a", from)));
  EXPECT_EQ(InForce(h, At("2026-01-02T00:00:00Z")), "a");
  EXPECT_EQ(h.versions().size(), 2u);
  EXPECT_FALSE(h.Add(Version("a", from)));  // the newest again: a redelivery
}

TEST(CampaignHistoryTest, AddingAnIdenticalVersionIsANoOp) {
  CampaignHistory h;
  ASSERT_TRUE(h.Add(testing::FullCampaign("spring-sale")));
  EXPECT_FALSE(h.Add(testing::FullCampaign("spring-sale")));
  EXPECT_EQ(h.versions().size(), 1u);
}

TEST(CampaignHistoryTest, RoundTripsEveryVersion) {
  CampaignHistory h;
  ASSERT_TRUE(h.Add(testing::FullCampaign("spring-sale")));
  CampaignDeclaration bare;
  bare.campaign_id = CampaignId("spring-sale");
  bare.tenant = TenantId("acme");
  ASSERT_TRUE(h.Add(bare));
  auto decoded = CampaignHistory::Decode(h.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->versions().size(), 2u);
  testing::ExpectSameCampaign(decoded->versions()[0], testing::FullCampaign("spring-sale"));
  testing::ExpectSameCampaign(decoded->versions()[1], bare);

  auto empty = CampaignHistory::Decode(CampaignHistory().Encode());
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());
}

TEST(CampaignHistoryTest, DecodesTheSingleDeclarationFormat) {
  const CampaignDeclaration c = testing::FullCampaign("spring-sale");
  auto decoded = CampaignHistory::Decode(EncodeCampaign(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->versions().size(), 1u);
  testing::ExpectSameCampaign(decoded->versions()[0], c);
}

TEST(CampaignHistoryTest, EveryTruncationIsDataLoss) {
  CampaignHistory h;
  ASSERT_TRUE(h.Add(testing::FullCampaign("spring-sale")));
  ASSERT_TRUE(h.Add(Version("marketing", At("2026-01-01T00:00:00Z"))));
  const std::string bytes = h.Encode();
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = CampaignHistory::Decode(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.ok()) << "length " << len;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss);
  }
  EXPECT_EQ(CampaignHistory::Decode(bytes + "!").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(CampaignHistory::Decode("\x07" + bytes.substr(1)).status().code(),
            StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
