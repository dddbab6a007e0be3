#include "detectors/sender/complaint_rate/complaint_rate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "detectors/sender/sender_test_util.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using testing::At;
using testing::Describe;
using testing::Feedback;
using testing::Msg;
using testing::ParseJson;
using testing::PersistedState;
using std::chrono::hours;
using std::chrono::seconds;

const Timestamp kFirstHour = At("2026-03-02T00:00:00Z");

using Input = std::variant<SenderMessage, SenderFeedback>;

// In hour `hour` (from kFirstHour): `sent` messages, `bounces` bounces and `complaints`
// complaints of `sender`, spread over the hour.
void Hour(std::vector<Input>& out, int hour, int sent, int bounces = 0, int complaints = 0,
          std::string sender = "s1", std::string tenant = "t1",
          std::string feedback_tenant = "same") {
  if (feedback_tenant == "same") feedback_tenant = tenant;
  const Timestamp start = kFirstHour + hours(hour);
  for (int i = 0; i < sent; ++i) out.push_back(Msg(start + seconds(i % 3000), sender, tenant));
  for (int i = 0; i < bounces; ++i) {
    out.push_back(Feedback(start + seconds(3000 + i % 300), sender, FeedbackKind::kBounce,
                           feedback_tenant));
  }
  for (int i = 0; i < complaints; ++i) {
    out.push_back(Feedback(start + seconds(3300 + i % 300), sender, FeedbackKind::kComplaint,
                           feedback_tenant));
  }
}

void AddAll(SenderDetector& d, const std::vector<Input>& inputs, int32_t partition = 0) {
  for (const Input& in : inputs) std::visit([&](const auto& x) { d.Add(partition, x); }, in);
}

// Adds everything, closing at every hour boundary up to `end_hour`.
std::vector<SenderFinding> RunAll(const std::vector<Input>& inputs, int end_hour,
                               ComplaintRateDetector::Options o = {}) {
  ComplaintRateDetector d(o);
  std::vector<SenderFinding> findings;
  AddAll(d, inputs);
  d.Close(kFirstHour + hours(end_hour), findings);
  return findings;
}

TEST(ComplaintRateDetectorTest, ThreeInAThousandIsWarnNotAlert) {
  std::vector<Input> in;
  Hour(in, 0, 1000, 0, 3);
  const std::vector<SenderFinding> findings = RunAll(in, 1);
  ASSERT_EQ(findings.size(), 1u);
  const SenderFinding& f = findings[0];
  EXPECT_EQ(f.finding.detector, "complaint.rate");
  EXPECT_EQ(f.finding.severity, Severity::kLow);
  EXPECT_EQ(f.entity, "sender:s1");
  EXPECT_EQ(f.sender, SenderId("s1"));
  EXPECT_EQ(f.window_start, At("2026-03-01T01:00:00Z"));
  EXPECT_EQ(f.window_end, At("2026-03-02T01:00:00Z"));
  EXPECT_EQ(f.incident_key, "complaint.rate|t1|sender:s1|2026-03-01T01:00:00Z");
  EXPECT_EQ(f.finding.reason,
            "Sender s1 of tenant t1 drew 3 spam complaints on 1,000 delivered messages (0.30%) in "
            "the 24 hours ending 2026-03-02T01:00:00Z, above the 0.1% that Gmail's bulk-sender "
            "guidelines ask senders to stay below.");
  simdjson::dom::parser parser;
  const auto e = ParseJson(parser, f.finding.evidence_json);
  EXPECT_EQ(std::string_view(e["level"]), "warn");
  EXPECT_EQ(std::string_view(e["baseline"]["previous_level"]), "ok");
  EXPECT_DOUBLE_EQ(double(e["threshold"]), 0.001);
  EXPECT_DOUBLE_EQ(double(e["observed"]["rate"]), 0.003);
  EXPECT_EQ(int64_t(e["min_volume"]), 1000);
  EXPECT_EQ(std::string_view(e["clause"]["kind"]), "provider_policy");
  EXPECT_THAT(std::string_view(e["clause"]["source"]), HasSubstr("14229414"));
}

TEST(ComplaintRateDetectorTest, ThirtyOneInTenThousandIsAlert) {
  std::vector<Input> in;
  Hour(in, 0, 10'000, 0, 31);
  const std::vector<SenderFinding> findings = RunAll(in, 1);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].finding.severity, Severity::kHigh);
  EXPECT_THAT(findings[0].finding.reason, HasSubstr("(0.31%)"));
  EXPECT_THAT(findings[0].finding.reason, HasSubstr("0.3% that Gmail's bulk-sender guidelines "
                                                    "say never to reach."));
}

TEST(ComplaintRateDetectorTest, OneInAThousandIsOk) {
  std::vector<Input> in;
  Hour(in, 0, 1000, 0, 1);
  EXPECT_TRUE(RunAll(in, 1).empty());
}

TEST(ComplaintRateDetectorTest, MinimumVolumeIsInclusive) {
  std::vector<Input> under;
  Hour(under, 0, 999, 0, 10);
  EXPECT_TRUE(RunAll(under, 1).empty());
  std::vector<Input> at;
  Hour(at, 0, 1000, 0, 10);
  EXPECT_EQ(RunAll(at, 1).size(), 1u);
}

TEST(ComplaintRateDetectorTest, BouncesAreSubtracted) {
  std::vector<Input> in;
  Hour(in, 0, 1100, 100, 4);  // 4 / 1,000 = 0.4%
  const std::vector<SenderFinding> findings = RunAll(in, 1);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].finding.severity, Severity::kHigh);
  std::vector<Input> too_few;
  Hour(too_few, 0, 1100, 101, 4);  // 999 delivered: not judged
  EXPECT_TRUE(RunAll(too_few, 1).empty());
}

TEST(ComplaintRateDetectorTest, SpikeAfterACleanDayFiresOnceAndStaysQuietWhileHigh) {
  std::vector<Input> in;
  for (int h = 0; h < 24; ++h) Hour(in, h, 2000);
  for (int h = 24; h < 30; ++h) Hour(in, h, 2000, 0, 200);
  const std::vector<SenderFinding> findings = RunAll(in, 30);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].window_end, kFirstHour + hours(25));
  EXPECT_EQ(findings[0].finding.severity, Severity::kHigh);
}

TEST(ComplaintRateDetectorTest, WarnThenAlertThenFallAndRiseAgain) {
  std::vector<Input> in;
  Hour(in, 0, 10'000, 0, 15);  // 0.15%: warn
  Hour(in, 1, 0, 0, 20);       // 35 / 10,000: alert
  Hour(in, 26, 10'000, 0, 0);  // the first two hours left the window: ok
  Hour(in, 27, 0, 0, 40);      // 0.4%: alert again
  const std::vector<SenderFinding> findings = RunAll(in, 30);
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].finding.severity, Severity::kLow);
  EXPECT_EQ(findings[0].window_end, kFirstHour + hours(1));
  EXPECT_EQ(findings[1].finding.severity, Severity::kHigh);
  EXPECT_EQ(findings[1].window_end, kFirstHour + hours(2));
  EXPECT_EQ(findings[2].finding.severity, Severity::kHigh);
  EXPECT_EQ(findings[2].window_end, kFirstHour + hours(28));
}

TEST(ComplaintRateDetectorTest, AnOldHourLeavingTheWindowCanRaiseTheRate) {
  std::vector<Input> in;
  Hour(in, 0, 5000);
  Hour(in, 1, 1000, 0, 2);  // 2 / 6,000 = 0.03% until hour 0 leaves: then 0.2%
  const std::vector<SenderFinding> findings = RunAll(in, 30);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].window_end, kFirstHour + hours(25));
  EXPECT_EQ(findings[0].window_start, kFirstHour + hours(1));
  EXPECT_EQ(findings[0].finding.severity, Severity::kLow);
}

TEST(ComplaintRateDetectorTest, FeedbackWithoutTenantCountsForTheSendersOnlyTenant) {
  std::vector<Input> in;
  Hour(in, 0, 1000, 0, 5, "s1", "t1", "");
  EXPECT_EQ(RunAll(in, 1).size(), 1u);
  // Two tenants send as "s1": the feedback is nobody's.
  Hour(in, 0, 1000, 0, 0, "s1", "t2");
  EXPECT_TRUE(RunAll(in, 1).empty());
}

TEST(ComplaintRateDetectorTest, OtherFeedbackKindsDoNotCount) {
  std::vector<Input> in;
  Hour(in, 0, 1000);
  for (int i = 0; i < 10; ++i) {
    in.push_back(Feedback(kFirstHour + seconds(i), "s1", FeedbackKind::kStopReply));
    in.push_back(Feedback(kFirstHour + seconds(i), "s1", FeedbackKind::kUnsubscribeClick));
  }
  EXPECT_TRUE(RunAll(in, 1).empty());
}

TEST(ComplaintRateDetectorTest, CloseSplitsAndRestoreChangeNothing) {
  std::vector<Input> in;
  Hour(in, 0, 10'000, 0, 15);
  Hour(in, 1, 0, 0, 20);
  Hour(in, 3, 3000, 10, 0, "s2");
  Hour(in, 5, 0, 0, 5, "s2", "t1", "");
  Hour(in, 26, 10'000, 0, 0);
  Hour(in, 27, 0, 0, 40);
  const std::vector<SenderFinding> expected = RunAll(in, 60);
  ASSERT_EQ(expected.size(), 4u);

  auto d = std::make_unique<ComplaintRateDetector>(ComplaintRateDetector::Options{});
  std::vector<SenderFinding> got;
  size_t next = 0;
  const auto time = [](const Input& x) {
    return std::visit(
        [](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, SenderMessage>) {
            return v.sent_at;
          } else {
            return v.at;
          }
        },
        x);
  };
  std::vector<Input> sorted = in;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Input& a, const Input& b) { return time(a) < time(b); });
  for (int quarter = 1; quarter <= 60 * 4; ++quarter) {
    const Timestamp wm = kFirstHour + std::chrono::minutes(15 * quarter);
    while (next < sorted.size() && time(sorted[next]) < wm) {
      std::visit([&](const auto& x) { d->Add(0, x); }, sorted[next++]);
    }
    d->Close(wm, got);
    if (quarter == 4 * 13) {
      PersistedState state;
      state.Apply(*d);
      d = std::make_unique<ComplaintRateDetector>(ComplaintRateDetector::Options{});
      state.RestoreInto(*d);
    }
  }
  EXPECT_EQ(Describe(got), Describe(expected));
}

TEST(ComplaintRateDetectorTest, StateIsDroppedOnceNoWindowNeedsIt) {
  ComplaintRateDetector d({});
  std::vector<Input> in;
  Hour(in, 0, 10);
  AddAll(d, in, 2);
  PersistedState state;
  state.Apply(d);
  ASSERT_EQ(state.size(), 1u);
  EXPECT_EQ(state.entries().begin()->first.first, 2);
  EXPECT_EQ(state.entries().begin()->second.second, kFirstHour + hours(25) + hours(24));
  std::vector<SenderFinding> findings;
  d.Close(kFirstHour + hours(23), findings);
  state.Apply(d);
  EXPECT_EQ(state.size(), 1u);  // hour 0 is in the window of hour 23, not decided yet
  d.Close(kFirstHour + hours(24), findings);
  state.Apply(d);
  EXPECT_EQ(state.size(), 0u);
}

TEST(ComplaintRateDetectorTest, ForgetDropsThePartition) {
  ComplaintRateDetector d({});
  std::vector<Input> in;
  Hour(in, 0, 1000, 0, 10);
  AddAll(d, in, 1);
  d.Forget(1);
  std::vector<SenderFinding> findings;
  d.Close(kFirstHour + hours(1), findings);
  EXPECT_TRUE(findings.empty());
}

TEST(ComplaintRateDetectorTest, RestoreRejectsMalformedEntries) {
  ComplaintRateDetector d({});
  d.Add(0, Msg(kFirstHour, "s1"));
  std::vector<SenderStateChange> changes;
  d.TakeChanges(changes);
  ASSERT_EQ(changes.size(), 1u);
  ComplaintRateDetector fresh({});
  EXPECT_TRUE(fresh.Restore(0, changes[0].key, *changes[0].value).ok());
  std::string bad_level = *changes[0].value;
  bad_level[1] = 3;
  EXPECT_EQ(fresh.Restore(0, changes[0].key, bad_level).code(), StatusCode::kDataLoss);
  EXPECT_EQ(fresh.Restore(0, changes[0].key + "x", *changes[0].value).code(),
            StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
