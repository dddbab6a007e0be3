// Scale-out on the real broker: three instances in one group, each with a state directory of
// its own; one is SIGKILLed mid-run and a new one joins. Partitions move between them with their
// state (restored from the changelog), so the group raises exactly the alerts one instance
// would: those of an offline `replay`, once each. The consent decisions are written by Kafka's
// own Java console producer, the rest by `consentry produce`: both partition keys alike.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "tests/integration/kafka_fixture.h"

namespace consentry {
namespace {

class ScaleOutTest : public KafkaFixture {
 protected:
  // The config of instance `name`: the test's config with a state directory of its own.
  std::string InstanceConfig(const std::string& config, const std::string& name) {
    std::string text = testing::ReadFile(config);
    const std::string from = "state_dir: " + Path("state");
    text.replace(text.find(from), from.size(), "state_dir: " + Path("state-" + name));
    const std::string path = Path(name + ".yaml");
    std::ofstream(path) << text;
    return path;
  }

  // Produces the consent decisions of `traffic` with Kafka's console producer (a Java client:
  // its default partitioner) keyed by subject, and every other line with `consentry produce`.
  void ProduceSplit(const std::string& config) {
    std::ofstream consent(Path("consent.tsv")), rest(Path("rest.jsonl"));
    for (const auto& line : testing::ReadLines(Path("traffic.jsonl"))) {
      const std::string subject = Field(line, "subject");
      if (line.find("\"consent.v1\"") != std::string::npos && !subject.empty() &&
          subject.find('\t') == std::string::npos) {
        consent << subject << '\t' << line << '\n';
      } else {
        rest << line << '\n';
      }
    }
    consent.close();
    rest.close();
    const std::string kafka_dir = std::getenv("CONSENTRY_TEST_KAFKA_DIR");
    auto java = RunProcess(
        {"/bin/bash", "-c",
         std::string(CONSENTRY_SOURCE_DIR) + "/scripts/kafka tool " + kafka_dir +
             " org.apache.kafka.tools.ConsoleProducer --bootstrap-server " + bootstrap_ +
             " --topic " + Topic("consent") +
             " --property parse.key=true --property key.separator=$'\\t' < " +
             Path("consent.tsv")},
        Path("console-producer"), seconds(180));
    ASSERT_EQ(java.exit_code, 0) << java.err;
    auto produce = Consentry({"produce", "--config", config, "--input", Path("rest.jsonl")},
                             "produce");
    ASSERT_EQ(produce.exit_code, 0) << produce.err;
  }
};

TEST_F(ScaleOutTest, ThreeInstancesWithAKillAndAJoinRaiseTheAlertsOfOneOnceEach) {
  const std::string config = WriteConfig(200);
  GenOptions options;
  options.seed = 23;
  options.subjects = 6000;
  options.malformed = 0;
  const GeneratedTraffic traffic = GenerateTraffic(options);
  {
    std::ofstream out(Path("traffic.jsonl"));
    for (const auto& line : traffic.lines) out << line << '\n';
  }
  auto topics = Consentry({"topics", "create", "--config", config}, "topics");
  ASSERT_EQ(topics.exit_code, 0) << topics.err;
  ASSERT_NO_FATAL_FAILURE(ProduceSplit(config));
  auto replay = Consentry({"replay", "--config", config, "--input", Path("traffic.jsonl"),
                           "--alerts-out", Path("replay-alerts.jsonl")},
                          "replay", seconds(300));
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const std::set<std::string> expected = NetAlertIdsInFile(Path("replay-alerts.jsonl"), false);
  ASSERT_FALSE(expected.empty());

  const auto start = [&](const std::string& name, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {CONSENTRY_BIN, "run", "--config",
                                     InstanceConfig(config, name), "--progress", "1"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return std::make_unique<testing::Process>(argv, Path("run-" + name));
  };
  auto a = start("a", {"--until-idle", "6"});
  auto b = start("b");
  auto c = start("c", {"--until-idle", "6"});
  std::this_thread::sleep_for(seconds(8));
  b->Kill(SIGKILL);  // mid-run, its partitions go to the others
  b->Wait(seconds(10));
  auto d = start("d", {"--until-idle", "6"});
  for (auto* p : {a.get(), c.get(), d.get()}) {
    const auto result = p->Wait(seconds(600));
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }

  const size_t net = ExpectTheReplaysAlertsOnceEach(expected);
  if (HasFailure()) {  // each instance's story: what it was given, restored and gave up
    for (const char* name : {"a", "b", "c", "d"}) {
      std::cerr << "--- instance " << name << "\n";
      for (const auto& line : testing::ReadLines(Path(std::string("run-") + name) + ".err")) {
        if (line.find("progress") == std::string::npos) std::cerr << line << "\n";
      }
    }
  }
  // No keyed record was on the wrong partition: the Java client and consentry agree.
  for (const auto& v : ReadValues(Topic("dlq"))) EXPECT_NE(Field(v, "reason_code"), "misrouted");
  std::cerr << "net alerts: " << net << " (replay " << expected.size() << ")\n";
}

}  // namespace
}  // namespace consentry
