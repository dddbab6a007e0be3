// Exactly once on the real broker: `consentry run` SIGKILLed at random moments and restarted on
// the same state directory, over and over, while it works through 200k generated records. A
// read_committed dump of the alerts topic must hold every alert of an offline `replay` of the
// same records exactly once: none lost, none delivered twice, none extra.
//
// CONSENTRY_CRASH_KILLS sets the number of kills (default 20; the long variant, 200, runs with
// scripts/test --long).

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "tests/integration/kafka_fixture.h"

namespace consentry {
namespace {

class ExactlyOnceTest : public KafkaFixture {};

int KillsWanted() {
  const char* n = std::getenv("CONSENTRY_CRASH_KILLS");
  return n != nullptr ? std::max(1, std::atoi(n)) : 20;
}

TEST_F(ExactlyOnceTest, CrashLoopDeliversEveryAlertOfTheReplayExactlyOnce) {
  // A static member (group.instance.id): a restarted process takes its partitions back at once
  // instead of waiting for the killed one's session to time out.
  const std::string config = WriteConfig(500);
  const std::string text =
      WithSetting(testing::ReadFile(config), "kafka", "group.instance.id: crash-loop");
  std::ofstream(config) << text;
  GenOptions options;
  options.seed = 17;
  options.subjects = 40000;
  options.sender_scenarios = 1;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  ASSERT_GE(records_, 200000) << "the test promises at least 200k records";

  // The offline answer: the same records through `replay`.
  auto replay = Consentry({"replay", "--config", config, "--input", Path("traffic.jsonl"),
                           "--alerts-out", Path("replay-alerts.jsonl"), "--stats-out",
                           Path("replay-stats.jsonl"), "--state-dir", Path("replay-state")},
                          "replay", seconds(600));
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const std::set<std::string> expected = NetAlertIdsInFile(Path("replay-alerts.jsonl"), false);
  ASSERT_FALSE(expected.empty());

  const int kills = KillsWanted();
  std::mt19937 rng(20261206);
  std::uniform_int_distribution<int> life_ms(1000, 7000);
  int killed = 0;
  for (; killed < kills; ++killed) {
    testing::Process run({CONSENTRY_BIN, "run", "--config", config, "--progress", "1"},
                         Path("run-" + std::to_string(killed)));
    std::this_thread::sleep_for(std::chrono::milliseconds(life_ms(rng)));
    run.Kill(SIGKILL);
    run.Wait(seconds(10));
  }
  // The killed runs got somewhere: they committed input offsets (and alerts) before the last.
  const int64_t committed_before_last = CommittedRecords();
  const size_t alerts_before_last = ReadValues(Topic("alerts")).size();
  EXPECT_GT(committed_before_last, 0) << "no run lived long enough to commit a batch";
  auto last = Consentry({"run", "--config", config, "--until-idle", "4"}, "last", seconds(900));
  ASSERT_EQ(last.exit_code, 0) << last.err;

  const size_t net = ExpectTheReplaysAlertsOnceEach(expected);
  // And the state is the replay's: every subject's consent ledger and do-not-contact entries.
  ExpectTheReplaysState(Path("state"));
  // The report aggregates on the stats topic count every message and alert once, as the replay
  // does: the same report figures (messages screened, violations of each message-level rule, AI
  // disclosure). Sender-level alerts are left out: a window is decided once, at the sender
  // stage's watermark, so arrival order may change them (docs/processing.md).
  ASSERT_EQ(Consentry({"keys", "generate", "--private-out", Path("report.key"), "--public-out",
                       Path("report.pub")},
                      "keys")
                .exit_code,
            0);
  const auto figures = [&](const std::string& name, std::vector<std::string> source) {
    std::vector<std::string> args = {"report", "--config", config, "--from", "2020-01-01", "--to",
                                     "2030-12-31", "--min-cell", "1", "--format", "json",
                                     "--signing-key", Path("report.key"), "--out", Path(name)};
    args.insert(args.end(), source.begin(), source.end());
    const auto report = Consentry(args, name);
    EXPECT_EQ(report.exit_code, 0) << report.err;
    const std::string json = testing::ReadFile(Path(name + "/report.json"));
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    std::map<std::string, int64_t> out;
    if (parser.parse(json).get(doc) != simdjson::SUCCESS) {
      ADD_FAILURE() << json;
      return out;
    }
    out["screened"] = int64_t(doc["screened"]);
    for (auto [detector, n] : simdjson::dom::object(doc["violations_by_detector"])) {
      if (detector != "sender.velocity" && detector != "content.fanout" &&
          detector != "complaint.rate") {
        out[std::string(detector)] = int64_t(n);
      }
    }
    for (auto [figure, n] : simdjson::dom::object(doc["ai"])) {
      out["ai." + std::string(figure)] = int64_t(n);
    }
    return out;
  };
  const auto from_topic = figures("report-topic", {});
  EXPECT_EQ(from_topic, figures("report-replay", {"--stats", Path("replay-stats.jsonl")}));
  EXPECT_GT(from_topic.at("screened"), 0);
  EXPECT_GT(from_topic.size(), 12u);  // screened, three AI figures and the message-level rules

  std::cerr << "kills: " << killed << "; records: " << records_ << "; before the last run: "
            << committed_before_last << " input records committed, " << alerts_before_last
            << " alert records; net alerts: " << net << " (replay " << expected.size() << ")\n";
  ::testing::Test::RecordProperty("kills", killed);
}

}  // namespace
}  // namespace consentry
