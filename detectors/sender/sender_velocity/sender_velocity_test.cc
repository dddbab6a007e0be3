#include "detectors/sender/sender_velocity/sender_velocity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "detectors/sender/sender_test_util.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::At;
using testing::Describe;
using testing::Msg;
using testing::ParseJson;
using testing::PersistedState;
using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kMidnight = At("2026-03-02T00:00:00Z");

// One input: `count` messages of `sender` spread over the minute starting kMidnight + `minute`.
struct Batch {
  int minute;
  int count;
  std::string sender = "s1";
  std::string campaign;
  std::optional<int64_t> expected_volume;
  int32_t partition = 0;
};

std::vector<std::pair<int32_t, SenderMessage>> Expand(const std::vector<Batch>& batches) {
  std::vector<std::pair<int32_t, SenderMessage>> out;
  for (const Batch& b : batches) {
    for (int i = 0; i < b.count; ++i) {
      SenderMessage m = Msg(kMidnight + minutes(b.minute) + std::chrono::microseconds(
                                                          int64_t{59'000'000} * i / b.count),
                            b.sender);
      m.campaign = CampaignId(b.campaign);
      m.expected_volume = b.expected_volume;
      out.emplace_back(b.partition, std::move(m));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) {
                     return a.second.sent_at < b.second.sent_at;
                   });
  return out;
}

// `minutes` minutes of a steady `per_minute` from minute `from`.
std::vector<Batch> Steady(int from, int minutes, int per_minute, std::string sender = "s1") {
  std::vector<Batch> out;
  for (int i = 0; i < minutes; ++i) out.push_back({from + i, per_minute, sender});
  return out;
}

std::vector<Batch> Concat(std::vector<Batch> a, const std::vector<Batch>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class SenderVelocityDetectorTest : public ::testing::Test {
 protected:
  // Adds every message in time order, closing every `step` of event time (the watermark trails
  // the inputs), then closes at `end`.
  static std::vector<SenderFinding> Run(SenderDetector& d, const std::vector<Batch>& batches,
                                        Timestamp end, Duration step = seconds(20)) {
    std::vector<SenderFinding> findings;
    Timestamp next_close = kMidnight + step;
    for (const auto& [partition, m] : Expand(batches)) {
      while (m.sent_at >= next_close) {
        d.Close(next_close, findings);
        next_close += step;
      }
      d.Add(partition, m);
    }
    d.Close(end, findings);
    return findings;
  }
  static std::vector<SenderFinding> Run(const std::vector<Batch>& batches, Timestamp end,
                                        SenderVelocityDetector::Options o = {}) {
    SenderVelocityDetector d(o);
    return Run(d, batches, end);
  }
};

TEST_F(SenderVelocityDetectorTest, HijackedAccountFiresOnTheFirstMinute) {
  const auto batches = Concat(Steady(0, 180, 5), {{180, 1000}});
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(181));
  ASSERT_EQ(findings.size(), 1u);
  const SenderFinding& f = findings[0];
  EXPECT_EQ(f.finding.detector, "sender.velocity");
  EXPECT_EQ(f.finding.rule_version, "1");
  EXPECT_EQ(f.finding.severity, Severity::kHigh);
  EXPECT_EQ(f.entity, "sender:s1");
  EXPECT_EQ(f.sender, SenderId("s1"));
  EXPECT_TRUE(f.campaign.empty());
  EXPECT_EQ(f.window_start, At("2026-03-02T03:00:00Z"));
  EXPECT_EQ(f.window_end, At("2026-03-02T03:01:00Z"));
  EXPECT_EQ(f.incident_key, "sender.velocity|t1|sender:s1|2026-03-02T03:00:00Z");
  EXPECT_EQ(f.finding.reason,
            "Sender s1 of tenant t1 sent 1,000 messages in the 1-minute window starting "
            "2026-03-02T03:00:00Z, above its baseline of 5.0 (sd 0.0) per window and the "
            "threshold of 25.0.");
  simdjson::dom::parser parser;
  const auto e = ParseJson(parser, f.finding.evidence_json);
  EXPECT_EQ(int64_t(e["observed"]), 1000);
  EXPECT_EQ(std::string_view(e["window"]["start"]), "2026-03-02T03:00:00Z");
  EXPECT_EQ(int64_t(e["window"]["length_seconds"]), 60);
  EXPECT_DOUBLE_EQ(double(e["baseline"]["mean"]), 5.0);
  EXPECT_DOUBLE_EQ(double(e["threshold"]), 25.0);
  EXPECT_EQ(int64_t(e["min_volume"]), 100);
  EXPECT_EQ(std::string_view(e["clause"]["kind"]), "consentry_policy");
}

TEST_F(SenderVelocityDetectorTest, LongWindowStaysQuietWhenAShortWindowInsideItFired) {
  const auto batches = Concat(Steady(0, 180, 5), {{180, 1000}});
  EXPECT_EQ(Run(batches, kMidnight + minutes(200)).size(), 1u);
}

TEST_F(SenderVelocityDetectorTest, LongWindowCatchesASlowRamp) {
  // 5/min for three hours, then 150/min for ten minutes: 1,500 in ten minutes, 30 x the long
  // baseline (the short window is kept out by its minimum volume).
  SenderVelocityDetector::Options o;
  o.min_volume = 1'000'000;  // keep the short window out of it
  const auto batches = Concat(Steady(0, 180, 5), Steady(180, 10, 150));
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(190), o);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].window_start, At("2026-03-02T03:00:00Z"));
  EXPECT_EQ(findings[0].window_end, At("2026-03-02T03:10:00Z"));
  EXPECT_THAT(findings[0].finding.reason, HasSubstr("1,500 messages in the 10-minute window"));
}

TEST_F(SenderVelocityDetectorTest, SteadyTransactionalSenderDoesNotFire) {
  std::vector<Batch> batches;
  for (int i = 0; i < 240; ++i) batches.push_back({i, 250 + (i * 37) % 101});
  EXPECT_TRUE(Run(batches, kMidnight + minutes(250)).empty());
}

TEST_F(SenderVelocityDetectorTest, DeclaredCampaignWithinItsVolumeDoesNotFire) {
  std::vector<Batch> batches = Steady(0, 180, 5);
  for (int i = 0; i < 10; ++i) batches.push_back({180 + i, 1500, "s1", "spring", 15'000});
  EXPECT_TRUE(Run(batches, kMidnight + minutes(200)).empty());
}

TEST_F(SenderVelocityDetectorTest, NewSenderDuringWarmupDoesNotFire) {
  const auto batches = Concat(Steady(0, 25, 1000), {{25, 20'000}, {29, 20'000}});
  EXPECT_TRUE(Run(batches, kMidnight + minutes(40)).empty());
}

TEST_F(SenderVelocityDetectorTest, WarmupEndsExactlyWarmupAfterTheFirstMessage) {
  // First message at kMidnight for both; a burst in the window starting kMidnight + 29m is still
  // warm-up, one starting kMidnight + 30m is judged.
  auto batches = Concat(Steady(0, 29, 5, "early"), {{29, 1000, "early"}});
  batches = Concat(batches, Concat(Steady(0, 30, 5, "late"), {{30, 1000, "late"}}));
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(31));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].entity, "sender:late");
}

TEST_F(SenderVelocityDetectorTest, MinVolumeIsInclusive) {
  auto batches = Concat(Steady(0, 60, 1, "a"), {{60, 99, "a"}});
  batches = Concat(batches, Concat(Steady(0, 60, 1, "b"), {{60, 100, "b"}}));
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(61));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].entity, "sender:b");
}

TEST_F(SenderVelocityDetectorTest, EmptyWindowsDecayTheBaselineAsZeros) {
  // 40/min for an hour, 7 silent minutes, then a burst. The threshold, computed here by
  // applying the EWMA to every window one by one (zeros included):
  double mean = 40;
  double var = 0;
  const auto update = [&](double x) {
    const double diff = x - mean;
    const double incr = 0.1 * diff;
    mean += incr;
    var = 0.9 * (var + diff * incr);
  };
  for (int i = 1; i < 60; ++i) update(40);
  for (int i = 0; i < 7; ++i) update(0);
  const double threshold = std::max(mean + 6 * std::sqrt(var), 5 * mean);
  const int at = static_cast<int>(std::floor(threshold));
  ASSERT_GE(at, 100);  // above min_volume, so the threshold decides
  auto batches = Concat(Steady(0, 60, 40, "at"), {{67, at, "at"}});
  batches = Concat(batches, Concat(Steady(0, 60, 40, "above"), {{67, at + 1, "above"}}));
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(68));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].entity, "sender:above");
  simdjson::dom::parser parser;
  const auto e = ParseJson(parser, findings[0].finding.evidence_json);
  EXPECT_NEAR(double(e["threshold"]), threshold, 1e-3);
}

TEST_F(SenderVelocityDetectorTest, CampaignPastItsDeclaredVolumeFiresOnceOnTheCrossingWindow) {
  // Declared 1,000, tolerance 10%: the limit is 1,100; running totals 500, 1,000, 1,500, 2,000.
  std::vector<Batch> batches;
  for (int i = 0; i < 4; ++i) batches.push_back({i, 500, "s1", "promo", 1000});
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(20));
  ASSERT_EQ(findings.size(), 1u);
  const SenderFinding& f = findings[0];
  EXPECT_EQ(f.entity, "campaign:promo");
  EXPECT_EQ(f.campaign, CampaignId("promo"));
  EXPECT_TRUE(f.sender.empty());
  EXPECT_EQ(f.window_start, At("2026-03-02T00:02:00Z"));
  EXPECT_EQ(f.incident_key, "sender.velocity|t1|campaign:promo|2026-03-02T00:02:00Z");
  EXPECT_EQ(f.finding.reason,
            "Campaign promo of tenant t1 has sent 1,500 messages, past its declared volume of "
            "1,000 plus the tolerance (1,100), in the window starting 2026-03-02T00:02:00Z.");
  simdjson::dom::parser parser;
  const auto e = ParseJson(parser, f.finding.evidence_json);
  EXPECT_EQ(int64_t(e["running_total"]), 1500);
  EXPECT_EQ(int64_t(e["threshold"]), 1100);
  EXPECT_EQ(int64_t(e["expected_volume"]), 1000);
}

TEST_F(SenderVelocityDetectorTest, ExcessOverTheDeclaredVolumeCountsForTheSender) {
  // Baseline 5/min; a campaign declared at 1,000 sends 1,000 within the limit, then 2,000 more
  // in one minute: 1,900 over the limit of 1,100 count for the sender.
  std::vector<Batch> batches = Steady(0, 180, 5);
  batches.push_back({180, 1000, "s1", "promo", 1000});
  batches.push_back({182, 2000, "s1", "promo", 1000});
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(183));
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].entity, "campaign:promo");
  EXPECT_EQ(findings[1].entity, "sender:s1");
  EXPECT_THAT(findings[1].finding.reason, HasSubstr("sent 1,900 messages"));
}

TEST_F(SenderVelocityDetectorTest, UndeclaredCampaignBurstIsFlaggedOnceOnItsSender) {
  std::vector<Batch> batches;
  for (int i = 0; i < 60; ++i) batches.push_back({i, 5, "s1", "news"});
  batches.push_back({60, 1000, "s1", "news"});
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(61));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].entity, "sender:s1");
}

TEST_F(SenderVelocityDetectorTest, UndeclaredCampaignIsJudgedOnItsBaselineOnRequest) {
  std::vector<Batch> batches;
  for (int i = 0; i < 60; ++i) batches.push_back({i, 5, "s1", "news"});
  batches.push_back({60, 1000, "s1", "news"});
  SenderVelocityDetector::Options o;
  o.campaign_baseline = true;
  const std::vector<SenderFinding> findings = Run(batches, kMidnight + minutes(61), o);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].entity, "campaign:news");
  EXPECT_EQ(findings[1].entity, "sender:s1");
}

TEST_F(SenderVelocityDetectorTest, CampaignBaselineMustBeABoolean) {
  EXPECT_TRUE(SenderVelocityDetector::Create({{"campaign_baseline", "true"}}).ok());
  const auto bad = SenderVelocityDetector::Create({{"campaign_baseline", "yes"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("campaign_baseline"), std::string::npos);
}

TEST_F(SenderVelocityDetectorTest, SplittingCloseCallsChangesNothing) {
  std::vector<Batch> batches = Concat(Steady(0, 180, 5), {{180, 1000}, {200, 3000}});
  for (int i = 0; i < 4; ++i) batches.push_back({100 + i, 500, "s2", "promo", 1000});
  const Timestamp end = kMidnight + minutes(230);
  SenderVelocityDetector once({});
  std::vector<SenderFinding> expected;
  for (const auto& [partition, m] : Expand(batches)) once.Add(partition, m);
  once.Close(end, expected);
  ASSERT_EQ(expected.size(), 3u);
  for (Duration step : {Duration(seconds(7)), Duration(minutes(1)), Duration(minutes(13))}) {
    SenderVelocityDetector split({});
    EXPECT_EQ(Describe(Run(split, batches, end, step)), Describe(expected));
  }
}

TEST_F(SenderVelocityDetectorTest, AddOrderWithinABatchChangesNothing) {
  const std::vector<Batch> batches = Concat(Steady(0, 180, 5), {{180, 1000}});
  auto inputs = Expand(batches);
  SenderVelocityDetector ordered({});
  SenderVelocityDetector shuffled({});
  std::vector<SenderFinding> a;
  std::vector<SenderFinding> b;
  for (const auto& [p, m] : inputs) ordered.Add(p, m);
  std::mt19937 rng(7);
  std::shuffle(inputs.begin(), inputs.end(), rng);
  for (const auto& [p, m] : inputs) shuffled.Add(p, m);
  ordered.Close(kMidnight + minutes(200), a);
  shuffled.Close(kMidnight + minutes(200), b);
  EXPECT_EQ(a.size(), 1u);
  EXPECT_EQ(Describe(a), Describe(b));
}

TEST_F(SenderVelocityDetectorTest, RestoredStateContinuesLikeAnUninterruptedRun) {
  std::vector<Batch> first = Steady(0, 120, 5);
  first.push_back({110, 600, "s2", "promo", 1000});
  std::vector<Batch> second = Concat(Steady(120, 60, 5), {{180, 1000}});
  second.push_back({121, 600, "s2", "promo", 1000});
  const Timestamp half = kMidnight + minutes(120);
  const Timestamp end = kMidnight + minutes(200);

  SenderVelocityDetector whole({});
  std::vector<SenderFinding> expected = Run(whole, first, half);
  const std::vector<SenderFinding> rest = Run(whole, second, end);
  expected.insert(expected.end(), rest.begin(), rest.end());
  ASSERT_EQ(expected.size(), 2u);

  SenderVelocityDetector before({});
  std::vector<SenderFinding> got = Run(before, first, half);
  PersistedState state;
  state.Apply(before);
  SenderVelocityDetector after({});
  state.RestoreInto(after);
  const std::vector<SenderFinding> more = Run(after, second, end);
  got.insert(got.end(), more.begin(), more.end());
  EXPECT_EQ(Describe(got), Describe(expected));
}

TEST_F(SenderVelocityDetectorTest, ChangesCarryAnExpiryThirtyDaysAfterTheLastMessage) {
  SenderVelocityDetector d({});
  d.Add(3, Msg(kMidnight + seconds(5), "s1"));
  PersistedState state;
  state.Apply(d);
  ASSERT_EQ(state.size(), 1u);
  EXPECT_EQ(state.entries().begin()->first.first, 3);
  EXPECT_EQ(state.entries().begin()->second.second,
            kMidnight + seconds(5) + std::chrono::hours(720));
  std::vector<SenderFinding> findings;
  d.Close(kMidnight + std::chrono::hours(720) + seconds(5), findings);
  state.Apply(d);
  EXPECT_EQ(state.size(), 0u);
}

TEST_F(SenderVelocityDetectorTest, ForgetDropsThePartitionsEntities) {
  SenderVelocityDetector d({});
  const auto batches = Concat(Steady(0, 180, 5), {{180, 1000}});
  for (const auto& [p, m] : Expand(batches)) d.Add(p == 0 ? 1 : p, m);
  d.Forget(1);
  std::vector<SenderFinding> findings;
  d.Close(kMidnight + minutes(200), findings);
  EXPECT_TRUE(findings.empty());
  PersistedState state;
  state.Apply(d);
  EXPECT_EQ(state.size(), 0u);
}

TEST_F(SenderVelocityDetectorTest, RestoreRejectsMalformedEntries) {
  SenderVelocityDetector d({});
  d.Add(0, Msg(kMidnight, "s1"));
  std::vector<SenderStateChange> changes;
  d.TakeChanges(changes);
  ASSERT_EQ(changes.size(), 1u);
  const std::string& key = changes[0].key;
  const std::string& value = *changes[0].value;
  SenderVelocityDetector fresh({});
  EXPECT_TRUE(fresh.Restore(0, key, value).ok());
  EXPECT_EQ(fresh.Restore(0, key, value.substr(0, value.size() - 1)).code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(fresh.Restore(0, key, value + "x").code(), StatusCode::kDataLoss);
  EXPECT_EQ(fresh.Restore(0, key, "\x02" + value.substr(1)).code(), StatusCode::kDataLoss);
  EXPECT_EQ(fresh.Restore(0, "\x07" + key.substr(1), value).code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
