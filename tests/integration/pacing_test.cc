// Bounded held messages on the real broker (app/outbound_pacer.h): with all input loaded before
// the start and a tiny processing.max_waiting_per_partition, `run` keeps pausing and resuming its
// outbound partitions while their other streams catch up, and still raises exactly the replay's
// alerts, the sender stage's windows included.

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/integration/kafka_fixture.h"

namespace consentry {
namespace {

class PacingTest : public KafkaFixture {};

TEST_F(PacingTest, PausedOutboundPartitionsLoseAndRepeatNothing) {
  const std::string config = WriteConfig(300);
  const std::string text =
      WithSetting(testing::ReadFile(config), "processing", "max_waiting_per_partition: 20");
  std::ofstream(config) << text;
  GenOptions options;
  options.seed = 37;
  options.subjects = 3000;
  options.sender_scenarios = 1;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  const std::set<std::string> expected = Replay(config, /*with_windows=*/true);
  ASSERT_FALSE(expected.empty());
  auto run = Consentry({"run", "--config", config, "--until-idle", "3"}, "run", seconds(600));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("outbound partition(s) paused"), std::string::npos) << run.err;

  EXPECT_EQ(NetAlertIdsOnTopic(), expected);
  ExpectSenderLabelsFound();
}

}  // namespace
}  // namespace consentry
