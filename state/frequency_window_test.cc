#include "state/frequency_window.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/testing/time.h"
#include "state/codec.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

using testing::At;

bool Any(const FrequencyBucket&) { return true; }

TEST(FrequencyWindowTest, CountsMessagesInAHalfOpenWindow) {
  FrequencyWindow w;
  w.Add(At("2026-03-01T10:00:00Z"), TenantId("acme"), Channel::kSms, "marketing");
  w.Add(At("2026-03-01T11:00:00Z"), TenantId("acme"), Channel::kSms, "marketing");
  w.Add(At("2026-03-02T10:00:00Z"), TenantId("acme"), Channel::kSms, "marketing");
  // (10:00 day 1, 10:00 day 2]: the first message is on the open end.
  EXPECT_EQ(w.Count(&Any, At("2026-03-01T10:00:00Z"), At("2026-03-02T10:00:00Z")), 2);
  EXPECT_EQ(w.Count(&Any, At("2026-03-01T09:59:59Z"), At("2026-03-02T10:00:00Z")), 3);
  EXPECT_EQ(w.Count(&Any, At("2026-03-01T09:59:59Z"), At("2026-03-02T09:59:59Z")), 2);
  EXPECT_EQ(w.Count(&Any, At("2026-03-03T00:00:00Z"), At("2026-03-04T00:00:00Z")), 0);
}

// The cache's estimate (state/keyed_values.h): nothing for an empty window, the same per bucket
// (a second message in a bucket adds nothing), more once Count has built its index.
TEST(FrequencyWindowTest, ApproxBytesGrowWithBucketsAndTheIndex) {
  FrequencyWindow w;
  EXPECT_EQ(w.ApproxBytes(), 0u);
  w.Add(At("2026-03-01T10:00:00Z"), TenantId("acme"), Channel::kSms, "marketing");
  const size_t one = w.ApproxBytes();
  EXPECT_GT(one, 0u);
  w.Add(At("2026-03-01T10:00:00.500Z"), TenantId("acme"), Channel::kSms, "marketing");
  EXPECT_EQ(w.ApproxBytes(), one);
  w.Add(At("2026-03-01T10:00:01Z"), TenantId("acme"), Channel::kSms, "marketing");
  EXPECT_EQ(w.ApproxBytes(), 2 * one);
  EXPECT_EQ(w.Count(&Any, At("2026-03-01T09:00:00Z"), At("2026-03-01T11:00:00Z")), 3);
  EXPECT_GT(w.ApproxBytes(), 2 * one);
}

TEST(FrequencyWindowTest, TruncatesToTheSecondAndSharesBuckets) {
  FrequencyWindow w;
  w.Add(At("2026-03-01T10:00:00.100Z"), TenantId("acme"), Channel::kSms, "marketing");
  w.Add(At("2026-03-01T10:00:00.900Z"), TenantId("acme"), Channel::kSms, "marketing");
  ASSERT_EQ(w.buckets().size(), 1u);
  EXPECT_EQ(w.buckets().begin()->second, 2);
  EXPECT_EQ(w.buckets().begin()->first.start(), At("2026-03-01T10:00:00Z"));
  // A negative time floors down, not toward zero.
  EXPECT_EQ(FrequencyWindow::SecondOf(FromMicros(-1)), -1);
}

TEST(FrequencyWindowTest, ScopeFilterSeesEveryField) {
  FrequencyWindow w;
  const Timestamp t = At("2026-03-01T10:00:00Z");
  w.Add(t, TenantId("acme"), Channel::kSms, "marketing.communications.sms");
  w.Add(t, TenantId("acme"), Channel::kVoice, "marketing.communications.voice", 2);
  w.Add(t, TenantId("beta"), Channel::kSms, "marketing.communications.sms", 4);
  const Timestamp before = t - std::chrono::seconds(1);
  EXPECT_EQ(w.Count([](const FrequencyBucket& b) { return b.tenant == "acme"; }, before, t), 3);
  EXPECT_EQ(w.Count([](const FrequencyBucket& b) { return b.channel == Channel::kSms; }, before,
                    t),
            5);
  EXPECT_EQ(w.Count([](const FrequencyBucket& b) { return b.purpose.ends_with("voice"); },
                    before, t),
            2);
}

TEST(FrequencyWindowTest, InsertionOrderDoesNotMatter) {
  std::vector<int> seconds = {5, 1, 9, 1, 3, 7, 7, 7, 2};
  FrequencyWindow sorted_order, shuffled;
  std::vector<int> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  for (int s : sorted) {
    sorted_order.Add(FromMicros(s * 1'000'000LL), TenantId("acme"), Channel::kSms, "m");
  }
  std::mt19937 rng(7);
  std::shuffle(seconds.begin(), seconds.end(), rng);
  for (int s : seconds) {
    shuffled.Add(FromMicros(s * 1'000'000LL), TenantId("acme"), Channel::kSms, "m");
  }
  EXPECT_EQ(shuffled, sorted_order);
  EXPECT_EQ(shuffled.Encode(), sorted_order.Encode());
  // Seconds 3..7 inclusive: 3, 5, 7, 7, 7.
  EXPECT_EQ(shuffled.Count(&Any, FromMicros(2'000'000), FromMicros(7'000'000)), 5);
}

TEST(FrequencyWindowTest, MergeAddsCounts) {
  FrequencyWindow a, b;
  a.Add(FromMicros(1'000'000), TenantId("acme"), Channel::kSms, "m");
  b.Add(FromMicros(1'000'000), TenantId("acme"), Channel::kSms, "m", 2);
  b.Add(FromMicros(2'000'000), TenantId("beta"), Channel::kEmail, "m");
  a.Merge(b);
  EXPECT_EQ(a.Count(&Any, FromMicros(0), FromMicros(1'000'000)), 3);
  EXPECT_EQ(a.Count(&Any, FromMicros(0), FromMicros(2'000'000)), 4);
}

TEST(FrequencyWindowTest, DropBeforeKeepsTheCutoffSecond) {
  FrequencyWindow w;
  for (int s : {1, 2, 3}) w.Add(FromMicros(s * 1'000'000LL), TenantId("a"), Channel::kSms, "m");
  EXPECT_EQ(w.DropBefore(FromMicros(2'000'000)), 1u);
  EXPECT_EQ(w.buckets().size(), 2u);
  // A cutoff inside second 2 drops the bucket of second 2 (it starts before the cutoff).
  EXPECT_EQ(w.DropBefore(FromMicros(2'000'001)), 1u);
  EXPECT_EQ(w.newest(), FromMicros(3'000'000));
  EXPECT_EQ(w.DropBefore(FromMicros(9'000'000)), 1u);
  EXPECT_TRUE(w.empty());
}

TEST(FrequencyWindowTest, EncodesToAKnownLayout) {
  FrequencyWindow w;
  w.Add(FromMicros(3'000'000), TenantId("b"), Channel::kSms, "p", 2);
  w.Add(FromMicros(1'000'000), TenantId("a"), Channel::kSms, "p");
  // Built by hand from the layout in frequency_window.h.
  std::string expected;
  ByteWriter x(&expected);
  x.PutU8(1);
  x.PutVarint64(2);
  x.PutString("a");
  x.PutString("b");
  x.PutVarint64(1);
  x.PutString("p");
  x.PutVarint64(2);
  x.PutSignedVarint64(1);  // second 1
  x.PutVarint64(0);
  wire::PutChannel(x, Channel::kSms);
  x.PutVarint64(0);
  x.PutVarint64(1);
  x.PutSignedVarint64(2);  // second 3 = 1 + 2
  x.PutVarint64(1);
  wire::PutChannel(x, Channel::kSms);
  x.PutVarint64(0);
  x.PutVarint64(2);
  EXPECT_EQ(w.Encode(), expected);
  auto back = FrequencyWindow::Decode(expected);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, w);
}

TEST(FrequencyWindowTest, EmptyWindowRoundTrips) {
  const std::string bytes = FrequencyWindow().Encode();
  EXPECT_EQ(bytes, std::string("\x01\x00\x00\x00", 4));
  auto back = FrequencyWindow::Decode(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->empty());
}

TEST(FrequencyWindowTest, RejectsMalformedBytes) {
  FrequencyWindow w;
  w.Add(FromMicros(1'000'000), TenantId("a"), Channel::kSms, "p");
  w.Add(FromMicros(2'000'000), TenantId("b"), Channel::kVoice, "q");
  const std::string good = w.Encode();
  ASSERT_TRUE(FrequencyWindow::Decode(good).ok());
  std::vector<std::string> bad = {
      "",                                     // empty
      std::string("\x02\x00\x00\x00", 4),     // unknown format
      good.substr(0, good.size() - 1),        // truncated
      good + "x",                             // trailing bytes
      std::string("\x01\x01\x01" "a\x00\x00", 6),  // unused tenant
  };
  // Two buckets out of order: second 2 then second 1 (delta -1).
  std::string unordered;
  ByteWriter u(&unordered);
  u.PutU8(1);
  u.PutVarint64(1);
  u.PutString("a");
  u.PutVarint64(1);
  u.PutString("p");
  u.PutVarint64(2);
  for (int64_t delta : {2, -1}) {
    u.PutSignedVarint64(delta);
    u.PutVarint64(0);
    wire::PutChannel(u, Channel::kSms);
    u.PutVarint64(0);
    u.PutVarint64(1);
  }
  bad.push_back(unordered);
  // A zero count, an index out of range, an unknown channel code.
  for (int field = 0; field < 3; ++field) {
    std::string b;
    ByteWriter v(&b);
    v.PutU8(1);
    v.PutVarint64(1);
    v.PutString("a");
    v.PutVarint64(1);
    v.PutString("p");
    v.PutVarint64(1);
    v.PutSignedVarint64(1);
    v.PutVarint64(field == 1 ? 5 : 0);
    if (field == 2) {
      v.PutU8(0xEE);
    } else {
      wire::PutChannel(v, Channel::kSms);
    }
    v.PutVarint64(0);
    v.PutVarint64(field == 0 ? 0 : 1);
    bad.push_back(b);
  }
  for (size_t i = 0; i < bad.size(); ++i) {
    auto decoded = FrequencyWindow::Decode(bad[i]);
    EXPECT_FALSE(decoded.ok()) << i;
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss) << i;
    }
  }
}

// Count (an index of running totals kept up to date by Add and DropBefore) against a walk over
// buckets(), after every step of a random mix of in-order and late messages, drops, merges,
// copies and encode/decode round trips.
TEST(FrequencyWindowTest, CountEqualsAWalkOverTheBucketsAfterAnyChange) {
  std::mt19937_64 rng(7);
  const Timestamp base = At("2026-03-01T00:00:00Z");
  const std::vector<std::string> tenants = {"acme", "globex"};
  const std::vector<Channel> channels = {Channel::kSms, Channel::kEmail, Channel::kVoice};
  const std::vector<std::string> purposes = {"marketing.communications.sms", "marketing.x"};
  const auto walk = [](const FrequencyWindow& w, const std::string& tenant, Timestamp from,
                       Timestamp to) {
    int64_t n = 0;
    for (const auto& [b, count] : w.buckets()) {
      if (b.tenant == tenant && b.start() > from && b.start() <= to) n += count;
    }
    return n;
  };
  FrequencyWindow w;
  int64_t now = 0;  // seconds after base
  for (int step = 0; step < 3000; ++step) {
    const uint64_t op = rng() % 100;
    if (op < 80) {
      // Mostly in time order; one in five a late message up to 2 minutes back.
      now += static_cast<int64_t>(rng() % 3);
      const int64_t at =
          op < 64 ? now : std::max<int64_t>(0, now - static_cast<int64_t>(rng() % 120));
      w.Add(base + std::chrono::seconds(at) + std::chrono::milliseconds(rng() % 1000),
            TenantId(tenants[rng() % 2]), channels[rng() % 3], purposes[rng() % 2],
            1 + static_cast<int64_t>(rng() % 3));
    } else if (op < 90) {
      w.DropBefore(base + std::chrono::seconds(now - 300 - static_cast<int64_t>(rng() % 300)));
    } else if (op < 94) {
      FrequencyWindow other;
      other.Add(base + std::chrono::seconds(now), TenantId("acme"), Channel::kSms, purposes[0]);
      w.Merge(other);
    } else if (op < 97) {
      FrequencyWindow copy = w;
      w = std::move(copy);
    } else {
      w = FrequencyWindow::Decode(w.Encode()).value();
    }
    const std::string& tenant = tenants[rng() % 2];
    const Timestamp to = base + std::chrono::seconds(now - static_cast<int64_t>(rng() % 60));
    const Timestamp from = to - std::chrono::seconds(1 + rng() % 600);
    const int64_t counted =
        w.Count([&](const FrequencyBucket& b) { return b.tenant == tenant; }, from, to);
    ASSERT_EQ(counted, walk(w, tenant, from, to)) << "step " << step;
  }
}

}  // namespace
}  // namespace consentry
