// Several engines in one `run` (processing.engines) on the real broker: each on its own thread
// with its own consumer and transactional producer, all over one state directory.
// - Killed and restarted: the run is SIGKILLed mid-way with two engines, again with three
//   (partitions move between engines and an engine that did not exist holds some), and finished
//   with two. A read_committed dump of the alerts topic must hold every alert of an offline
//   `replay` exactly once, and the consent and do-not-contact state must be the replay's.
// - Undisturbed, two engines give exactly the replay's alerts, the sender stage's windows
//   included: content.fanout counts a content across every by-sender partition of the instance,
//   which the first engine alone reads.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "tests/integration/kafka_fixture.h"

namespace consentry {
namespace {

class EnginesTest : public KafkaFixture {
 protected:
  // The test's config with `engines` engines, as static group members.
  std::string EnginesConfig(const std::string& config, int engines) {
    const std::string path = Path("engines-" + std::to_string(engines) + ".yaml");
    std::ofstream(path) << WithSetting(
        WithSetting(testing::ReadFile(config), "kafka", "group.instance.id: engines"),
        "processing", "engines: " + std::to_string(engines));
    return path;
  }

  // The partitions `log`'s engine `engine` (1-based) was last assigned, or -1 if never.
  static int LastAssigned(const std::string& log, int engine) {
    const std::string prefix = "engine " + std::to_string(engine) + ": assigned ";
    int last = -1;
    for (const auto& line : testing::ReadLines(log)) {
      const size_t at = line.find(prefix);
      if (at != std::string::npos) last = std::atoi(line.c_str() + at + prefix.size());
    }
    return last;
  }
};

TEST_F(EnginesTest, KilledAndRestartedWithAnotherEngineCountRaisesTheReplaysAlertsOnceEach) {
  const std::string config = WriteConfig(300);
  GenOptions options;
  options.seed = 29;
  options.subjects = 20000;
  options.sender_scenarios = 1;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  const std::set<std::string> expected = Replay(config, /*with_windows=*/false);
  ASSERT_FALSE(expected.empty());

  for (const auto& [engines, life] : {std::pair{2, 7}, std::pair{3, 5}}) {
    const std::string name = "killed-" + std::to_string(engines);
    testing::Process run(
        {CONSENTRY_BIN, "run", "--config", EnginesConfig(config, engines), "--progress", "1"},
        Path(name));
    std::this_thread::sleep_for(seconds(life));
    run.Kill(SIGKILL);
    run.Wait(seconds(10));
  }
  const int64_t committed_before_last = CommittedRecords();
  EXPECT_GT(committed_before_last, 0) << "no run lived long enough to commit a batch";
  EXPECT_LT(committed_before_last, records_) << "the kills came after the end: raise the records";
  auto last = Consentry(
      {"run", "--config", EnginesConfig(config, 2), "--until-idle", "4", "--progress", "1"},
      "last", seconds(900));
  ASSERT_EQ(last.exit_code, 0) << last.err;

  // Both engines of the last run had partitions, and the job's summary adds them up.
  EXPECT_GT(LastAssigned(Path("last.err"), 1), 0) << last.err;
  EXPECT_GT(LastAssigned(Path("last.err"), 2), 0) << last.err;
  EXPECT_NE(last.err.find("exactly once, 2 engines"), std::string::npos) << last.err;
  EXPECT_NE(last.err.find("all engines: done in"), std::string::npos) << last.err;
  // The three-engine run's third engine got partitions too (it started before the kill).
  EXPECT_GT(LastAssigned(Path("killed-3.err"), 3), 0);

  const size_t net = ExpectTheReplaysAlertsOnceEach(expected);
  ExpectTheReplaysState(Path("state"));
  std::cerr << "records: " << records_ << "; committed before the last run: "
            << committed_before_last << "; net alerts: " << net << " (replay " << expected.size()
            << ")\n";
}

TEST_F(EnginesTest, TwoEnginesGiveTheReplaysAlertsSenderWindowsIncluded) {
  const std::string config = WriteConfig(300);
  GenOptions options;
  options.seed = 31;
  options.subjects = 3000;
  options.sender_scenarios = 1;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  const std::set<std::string> expected = Replay(config, /*with_windows=*/true);
  ASSERT_FALSE(expected.empty());
  auto run = Consentry({"run", "--config", EnginesConfig(config, 2), "--until-idle", "3"}, "run",
                       seconds(600));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_GT(LastAssigned(Path("run.err"), 2), 0) << run.err;

  EXPECT_EQ(NetAlertIdsOnTopic(), expected);
  ExpectSenderLabelsFound();
  EXPECT_FALSE(WindowAlerts().empty());
}

}  // namespace
}  // namespace consentry
