// The two stages on the real broker: the subject stage publishes to the by-sender repartition
// topic, the sender stage reads it in the same consumer group and raises window alerts with the
// exact ids the formula gives; a crash between the two stages (after the subject stage published
// a batch's by-sender records, before it stored its state) loses nothing and doubles nothing.

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "core/time.h"
#include "tests/integration/kafka_fixture.h"

namespace consentry {
namespace {

class TwoStageTest : public KafkaFixture {
 protected:
  // One sender of acme: 3 transactional emails a minute from 10:00 to 10:40 (its baseline), 400
  // in the minute from 10:41, then 3 a minute again to 10:45. Every message needs no consent and
  // breaks no subject rule; only sender.velocity fires, on the minute of the burst.
  void WriteBurst() {
    std::ofstream out(Path("burst.jsonl"));
    int n = 0;
    const auto send = [&](int minute, int second) {
      char sent_at[32];
      std::snprintf(sent_at, sizeof sent_at, "2026-03-05T10:%02d:%02dZ", minute, second);
      out << R"({"schema":"outbound.v1","event_id":"b-)" << n << R"(","sent_at":")" << sent_at
          << R"(","tenant":"acme","subject":"r-)" << n
          << R"(","channel":"email","purpose":"essential.service.transactional",)"
          << R"("sender_id":"hijack-9","jurisdiction":"DK"})" << '\n';
      ++n;
    };
    for (int minute = 0; minute < 46; ++minute) {
      const int count = minute == 41 ? 400 : 3;
      for (int i = 0; i < count; ++i) send(minute, i * 59 / count);
    }
  }

  static std::string Expected() {
    const Timestamp start = ParseRfc3339("2026-03-05T10:41:00Z").value();
    return MakeWindowAlertId("sender.velocity", "1", TenantId("acme"), "sender:hijack-9", start)
               .value() +
           " sender.velocity sender:hijack-9 2026-03-05T10:41:00Z";
  }

  void CrashBetweenCommitAndStateWrite(const std::string& config);

  // "N repeats absorbed" from the sender stage's summary line.
  static int64_t RepeatsAbsorbed(const std::string& err) {
    const size_t at = err.find(" repeats absorbed");
    if (at == std::string::npos) return -1;
    const size_t start = err.rfind(' ', at - 1) + 1;
    return std::stoll(err.substr(start, at - start));
  }

  void CreateAndProduce(const std::string& config) {
    auto topics = Consentry({"topics", "create", "--config", config}, "topics");
    ASSERT_EQ(topics.exit_code, 0) << topics.err;
    WriteBurst();
    auto produce = Consentry({"produce", "--config", config, "--input", Path("burst.jsonl")},
                             "produce");
    ASSERT_EQ(produce.exit_code, 0) << produce.err;
  }
};

TEST_F(TwoStageTest, BothStagesThroughTheRepartitionTopicGiveTheExactWindowAlert) {
  const std::string config = WriteConfig(200);
  ASSERT_NO_FATAL_FAILURE(CreateAndProduce(config));
  auto run = Consentry({"run", "--config", config, "--until-idle", "3"}, "run");
  ASSERT_EQ(run.exit_code, 0) << run.err;

  size_t records = 0;
  EXPECT_EQ(WindowAlerts(&records), std::set<std::string>{Expected()}) << run.err;
  EXPECT_EQ(records, 1u);
  EXPECT_TRUE(AlertIds().empty()) << "no message-level rule applies to these messages";
  // The judged messages went through the repartition topic, keyed by sender.
  auto by_sender = kafka::ReadTopic(Kafka(), Topic("by_sender"));
  ASSERT_TRUE(by_sender.ok()) << by_sender.status().ToString();
  size_t keyed = 0;
  for (const auto& r : *by_sender) keyed += r.key == "hijack-9";
  EXPECT_EQ(keyed, 46u * 3 - 3 + 400);

  // A replay of the same file gives the same id.
  auto replay = Consentry({"replay", "--config", config, "--input", Path("burst.jsonl"),
                           "--alerts-out", Path("replay-alerts.jsonl")}, "replay");
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_EQ(NetAlertIdsInFile(Path("replay-alerts.jsonl")), NetAlertIdsOnTopic());
}

// Dies right after the first commit (a transaction exactly once, a flush at least once) that
// carried by-sender records, before the WriteBatch; the restart restores that batch's state
// and offsets from the changelog instead of redoing it, so nothing is published twice.
void TwoStageTest::CrashBetweenCommitAndStateWrite(const std::string& config) {
  ASSERT_NO_FATAL_FAILURE(CreateAndProduce(config));
  auto first = RunProcess({"/usr/bin/env", "CONSENTRY_FAULT_EXIT_AFTER_SENDER_PUBLISH=1",
                           CONSENTRY_BIN, "run", "--config", config, "--until-idle", "5"},
                          Path("first"), seconds(120));
  ASSERT_EQ(first.exit_code, 137) << first.err;
  EXPECT_NE(first.err.find("fault injection"), std::string::npos) << first.err;

  auto second = Consentry({"run", "--config", config, "--until-idle", "3"}, "second");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("restored " + Topic("changelog")), std::string::npos) << second.err;
  size_t records = 0;
  EXPECT_EQ(WindowAlerts(&records), std::set<std::string>{Expected()}) << second.err;
  EXPECT_EQ(records, 1u);
  EXPECT_EQ(RepeatsAbsorbed(second.err), 0) << second.err;
}

TEST_F(TwoStageTest, CrashBetweenCommitAndStateWriteRedoesNothingExactlyOnce) {
  CrashBetweenCommitAndStateWrite(WriteConfig(50));
}

TEST_F(TwoStageTest, CrashBetweenCommitAndStateWriteRedoesNothingAtLeastOnce) {
  const std::string config = WriteConfig(50);
  const std::string text =
      WithSetting(testing::ReadFile(config), "processing", "guarantee: at_least_once");
  std::ofstream(config) << text;
  CrashBetweenCommitAndStateWrite(config);
}

}  // namespace
}  // namespace consentry
