// Live reload on the real broker: `run` takes up a changed config on SIGHUP between batches,
// under load, losing and repeating nothing; a broken config file leaves the rules in force
// running and says why; every alert names the config that judged it.

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "core/digest.h"
#include "tests/integration/kafka_fixture.h"
#include "tests/testing/http_client.h"
#include "tests/testing/subprocess.h"

namespace consentry {
namespace {

using testing::HttpGet;

class ReloadTest : public KafkaFixture {
 protected:
  // Waits until `text` appears in the run's stderr.
  bool WaitForLog(const std::string& text) {
    for (int i = 0; i < 300; ++i) {
      if (testing::ReadFile(Path("run.err")).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
};

TEST_F(ReloadTest, ASignalChangesTheRulesBetweenBatchesAndABrokenFileChangesNothing) {
  // Batches of 10 records: the traffic takes many batches, so the reloads land mid-stream.
  const std::string config = WriteConfig(10);
  // consent.missing judged at high severity first, low after the reload.
  std::string text = testing::ReadFile(config);
  text.replace(text.find("consent.missing: {}"), 19, "consent.missing: {severity: high}");
  std::ofstream(config, std::ios::trunc) << text;
  const std::string first_sha = Sha256Hex(text);
  std::string lowered = text;
  lowered.replace(lowered.find("severity: high"), 14, "severity: low");
  const std::string second_sha = Sha256Hex(lowered);
  std::string broken = text;
  broken.replace(broken.find("severity: high"), 14, "severity: urgent");

  GenOptions options;
  options.subjects = 600;
  options.sender_scenarios = 0;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  testing::Process run({CONSENTRY_BIN, "run", "--config", config, "--http", "127.0.0.1:0"},
                       Path("run"));
  const uint16_t port = WaitForServedPort(Path("run.err"));
  ASSERT_NE(port, 0) << testing::ReadFile(Path("run.err"));
  // Once the first alerts are out, under the first config:
  for (int i = 0; i < 600; ++i) {
    if (MetricSum(HttpGet("127.0.0.1", port, "/metrics").body, "consentry_alerts_total{") > 0)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // a broken file is refused with its line and fix, and the rules in force stay;
  std::ofstream(config, std::ios::trunc) << broken;
  run.Kill(SIGHUP);
  EXPECT_TRUE(WaitForLog("config reload refused, the rules in force stay (config " +
                         first_sha.substr(0, 12) + "): " + config + ":"))
      << testing::ReadFile(Path("run.err"));
  EXPECT_NE(testing::ReadFile(Path("run.err"))
                .find("severity \"urgent\" is not one of info, low, medium, high, critical\n"),
            std::string::npos);
  // then a good one is taken up between two batches.
  std::ofstream(config, std::ios::trunc) << lowered;
  run.Kill(SIGHUP);
  EXPECT_TRUE(WaitForLog("config reloaded from " + config)) << testing::ReadFile(Path("run.err"));

  const std::string metrics = WaitForRecordsRead(port, records_);
  ASSERT_FALSE(metrics.empty());
  EXPECT_EQ(MetricSum(metrics, "consentry_config_reloads_total{result=\"applied\"}"), 1) << metrics;
  // The broken file is refused when its change is seen, and again for the signal.
  EXPECT_GE(MetricSum(metrics, "consentry_config_reloads_total{result=\"refused\"}"), 1) << metrics;
  run.Kill(SIGTERM);
  EXPECT_EQ(run.Wait(std::chrono::seconds(60)).exit_code, 0);

  // Nothing lost or judged twice: each alert once, and the net alerts those of an offline
  // replay (alert ids do not depend on a detector's severity).
  auto replay = Consentry({"replay", "--config", config, "--input", Path("traffic.jsonl"),
                           "--alerts-out", Path("replay-alerts.jsonl")},
                          "replay", std::chrono::seconds(600));
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_GT(ExpectTheReplaysAlertsOnceEach(NetAlertIdsInFile(Path("replay-alerts.jsonl"), false)),
            0u);

  // Every alert names the config that judged it; consent.missing's severity follows it.
  std::map<std::string, int> by_config;
  for (const auto& v : ReadValues(Topic("alerts"))) {
    const std::string sha = Field(v, "config_sha256");
    EXPECT_TRUE(sha == first_sha || sha == second_sha) << v.substr(0, 200);
    ++by_config[sha];
    if (Field(v, "detector") == "consent.missing" && Field(v, "kind") == "alert") {
      EXPECT_EQ(Field(v, "severity"), sha == first_sha ? "high" : "low") << v.substr(0, 200);
    }
  }
  EXPECT_GT(by_config[first_sha], 0);
  EXPECT_GT(by_config[second_sha], 0) << "the run ended before the reload";
}

}  // namespace
}  // namespace consentry
