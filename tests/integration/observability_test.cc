// `run --http`: /healthz, /readyz and /metrics served over real HTTP while `run` consumes
// generated traffic from the real broker, the metrics agreeing with what reached the topics.

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <map>
#include <thread>

#include "tests/integration/kafka_fixture.h"
#include "tests/testing/http_client.h"
#include "tests/testing/subprocess.h"

namespace consentry {
namespace {

using testing::HttpGet;

class ObservabilityTest : public KafkaFixture {
 protected:
  // Sums of the samples of each family in a Prometheus text (labels dropped).
  static std::map<std::string, double> Sums(const std::string& text, std::string_view only = "",
                                            std::string_view label = "") {
    std::map<std::string, double> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || line[0] == '#') continue;
      if (!label.empty() && line.find(label) == std::string::npos) continue;
      const std::string name = line.substr(0, line.find_first_of("{ "));
      if (!only.empty() && name != only) continue;
      out[name] += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return out;
  }
};

TEST_F(ObservabilityTest, RunServesHealthReadinessAndMetricsThatMatchItsOutput) {
  const std::string config = WriteConfig(500);
  GenOptions options;
  options.subjects = 400;
  options.sender_scenarios = 0;
  options.malformed = 5;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  testing::Process run({CONSENTRY_BIN, "run", "--config", config, "--http", "127.0.0.1:0"},
                       Path("run"));
  const uint16_t port = WaitForServedPort(Path("run.err"));
  ASSERT_NE(port, 0) << testing::ReadFile(Path("run.err"));

  EXPECT_EQ(HttpGet("127.0.0.1", port, "/healthz").status, 200);
  // Ready once every assigned partition was read to its end.
  int ready = 0;
  for (int i = 0; i < 600 && ready != 200; ++i) {
    ready = HttpGet("127.0.0.1", port, "/readyz").status;
    if (ready != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(ready, 200);

  // Every input record counted, nothing held, then the metrics are compared with the topics.
  const std::vector<std::string> inputs = {Topic("outbound"), Topic("consent"), Topic("feedback"),
                                           Topic("suppression")};
  std::string metrics;
  for (int i = 0; i < 600; ++i) {
    auto got = HttpGet("127.0.0.1", port, "/metrics");
    ASSERT_EQ(got.status, 200) << got.error;
    EXPECT_EQ(got.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    metrics = got.body;
    double read = 0;
    for (const auto& topic : inputs) {
      read += Sums(metrics, "consentry_records_total", "topic=\"" + topic + "\"")
                  ["consentry_records_total"];
    }
    if (read == records_ && Sums(metrics)["consentry_held_messages"] == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::map<std::string, double> sums = Sums(metrics);
  EXPECT_EQ(sums["consentry_held_messages"], 0) << metrics;
  size_t alerts = 0, retractions = 0;
  for (const auto& v : ReadValues(Topic("alerts"))) {
    ++(Field(v, "kind") == "retraction" ? retractions : alerts);
  }
  EXPECT_GT(alerts, 0u);
  EXPECT_EQ(sums["consentry_alerts_total"], alerts) << metrics;
  EXPECT_EQ(sums["consentry_retractions_total"], retractions) << metrics;
  EXPECT_EQ(sums["consentry_dlq_total"], ReadValues(Topic("dlq")).size()) << metrics;
  for (const auto& reason : expected_dlq_) {
    EXPECT_NE(metrics.find("consentry_dlq_total{reason=\"" + reason + "\"}"), std::string::npos)
        << reason;
  }
  EXPECT_GT(sums["consentry_judged_total"], 0);
  EXPECT_EQ(sums["consentry_event_to_verdict_seconds_count"], sums["consentry_judged_total"]);
  EXPECT_GT(sums["consentry_batch_seconds_count"], 0);
  EXPECT_GT(sums["consentry_state_memtable_bytes"], 0);
  EXPECT_EQ(sums["consentry_degraded"], 0);
  // Read to the end: no lag on any input partition (written without transactions, so no
  // transaction markers count either).
  for (const auto& topic : inputs) {
    EXPECT_EQ(Sums(metrics, "consentry_consumer_lag_records", "topic=\"" + topic + "\"")
                  ["consentry_consumer_lag_records"],
              0)
        << topic << "\n" << metrics;
  }
  EXPECT_NE(metrics.find("consentry_consumer_lag_records{topic=\"" + Topic("outbound") +
                         "\",partition=\"3\"} 0"),
            std::string::npos)
      << metrics;

  // The text parses with prometheus_client and follows Prometheus's naming conventions.
  std::ofstream(Path("metrics.txt")) << metrics;
  auto parsed = testing::RunProcess(
      {"/usr/bin/python3", std::string(CONSENTRY_SOURCE_DIR) + "/tests/metrics/check_metrics.py",
       Path("metrics.txt"), "consentry_records", "consentry_consumer_lag_records",
       "consentry_batch_seconds", "consentry_event_to_verdict_seconds", "consentry_held_messages",
       "consentry_alerts", "consentry_dlq", "consentry_state_table_bytes",
       "consentry_block_cache_hit_ratio"},
      Path("parse"));
  EXPECT_EQ(parsed.exit_code, 0) << parsed.out << parsed.err;

  run.Kill(SIGTERM);
  const auto result = run.Wait(std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(ObservabilityTest, AnAddressThatCannotBeServedStopsRunWithItsName) {
  const std::string config = WriteConfig(500);
  auto topics = Consentry({"topics", "create", "--config", config}, "topics");
  ASSERT_EQ(topics.exit_code, 0) << topics.err;
  // The broker's own port is taken.
  auto taken = Consentry({"run", "--config", config, "--http", bootstrap_}, "taken");
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_NE(taken.err.find("http: cannot listen on " + bootstrap_), std::string::npos)
      << taken.err;
  auto bad = Consentry({"run", "--config", config, "--http", "127.0.0.1:99999"}, "bad");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("'99999' in '127.0.0.1:99999' is not a port"), std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace consentry
