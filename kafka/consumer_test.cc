// GroupConsumer against librdkafka's mock cluster: what needs a group but no real broker.

#include "kafka/consumer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "kafka/testing/mock_cluster.h"

namespace consentry::kafka {
namespace {

// The fence of an at-least-once batch (app/kafka_sink.h): a member that stops polling for
// longer than max.poll.interval.ms leaves the group, and knows it lost its partitions.
TEST(GroupConsumerTest, AMemberThatStopsPollingKnowsItLostItsAssignment) {
  testing::MockCluster cluster(1);
  cluster.CreateTopic("lost.in", 1);
  Settings settings = cluster.settings();
  // Shorter intervals time the mock group's join out.
  settings["session.timeout.ms"] = "6000";
  settings["heartbeat.interval.ms"] = "500";
  settings["max.poll.interval.ms"] = "6000";
  auto consumer = GroupConsumer::Create(settings, "lost", {"lost.in"}, {});
  ASSERT_TRUE(consumer.ok()) << consumer.status().ToString();
  GroupConsumer& c = **consumer;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (c.Assignment().empty() && std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(c.Poll(10, std::chrono::milliseconds(100)).ok());
  }
  ASSERT_FALSE(c.Assignment().empty());
  EXPECT_FALSE(c.AssignmentLost());
  // A batch that takes longer than max.poll.interval.ms.
  bool lost = false;
  for (int i = 0; i < 200 && !lost; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    lost = c.AssignmentLost();
  }
  EXPECT_TRUE(lost);
  c.Close();
}

}  // namespace
}  // namespace consentry::kafka
