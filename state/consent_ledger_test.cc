#include "state/consent_ledger.h"

#include <gtest/gtest.h>

#include "state/test_util.h"

namespace consentry {
namespace {

using testing::FullConsentEvent;
using testing::SmallConsentEvent;

std::vector<std::string> Ids(const ConsentLedger& ledger) {
  std::vector<std::string> ids;
  for (const auto& d : ledger.decisions()) ids.push_back(d.event_id.value());
  return ids;
}

TEST(ConsentLedgerTest, OutOfOrderInsertsLandInEventTimeOrder) {
  ConsentLedger ledger;
  EXPECT_TRUE(ledger.Insert(SmallConsentEvent("c", 300)));
  EXPECT_TRUE(ledger.Insert(SmallConsentEvent("a", 100)));
  EXPECT_TRUE(ledger.Insert(SmallConsentEvent("b", 200)));
  EXPECT_TRUE(ledger.Insert(SmallConsentEvent("z", -50)));
  EXPECT_EQ(Ids(ledger), (std::vector<std::string>{"z", "a", "b", "c"}));
}

TEST(ConsentLedgerTest, TiesOnTimeAreOrderedByEventId) {
  ConsentLedger ledger;
  EXPECT_TRUE(ledger.Insert(SmallConsentEvent("y", 100)));
  EXPECT_TRUE(ledger.Insert(SmallConsentEvent("x", 100)));
  EXPECT_TRUE(ledger.Insert(SmallConsentEvent("w", 200)));
  EXPECT_EQ(Ids(ledger), (std::vector<std::string>{"x", "y", "w"}));
}

TEST(ConsentLedgerTest, InsertIsIdempotentOnEventId) {
  ConsentLedger ledger;
  EXPECT_TRUE(ledger.Insert(SmallConsentEvent("a", 100)));
  EXPECT_FALSE(ledger.Insert(SmallConsentEvent("a", 100)));
  // Same id replayed with another time (a corrupt producer) changes nothing either.
  ConsentEvent moved = SmallConsentEvent("a", 50);
  moved.action = ConsentAction::kWithdraw;
  EXPECT_FALSE(ledger.Insert(moved));
  ASSERT_EQ(ledger.decisions().size(), 1u);
  EXPECT_EQ(ledger.decisions()[0].action, ConsentAction::kGrant);
}

TEST(ConsentLedgerTest, EncodeDecodeRoundTripsEveryField) {
  ConsentLedger ledger;
  ASSERT_TRUE(ledger.Insert(FullConsentEvent("full", 1'700'000'000'123'456)));
  ASSERT_TRUE(ledger.Insert(SmallConsentEvent("small", -1)));
  ConsentEvent other = FullConsentEvent("other", 5);
  other.legal_basis.reset();
  other.method.reset();
  other.expires_at.reset();
  other.relationship_kind.reset();
  other.relationship_at.reset();
  other.channels = ChannelSet{.all = true, .channels = {}};
  ASSERT_TRUE(ledger.Insert(other));

  auto decoded = ConsentLedger::Decode(ledger.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->decisions().size(), ledger.decisions().size());
  for (size_t i = 0; i < ledger.decisions().size(); ++i) {
    testing::ExpectSameDecision(decoded->decisions()[i], ledger.decisions()[i]);
  }
}

TEST(ConsentLedgerTest, EveryEnumValueRoundTrips) {
  ConsentLedger ledger;
  int n = 0;
  for (auto action : {ConsentAction::kGrant, ConsentAction::kWithdraw, ConsentAction::kObject,
                      ConsentAction::kExpire}) {
    for (auto basis : {LegalBasis::kConsent, LegalBasis::kSoftOptIn,
                       LegalBasis::kExistingRelationship, LegalBasis::kLegitimateInterest,
                       LegalBasis::kContract, LegalBasis::kLegalObligation}) {
      ConsentEvent e = FullConsentEvent("e" + std::to_string(n), n);
      e.action = action;
      e.legal_basis = basis;
      e.method = static_cast<ConsentMethod>(n % 7);
      e.relationship_kind = static_cast<RelationshipKind>(n % 2);
      e.channels.channels = {static_cast<Channel>(n % 8)};
      ASSERT_TRUE(ledger.Insert(e));
      ++n;
    }
  }
  auto decoded = ConsentLedger::Decode(ledger.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->decisions().size(), ledger.decisions().size());
  for (size_t i = 0; i < ledger.decisions().size(); ++i) {
    testing::ExpectSameDecision(decoded->decisions()[i], ledger.decisions()[i]);
  }
}

TEST(ConsentLedgerTest, EmptyLedgerRoundTrips) {
  auto decoded = ConsentLedger::Decode(ConsentLedger().Encode());
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->empty());
}

TEST(ConsentLedgerTest, EveryTruncationIsDataLoss) {
  ConsentLedger ledger;
  ASSERT_TRUE(ledger.Insert(FullConsentEvent("a", 10)));
  ASSERT_TRUE(ledger.Insert(FullConsentEvent("b", 20)));
  const std::string bytes = ledger.Encode();
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = ConsentLedger::Decode(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.ok()) << "length " << len;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss) << "length " << len;
  }
  EXPECT_EQ(ConsentLedger::Decode(bytes + "x").status().code(), StatusCode::kDataLoss);
}

TEST(ConsentLedgerTest, GarbageNeverCrashes) {
  // Deterministic pseudo-random bytes, some of them starting with the right version byte.
  uint64_t x = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 2000; ++i) {
    std::string bytes;
    const int len = i % 97;
    for (int j = 0; j < len; ++j) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      bytes.push_back(static_cast<char>(x));
    }
    if (i % 2 == 0 && !bytes.empty()) bytes[0] = 1;
    auto decoded = ConsentLedger::Decode(bytes);
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss);
    }
  }
  EXPECT_EQ(ConsentLedger::Decode("\x09").status().code(), StatusCode::kDataLoss);
}

TEST(ConsentLedgerTest, SingleByteCorruptionIsDetectedOrHarmless) {
  ConsentLedger ledger;
  ASSERT_TRUE(ledger.Insert(FullConsentEvent("a", 10)));
  const std::string bytes = ledger.Encode();
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0xA5);
    auto decoded = ConsentLedger::Decode(bad);  // must not crash; either outcome is allowed
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss);
    }
  }
}

TEST(ConsentLedgerTest, DecodeRejectsOutOfOrderAndDuplicateDecisions) {
  ConsentLedger a, b;
  ASSERT_TRUE(a.Insert(SmallConsentEvent("x", 200)));
  ASSERT_TRUE(b.Insert(SmallConsentEvent("y", 100)));
  // Splice two one-decision encodings into a two-decision ledger in the wrong order.
  const std::string ea = a.Encode(), eb = b.Encode();
  std::string spliced = std::string("\x01\x02") + ea.substr(2) + eb.substr(2);
  EXPECT_EQ(ConsentLedger::Decode(spliced).status().code(), StatusCode::kDataLoss);

  ConsentLedger c;
  ASSERT_TRUE(c.Insert(SmallConsentEvent("x", 300)));
  std::string dup = std::string("\x01\x02") + ea.substr(2) + c.Encode().substr(2);
  EXPECT_EQ(ConsentLedger::Decode(dup).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
