#include "state/suppression_history.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

#include "core/testing/time.h"
#include "state/test_util.h"

namespace consentry {
namespace {

using testing::At;

SuppressionEvent Entry(SuppressionList list, Timestamp added,
                       std::optional<Timestamp> removed = std::nullopt,
                       std::string tenant = "acme",
                       std::optional<ChannelSet> channels = std::nullopt) {
  SuppressionEvent e;
  e.subject = SubjectId("subject-1");
  e.list = list;
  e.added_at = added;
  e.removed_at = removed;
  e.tenant = TenantId(std::move(tenant));
  e.channels = std::move(channels);
  return e;
}

const TenantId kAcme("acme");

size_t ActiveCount(const SuppressionHistory& h, Timestamp t, const TenantId& tenant = kAcme,
                   Channel channel = Channel::kSms) {
  return h.ActiveAt(tenant, channel, t).size();
}

TEST(SuppressionHistoryTest, EmptyHistoryHasNothingActive) {
  const SuppressionHistory h;
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(ActiveCount(h, At("2026-01-01T00:00:00Z")), 0u);
}

TEST(SuppressionHistoryTest, AddedAtIsInclusiveAndRemovedAtExclusive) {
  const Timestamp added = At("2026-01-01T00:00:00Z");
  const Timestamp removed = At("2026-02-01T00:00:00Z");
  SuppressionHistory h;
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, added, removed)));
  EXPECT_EQ(ActiveCount(h, added - Duration(1)), 0u);
  EXPECT_EQ(ActiveCount(h, added), 1u);
  EXPECT_EQ(ActiveCount(h, removed - Duration(1)), 1u);
  EXPECT_EQ(ActiveCount(h, removed), 0u);
}

TEST(SuppressionHistoryTest, RemovalUpdatesTheKnownEntry) {
  const Timestamp added = At("2026-01-01T00:00:00Z");
  const Timestamp removed = At("2026-02-01T00:00:00Z");
  SuppressionHistory h;
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kInternal, added)));
  EXPECT_EQ(ActiveCount(h, At("2026-06-01T00:00:00Z")), 1u);
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kInternal, added, removed)));
  ASSERT_EQ(h.entries().size(), 1u);
  EXPECT_EQ(h.entries()[0].removed_at, removed);
  // Sent before the removal: still on the list then. After: off it.
  EXPECT_EQ(ActiveCount(h, At("2026-01-15T00:00:00Z")), 1u);
  EXPECT_EQ(ActiveCount(h, At("2026-06-01T00:00:00Z")), 0u);
}

TEST(SuppressionHistoryTest, RedeliveryChangesNothing) {
  const Timestamp added = At("2026-01-01T00:00:00Z");
  SuppressionHistory h;
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, added)));
  EXPECT_FALSE(h.Apply(Entry(SuppressionList::kDnc, added)));
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, added, At("2026-02-01T00:00:00Z"))));
  EXPECT_FALSE(h.Apply(Entry(SuppressionList::kDnc, added, At("2026-02-01T00:00:00Z"))));
  // A late redelivered add (without removed_at) does not bring a removed entry back.
  EXPECT_FALSE(h.Apply(Entry(SuppressionList::kDnc, added)));
  EXPECT_EQ(h.entries().size(), 1u);
  EXPECT_EQ(ActiveCount(h, At("2026-06-01T00:00:00Z")), 0u);
}

TEST(SuppressionHistoryTest, RemovalArrivingBeforeTheAddGivesTheSameHistory) {
  const Timestamp added = At("2026-01-01T00:00:00Z");
  const Timestamp removed = At("2026-02-01T00:00:00Z");
  SuppressionHistory in_order;
  ASSERT_TRUE(in_order.Apply(Entry(SuppressionList::kComplaint, added)));
  ASSERT_TRUE(in_order.Apply(Entry(SuppressionList::kComplaint, added, removed)));
  SuppressionHistory reversed;
  ASSERT_TRUE(reversed.Apply(Entry(SuppressionList::kComplaint, added, removed)));
  EXPECT_FALSE(reversed.Apply(Entry(SuppressionList::kComplaint, added)));
  EXPECT_EQ(in_order.Encode(), reversed.Encode());
}

TEST(SuppressionHistoryTest, TenantlessEntryReachesEveryTenant) {
  const Timestamp added = At("2026-01-01T00:00:00Z");
  const Timestamp t = At("2026-03-01T00:00:00Z");
  SuppressionHistory h;
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, added, std::nullopt, "")));
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kInternal, added, std::nullopt, "globex")));
  EXPECT_EQ(ActiveCount(h, t, kAcme), 1u);
  EXPECT_EQ(ActiveCount(h, t, TenantId("initech")), 1u);
  EXPECT_EQ(ActiveCount(h, t, TenantId("globex")), 2u);
}

TEST(SuppressionHistoryTest, ChannelsLimitWhereAnEntryReaches) {
  const Timestamp added = At("2026-01-01T00:00:00Z");
  const Timestamp t = At("2026-03-01T00:00:00Z");
  SuppressionHistory h;
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, added, std::nullopt, "acme",
                            ChannelSet{.all = false, .channels = {Channel::kVoice}})));
  EXPECT_EQ(ActiveCount(h, t, kAcme, Channel::kVoice), 1u);
  EXPECT_EQ(ActiveCount(h, t, kAcme, Channel::kSms), 0u);
  SuppressionHistory all;
  ASSERT_TRUE(all.Apply(Entry(SuppressionList::kDnc, added, std::nullopt, "acme",
                              ChannelSet{.all = true, .channels = {}})));
  ASSERT_TRUE(all.Apply(Entry(SuppressionList::kInternal, added)));  // absent: every channel
  EXPECT_EQ(ActiveCount(all, t, kAcme, Channel::kLetter), 2u);
}

TEST(SuppressionHistoryTest, ChangedChannelSetUpdatesTheEntry) {
  const Timestamp added = At("2026-01-01T00:00:00Z");
  SuppressionHistory h;
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, added, std::nullopt, "acme",
                            ChannelSet{.all = false, .channels = {Channel::kVoice}})));
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, added, std::nullopt, "acme",
                            ChannelSet{.all = false, .channels = {Channel::kSms}})));
  ASSERT_EQ(h.entries().size(), 1u);
  EXPECT_EQ(ActiveCount(h, added, kAcme, Channel::kSms), 1u);
  EXPECT_EQ(ActiveCount(h, added, kAcme, Channel::kVoice), 0u);
}

TEST(SuppressionHistoryTest, EntriesAreOrderedWhateverTheArrivalOrder) {
  std::vector<SuppressionEvent> entries = {
      Entry(SuppressionList::kDnc, At("2026-03-01T00:00:00Z")),
      Entry(SuppressionList::kLegalHold, At("2026-01-01T00:00:00Z")),
      Entry(SuppressionList::kDnc, At("2026-01-01T00:00:00Z")),  // same time, other list
      Entry(SuppressionList::kDnc, At("2026-01-01T00:00:00Z"), std::nullopt, ""),  // all tenants
  };
  const auto by_time = [](const SuppressionEvent& a, const SuppressionEvent& b) {
    return std::tie(a.added_at, a.list, a.tenant) < std::tie(b.added_at, b.list, b.tenant);
  };
  std::sort(entries.begin(), entries.end(), by_time);
  std::string first_encoding;
  do {
    SuppressionHistory h;
    for (const SuppressionEvent& e : entries) ASSERT_TRUE(h.Apply(e));
    ASSERT_EQ(h.entries().size(), 4u);
    EXPECT_TRUE(std::is_sorted(h.entries().begin(), h.entries().end(), by_time));
    if (first_encoding.empty()) first_encoding = h.Encode();
    EXPECT_EQ(h.Encode(), first_encoding);
  } while (std::next_permutation(entries.begin(), entries.end(), by_time));
}

TEST(SuppressionHistoryTest, RoundTripsEveryEntry) {
  SuppressionHistory h;
  const ChannelSet sms_and_in_app{.all = false, .channels = {Channel::kSms, Channel::kInApp}};
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kLegalHold, At("2026-01-01T00:00:00Z"),
                            At("2026-02-01T00:00:00.5Z"), "", sms_and_in_app)));
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kComplaint, At("2026-01-05T00:00:00Z"))));
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, At("2026-01-06T00:00:00Z"), std::nullopt,
                            "acme", ChannelSet{.all = true, .channels = {}})));
  auto decoded = SuppressionHistory::Decode(h.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->entries().size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const SuppressionEvent& a = decoded->entries()[i];
    const SuppressionEvent& b = h.entries()[i];
    EXPECT_EQ(a.subject, b.subject);
    EXPECT_EQ(a.list, b.list);
    EXPECT_EQ(a.tenant, b.tenant);
    EXPECT_EQ(a.added_at, b.added_at);
    EXPECT_EQ(a.removed_at, b.removed_at);
    ASSERT_EQ(a.channels.has_value(), b.channels.has_value());
    if (a.channels) testing::ExpectSameChannels(*a.channels, *b.channels);
  }
  EXPECT_EQ(decoded->entries()[0].subject, SubjectId("subject-1"));
  auto empty = SuppressionHistory::Decode(SuppressionHistory().Encode());
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());
}

TEST(SuppressionHistoryTest, EveryTruncationIsDataLoss) {
  SuppressionHistory h;
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kDnc, At("2026-01-01T00:00:00Z"),
                            At("2026-02-01T00:00:00Z"), "",
                            ChannelSet{.all = false, .channels = {Channel::kSms}})));
  ASSERT_TRUE(h.Apply(Entry(SuppressionList::kInternal, At("2026-01-05T00:00:00Z"))));
  const std::string bytes = h.Encode();
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = SuppressionHistory::Decode(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.ok()) << "length " << len;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss);
  }
  EXPECT_EQ(SuppressionHistory::Decode(bytes + "!").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(SuppressionHistory::Decode("\x09" + bytes.substr(1)).status().code(),
            StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
