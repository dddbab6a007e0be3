#include "detectors/sender/content_fanout/content_fanout.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "detectors/sender/sender_test_util.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using testing::At;
using testing::Describe;
using testing::Msg;
using testing::ParseJson;
using testing::PersistedState;
using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kMorning = At("2026-03-02T10:00:00Z");
constexpr uint64_t kFp = 0x0123456789abcdefULL;

struct FanoutInput {
  int32_t partition;
  SenderMessage message;
};

// `recipients` distinct recipients (numbered from `first`), the first `unconsented` of them
// without consent, sent by `senders` senders in turn, within the hour starting kMorning + `hour` h.
std::vector<FanoutInput> Send(uint64_t fingerprint, int recipients, int unconsented,
                              int senders = 1, uint64_t first = 1, int hour = 0,
                              int32_t partition = 0, std::string tenant = "t1") {
  std::vector<FanoutInput> out;
  for (int i = 0; i < recipients; ++i) {
    SenderMessage m = Msg(kMorning + std::chrono::hours(hour) + seconds(i % 3600),
                          "s" + std::to_string(i % senders), tenant);
    m.fingerprint = fingerprint;
    m.recipient_hash = first + static_cast<uint64_t>(i);
    m.lacked_consent = i < unconsented;
    out.push_back({partition, std::move(m)});
  }
  return out;
}

std::vector<FanoutInput> Concat(std::vector<FanoutInput> a, const std::vector<FanoutInput>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

ContentFanoutDetector::Options Small() {
  ContentFanoutDetector::Options o;
  o.min_recipients = 100;
  o.min_recipients_many_senders = 50;
  o.min_senders = 5;
  return o;
}

std::vector<SenderFinding> RunAll(const std::vector<FanoutInput>& inputs,
                                  ContentFanoutDetector::Options o,
                                  Timestamp end = kMorning + std::chrono::hours(1)) {
  ContentFanoutDetector d(o);
  for (const FanoutInput& in : inputs) d.Add(in.partition, in.message);
  std::vector<SenderFinding> findings;
  d.Close(end, findings);
  return findings;
}

TEST(ContentFanoutDetectorTest, ContentToManyUnconsentedRecipientsFires) {
  const std::vector<SenderFinding> findings = RunAll(Send(kFp, 1200, 700), {});
  ASSERT_EQ(findings.size(), 1u);
  const SenderFinding& f = findings[0];
  EXPECT_EQ(f.finding.detector, "content.fanout");
  EXPECT_EQ(f.finding.severity, Severity::kHigh);
  EXPECT_EQ(f.entity, "content:0123456789abcdef");
  EXPECT_TRUE(f.sender.empty());
  EXPECT_EQ(f.tenant, TenantId("t1"));
  EXPECT_EQ(f.window_start, kMorning);
  EXPECT_EQ(f.window_end, kMorning + std::chrono::hours(1));
  EXPECT_EQ(f.incident_key, "content.fanout|t1|content:0123456789abcdef|2026-03-02T10:00:00Z");
  simdjson::dom::parser parser;
  const auto e = ParseJson(parser, f.finding.evidence_json);
  EXPECT_NEAR(double(int64_t(e["observed"]["distinct_recipients"])), 1200, 24);
  EXPECT_NEAR(double(int64_t(e["observed"]["unconsented_recipients"])), 700, 14);
  EXPECT_EQ(int64_t(e["observed"]["messages"]), 1200);
  EXPECT_EQ(int64_t(e["observed"]["distinct_senders"]), 1);
  EXPECT_EQ(std::string_view(e["rules"].at(0)), "unconsented_recipients");
  EXPECT_EQ(std::string_view(e["clause"]["kind"]), "consentry_policy");
  EXPECT_THAT(f.finding.reason, HasSubstr("without consent, from 1 sender."));
}

TEST(ContentFanoutDetectorTest, ThresholdsAreInclusive) {
  // min_recipients 100, unconsented share 0.5 (exact counts: small sets stay exact).
  EXPECT_EQ(RunAll(Send(kFp, 100, 50), Small()).size(), 1u);
  EXPECT_TRUE(RunAll(Send(kFp, 99, 99), Small()).empty());
  EXPECT_TRUE(RunAll(Send(kFp, 100, 49), Small()).empty());
}

TEST(ContentFanoutDetectorTest, NearDuplicatesFormOneClusterNamedByItsSmallestFingerprint) {
  const uint64_t a = 0x8000000000000000ULL;
  const uint64_t b = a ^ 0b0111;            // 3 from a
  const uint64_t c = b ^ (uint64_t{1} << 40);  // 1 from b, 4 from a
  const uint64_t d = a ^ 0b1111;            // 4 from a, 1 from b
  const uint64_t far = ~a;
  std::vector<FanoutInput> inputs = Send(a, 40, 40, 1, 1);
  inputs = Concat(inputs, Send(b, 40, 40, 1, 1001));
  inputs = Concat(inputs, Send(c, 40, 40, 1, 2001));
  inputs = Concat(inputs, Send(d, 40, 40, 1, 3001));
  inputs = Concat(inputs, Send(far, 90, 90, 1, 4001));
  const std::vector<SenderFinding> findings = RunAll(inputs, Small());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].entity, "content:8000000000000000");
  simdjson::dom::parser parser;
  const auto e = ParseJson(parser, findings[0].finding.evidence_json);
  EXPECT_EQ(int64_t(e["cluster"]["fingerprint_count"]), 4);
  EXPECT_EQ(int64_t(e["observed"]["distinct_recipients"]), 160);
  EXPECT_EQ(std::string_view(e["cluster"]["fingerprints"].at(0)), "8000000000000000");
}

TEST(ContentFanoutDetectorTest, FingerprintsFartherThanKStaySeparate) {
  const uint64_t a = 0x00ff00ff00ff00ffULL;
  const uint64_t b = a ^ 0b1111;  // distance 4 > k = 3
  EXPECT_TRUE(RunAll(Concat(Send(a, 60, 60, 1, 1), Send(b, 60, 60, 1, 1001)), Small()).empty());
  ContentFanoutDetector::Options k4 = Small();
  k4.k = 4;
  EXPECT_EQ(RunAll(Concat(Send(a, 60, 60, 1, 1), Send(b, 60, 60, 1, 1001)), k4).size(), 1u);
}

TEST(ContentFanoutDetectorTest, SameContentFromManySendersFires) {
  // 25 senders, 300 recipients, a quarter without consent: under min_recipients (1000) but
  // over the many-senders rule (20 senders, 200 recipients, share 0.2).
  const std::vector<SenderFinding> findings = RunAll(Send(kFp, 300, 75, 25), {});
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto e = ParseJson(parser, findings[0].finding.evidence_json);
  EXPECT_EQ(std::string_view(e["rules"].at(0)), "many_senders");
  EXPECT_EQ(int64_t(e["observed"]["distinct_senders"]), 25);
  EXPECT_EQ(e["top_senders"].get_array().size(), 5u);
}

TEST(ContentFanoutDetectorTest, CommonTemplateOfManySendersToConsentedRecipientsDoesNotFire) {
  // A password-reset template: 50 senders, 5,000 recipients, 2% flagged.
  EXPECT_TRUE(RunAll(Send(kFp, 5000, 100, 50), {}).empty());
}

TEST(ContentFanoutDetectorTest, MessagesWithoutFingerprintAreIgnored) {
  std::vector<FanoutInput> inputs = Send(kFp, 100, 100);
  for (FanoutInput& in : inputs) in.message.fingerprint.reset();
  ContentFanoutDetector d(Small());
  for (const FanoutInput& in : inputs) d.Add(in.partition, in.message);
  PersistedState state;
  state.Apply(d);
  EXPECT_EQ(state.size(), 0u);
  EXPECT_TRUE(RunAll(inputs, Small()).empty());
}

TEST(ContentFanoutDetectorTest, MergesPartitionsAndSeparatesTenantsAndWindows) {
  // 60 + 60 recipients on two partitions: one cluster of 120.
  EXPECT_EQ(RunAll(Concat(Send(kFp, 60, 60, 1, 1, 0, 0), Send(kFp, 60, 60, 1, 1001, 0, 1)), Small())
                .size(),
            1u);
  // The same 120 split across tenants or hours: nothing.
  EXPECT_TRUE(
      RunAll(Concat(Send(kFp, 60, 60, 1, 1, 0, 0, "t1"), Send(kFp, 60, 60, 1, 1001, 0, 0, "t2")),
          Small())
          .empty());
  EXPECT_TRUE(RunAll(Concat(Send(kFp, 60, 60, 1, 1, 0), Send(kFp, 60, 60, 1, 1001, 1)), Small(),
                  kMorning + std::chrono::hours(2))
                  .empty());
}

TEST(ContentFanoutDetectorTest, TopSendersAreThoseWithTheMostMessages) {
  std::vector<FanoutInput> inputs;
  int recipient = 1;
  for (const auto& [sender, count] : {std::pair{"low", 20}, {"high", 50}, {"mid", 30}}) {
    for (int i = 0; i < count; ++i) {
      SenderMessage m = Msg(kMorning + seconds(recipient), sender);
      m.fingerprint = kFp;
      m.recipient_hash = static_cast<uint64_t>(recipient++);
      m.lacked_consent = true;
      inputs.push_back({0, m});
    }
  }
  const std::vector<SenderFinding> findings = RunAll(inputs, Small());
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto e = ParseJson(parser, findings[0].finding.evidence_json);
  const auto top = e["top_senders"].get_array();
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(std::string_view(top.at(0)["sender_id"]), "high");
  EXPECT_EQ(int64_t(top.at(0)["messages"]), 50);
  EXPECT_EQ(std::string_view(top.at(1)["sender_id"]), "mid");
  EXPECT_EQ(std::string_view(top.at(2)["sender_id"]), "low");
}

TEST(ContentFanoutDetectorTest, DecidedWindowsAreDroppedAndOpenOnesKept) {
  ContentFanoutDetector d(Small());
  for (const FanoutInput& in : Concat(Send(kFp, 100, 100), Send(kFp, 10, 0, 1, 500, 1))) {
    d.Add(in.partition, in.message);
  }
  PersistedState state;
  state.Apply(d);
  ASSERT_EQ(state.size(), 2u);
  EXPECT_EQ(state.entries().begin()->second.second,
            kMorning + std::chrono::hours(1) + std::chrono::hours(24));
  std::vector<SenderFinding> findings;
  d.Close(kMorning + std::chrono::hours(1), findings);
  EXPECT_EQ(findings.size(), 1u);
  state.Apply(d);
  EXPECT_EQ(state.size(), 1u);
}

TEST(ContentFanoutDetectorTest, CloseSplitsAddOrderAndRestoreChangeNothing) {
  std::vector<FanoutInput> inputs =
      Concat(Send(kFp, 150, 100, 3, 1, 0, 0), Send(kFp ^ 1, 80, 80, 2, 1001, 0, 1));
  inputs = Concat(inputs, Send(0x42, 200, 150, 7, 1, 1, 2));
  inputs = Concat(inputs, Send(0x43, 30, 30, 7, 1, 2, 2));
  std::stable_sort(inputs.begin(), inputs.end(), [](const FanoutInput& a, const FanoutInput& b) {
    return a.message.sent_at < b.message.sent_at;
  });
  const Timestamp end = kMorning + std::chrono::hours(3);
  const std::vector<SenderFinding> expected = RunAll(inputs, Small(), end);
  ASSERT_EQ(expected.size(), 2u);

  // Closing every 10 minutes, persisting and restoring into a new detector halfway.
  auto d = std::make_unique<ContentFanoutDetector>(Small());
  std::vector<SenderFinding> got;
  Timestamp next = kMorning + minutes(10);
  bool restored = false;
  for (const FanoutInput& in : inputs) {
    while (in.message.sent_at >= next) {
      d->Close(next, got);
      next += minutes(10);
    }
    if (!restored && in.message.sent_at >= kMorning + minutes(90)) {
      PersistedState state;
      state.Apply(*d);
      d = std::make_unique<ContentFanoutDetector>(Small());
      state.RestoreInto(*d);
      restored = true;
    }
    d->Add(in.partition, in.message);
  }
  d->Close(end, got);
  EXPECT_TRUE(restored);
  EXPECT_EQ(Describe(got), Describe(expected));

  std::mt19937 rng(3);
  std::shuffle(inputs.begin(), inputs.end(), rng);
  EXPECT_EQ(Describe(RunAll(inputs, Small(), end)), Describe(expected));
}

TEST(ContentFanoutDetectorTest, ForgetDropsThePartition) {
  ContentFanoutDetector d(Small());
  for (const FanoutInput& in : Send(kFp, 100, 100, 1, 1, 0, 4)) d.Add(in.partition, in.message);
  d.Forget(4);
  std::vector<SenderFinding> findings;
  d.Close(kMorning + std::chrono::hours(1), findings);
  EXPECT_TRUE(findings.empty());
}

TEST(ContentFanoutDetectorTest, RestoreRejectsMalformedEntries) {
  ContentFanoutDetector d(Small());
  for (const FanoutInput& in : Send(kFp, 3, 1)) d.Add(in.partition, in.message);
  std::vector<SenderStateChange> changes;
  d.TakeChanges(changes);
  ASSERT_EQ(changes.size(), 1u);
  ContentFanoutDetector fresh(Small());
  EXPECT_TRUE(fresh.Restore(0, changes[0].key, *changes[0].value).ok());
  EXPECT_EQ(fresh.Restore(0, changes[0].key, "").code(), StatusCode::kDataLoss);
  EXPECT_EQ(fresh.Restore(0, changes[0].key, *changes[0].value + "!").code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(fresh.Restore(0, changes[0].key.substr(1), *changes[0].value).code(),
            StatusCode::kDataLoss);
}

}  // namespace
}  // namespace consentry
