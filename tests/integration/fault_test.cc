// Exactly once through outside failures, on the real broker: `consentry run` must ride out a
// broker that goes away for 30 s, a state disk that fills up and a producer fenced by another
// one, without exiting, and deliver every alert of an offline `replay` of the same records
// exactly once: none lost, none delivered twice, none extra.
//
// The broker outage stops a broker of the test's own (the shared one serves tests running in
// parallel); the full disk is a small tmpfs mounted on the state directory (needs root, else the
// test is skipped).

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "kafka/producer.h"
#include "tests/integration/kafka_fixture.h"

namespace consentry {
namespace {

using Clock = std::chrono::steady_clock;

class FaultTest : public KafkaFixture {
 protected:
  // About 50k records: enough that a fault started a few seconds in hits the stream midway.
  void PrepareTraffic(const std::string& config) {
    GenOptions options;
    options.seed = 23;
    options.subjects = 5000;
    options.sender_scenarios = 1;
    ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
    expected_ = Replay(config, /*with_windows=*/false);
    ASSERT_FALSE(expected_.empty());
  }

  // Each (alert_id, kind) once on the alerts topic, and the net message alerts are the replay's.
  void ExpectTheReplayExactlyOnce() {
    const size_t net = ExpectTheReplaysAlertsOnceEach(expected_);
    std::cerr << "records: " << records_ << "; net alerts: " << net << " (replay "
              << expected_.size() << ")\n";
  }

  // Waits until the file at `path` holds `text` (true) or `timeout` passes (false).
  static bool WaitForText(const std::string& path, const std::string& text, seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (testing::ReadFile(path).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }

  // Starts `consentry run --until-idle 4` in the background; returns once it has partitions.
  void StartRun(const std::string& config, std::unique_ptr<testing::Process>* run) {
    *run = std::make_unique<testing::Process>(
        std::vector<std::string>{CONSENTRY_BIN, "run", "--config", config, "--until-idle", "4",
                                 "--progress", "1"},
        Path("run"));
    ASSERT_TRUE(WaitForText(Path("run.err"), "assigned", seconds(60)))
        << testing::ReadFile(Path("run.err"));
  }

  static size_t Count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  std::set<std::string> expected_;
};

// Another producer registers the run's transactional id mid-stream (as a second process with a
// copy of the state directory would): the run's producer is fenced, and the run replaces it
// (the new one fences the intruder in turn) and restores from the changelog.
TEST_F(FaultTest, AFencedProducerIsReplacedWithoutLossOrDuplicates) {
  const std::string config = WriteConfig(200);
  ASSERT_NO_FATAL_FAILURE(PrepareTraffic(config));
  std::unique_ptr<testing::Process> run;
  ASSERT_NO_FATAL_FAILURE(StartRun(config, &run));
  // "consentry run: instance 0123456789abcdef, exactly once"; the id is consentry-<group>-<that>.
  const std::string started = testing::ReadFile(Path("run.err"));
  const size_t at = started.find("instance ");
  ASSERT_NE(at, std::string::npos) << started;
  const std::string instance = started.substr(at + 9, 16);
  std::this_thread::sleep_for(seconds(1));
  const int64_t committed_before = CommittedRecords();
  {
    auto intruder = kafka::Producer::Create({{"bootstrap.servers", bootstrap_}},
                                            "consentry-" + name_ + "-" + instance);
    ASSERT_TRUE(intruder.ok()) << intruder.status().ToString();
  }
  auto result = run->Wait(seconds(240));
  const std::string log = testing::ReadFile(Path("run.err"));
  ASSERT_EQ(result.exit_code, 0) << log;
  EXPECT_LT(committed_before, records_) << "the fence came after the run had read everything";
  EXPECT_NE(log.find("rebuilding with a new producer"), std::string::npos) << log;
  EXPECT_EQ(CommittedRecords(), records_);
  ExpectTheReplayExactlyOnce();
}

// A broker of the test's own, stopped and started again by the test.
class BrokerOutageTest : public FaultTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(FaultTest::SetUp());
    broker_dir_ = Path("broker");
    ASSERT_NO_FATAL_FAILURE(Broker("start"));
    bootstrap_ = testing::ReadFile(broker_dir_ + "/bootstrap");
    while (!bootstrap_.empty() && std::isspace(bootstrap_.back())) bootstrap_.pop_back();
    ASSERT_FALSE(bootstrap_.empty()) << "no address in " << broker_dir_ << "/bootstrap";
  }
  void TearDown() override {
    if (!broker_dir_.empty()) Broker("stop");
    FaultTest::TearDown();
  }
  void Broker(const std::string& action) {
    auto r = RunProcess({CONSENTRY_SOURCE_DIR "/scripts/kafka", action, broker_dir_},
                        Path("broker-" + action), seconds(150));
    ASSERT_EQ(r.exit_code, 0) << "scripts/kafka " << action << ": " << r.err;
  }
  std::string broker_dir_;
};

TEST_F(BrokerOutageTest, RunRidesOutABrokerOutageWithoutLossOrDuplicates) {
  const std::string config = WriteConfig(200);
  ASSERT_NO_FATAL_FAILURE(PrepareTraffic(config));
  const auto started = Clock::now();
  std::unique_ptr<testing::Process> run;
  ASSERT_NO_FATAL_FAILURE(StartRun(config, &run));
  std::this_thread::sleep_for(seconds(3));
  const int64_t committed_before = CommittedRecords();
  ASSERT_NO_FATAL_FAILURE(Broker("stop"));
  const auto stopped = Clock::now();
  std::this_thread::sleep_for(seconds(30));
  ASSERT_NO_FATAL_FAILURE(Broker("start"));
  const auto outage = std::chrono::duration_cast<seconds>(Clock::now() - stopped);
  auto result = run->Wait(seconds(240));
  const std::string log = testing::ReadFile(Path("run.err"));
  ASSERT_EQ(result.exit_code, 0) << log;
  EXPECT_LT(committed_before, records_) << "the outage came after the run had read everything";
  EXPECT_NE(log.find("degraded"), std::string::npos)
      << "no degraded line while the broker was away";
  EXPECT_EQ(CommittedRecords(), records_);
  ExpectTheReplayExactlyOnce();
  std::cerr << "committed before the outage: " << committed_before << "; outage: "
            << outage.count() << " s; run: "
            << std::chrono::duration_cast<seconds>(Clock::now() - started).count() << " s\n";
}

// The state directory on a small tmpfs, filled by a filler file while `run` works.
class DiskFullTest : public FaultTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(FaultTest::SetUp());
    state_ = Path("state");
    std::filesystem::create_directories(state_);
    // Room for the whole store of these records and its logs (the store preallocates nothing,
    // so the filler's last byte makes the next write fail).
    if (::mount("tmpfs", state_.c_str(), "tmpfs", 0, "size=256m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs on " << state_ << ": " << std::strerror(errno)
                   << " (needs root)";
    }
    mounted_ = true;
  }
  void TearDown() override {
    // Keep RocksDB's log of a failed run: the tmpfs takes it away.
    if (mounted_ && HasFailure()) {
      std::error_code ignored;
      std::filesystem::copy_file(state_ + "/LOG", Path("rocksdb.LOG"), ignored);
    }
    if (mounted_ && ::umount2(state_.c_str(), MNT_DETACH) != 0) {
      ADD_FAILURE() << "umount " << state_ << ": " << std::strerror(errno);
    }
    FaultTest::TearDown();
  }
  // Writes a file that takes every free byte of the tmpfs; returns its size.
  int64_t Fill(const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    const std::string chunk(1 << 16, 'x');
    int64_t written = 0;
    while (out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
      out.flush();
      if (!out) break;
      written += static_cast<int64_t>(chunk.size());
    }
    return written;
  }
  std::string state_;
  bool mounted_ = false;
};

TEST_F(DiskFullTest, RunPausesOnAFullDiskAndResumesWhenSpaceReturns) {
  const std::string config = WriteConfig(200);
  ASSERT_NO_FATAL_FAILURE(PrepareTraffic(config));
  const auto started = Clock::now();
  std::unique_ptr<testing::Process> run;
  ASSERT_NO_FATAL_FAILURE(StartRun(config, &run));
  std::this_thread::sleep_for(seconds(2));
  const int64_t filled = Fill(state_ + "/filler");
  const auto full = Clock::now();
  ASSERT_TRUE(WaitForText(Path("run.err"), "degraded", seconds(60)))
      << "no degraded line with a full disk:\n" << testing::ReadFile(Path("run.err"));
  // Paused: nothing committed while the disk stays full (the batch that failed may have
  // committed to Kafka before its RocksDB write; wait for the rebuild to stall first).
  std::this_thread::sleep_for(seconds(3));
  const int64_t committed_during = CommittedRecords();
  std::this_thread::sleep_for(seconds(10));
  EXPECT_EQ(CommittedRecords(), committed_during) << "consumption went on with a full disk";
  EXPECT_LT(committed_during, records_) << "the disk filled after the run had read everything";
  const std::string log_full = testing::ReadFile(Path("run.err"));
  EXPECT_EQ(Count(log_full, "degraded"), 1u) << "one line for the full disk, not one per retry:\n"
                                             << log_full;
  std::filesystem::remove(state_ + "/filler");
  const auto freed = Clock::now();
  auto result = run->Wait(seconds(180));
  const std::string log = testing::ReadFile(Path("run.err"));
  ASSERT_EQ(result.exit_code, 0) << log;
  EXPECT_EQ(CommittedRecords(), records_);
  ExpectTheReplayExactlyOnce();
  std::cerr << "filler: " << (filled >> 20) << " MB; full for "
            << std::chrono::duration_cast<seconds>(freed - full).count() << " s; run: "
            << std::chrono::duration_cast<seconds>(Clock::now() - started).count() << " s\n";
}

}  // namespace
}  // namespace consentry
