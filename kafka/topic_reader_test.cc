#include "kafka/topic_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "kafka/producer.h"
#include "kafka/testing/mock_cluster.h"
#include "kafka/testing/test_util.h"

namespace consentry::kafka {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

// One mock cluster and topic for the suite, written once: partition 0 holds ten records
// "v0".."v9", partition 1 one, partition 2 none.
class TopicReaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new testing::MockCluster(3);
    cluster_->CreateTopic("log", 3);
    auto producer = Producer::Create(cluster_->settings());
    ASSERT_TRUE(producer.ok()) << producer.status().ToString();
    for (int i = 0; i < 10; ++i) {
      CONSENTRY_ASSERT_OK(
          (*producer)->Produce("log", 0, "k" + std::to_string(i), "v" + std::to_string(i)));
    }
    CONSENTRY_ASSERT_OK((*producer)->Produce("log", 1, "only", "one"));
    CONSENTRY_ASSERT_OK((*producer)->Flush());
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  static Settings Kafka() { return cluster_->settings(); }

  // Reads partition `p` from `from`: the (offset, value) visited and the offset returned.
  static std::pair<std::vector<std::pair<int64_t, std::string>>, StatusOr<int64_t>> Read(
      int32_t p, int64_t from) {
    std::vector<std::pair<int64_t, std::string>> seen;
    auto next = ReadPartition(Kafka(), "log", p, from, [&](const Record& r) {
      EXPECT_EQ(r.topic, "log");
      EXPECT_EQ(r.partition, p);
      seen.emplace_back(r.offset, r.value);
      return Status::Ok();
    });
    return {std::move(seen), std::move(next)};
  }

  static testing::MockCluster* cluster_;
};

testing::MockCluster* TopicReaderTest::cluster_ = nullptr;

TEST_F(TopicReaderTest, ReadPartitionReadsFromAnOffsetToTheEnd) {
  auto [seen, next] = Read(0, 7);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(*next, 10);
  EXPECT_THAT(seen, ElementsAre(Pair(7, "v7"), Pair(8, "v8"), Pair(9, "v9")));
}

TEST_F(TopicReaderTest, ReadPartitionFromTheBeginning) {
  auto [seen, next] = Read(0, 0);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(*next, 10);
  ASSERT_EQ(seen.size(), 10u);
  EXPECT_EQ(seen.front(), std::make_pair(int64_t{0}, std::string("v0")));
}

TEST_F(TopicReaderTest, ReadPartitionAtTheEndReadsNothing) {
  auto [seen, next] = Read(0, 10);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(*next, 10);
  EXPECT_THAT(seen, IsEmpty());

  auto [none, empty_next] = Read(2, 0);
  ASSERT_TRUE(empty_next.ok()) << empty_next.status().ToString();
  EXPECT_EQ(*empty_next, 0);
  EXPECT_THAT(none, IsEmpty());
}

TEST_F(TopicReaderTest, ReadPartitionBeyondTheEndIsFailedPrecondition) {
  auto [seen, next] = Read(1, 5);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kFailedPrecondition) << next.status().ToString();
  EXPECT_THAT(next.status().message(), HasSubstr("recreated"));
}

TEST_F(TopicReaderTest, AFailingVisitEndsTheReadWithItsStatus) {
  int visited = 0;
  auto next = ReadPartition(Kafka(), "log", 0, 0, [&](const Record& r) {
    ++visited;
    return r.offset == 3 ? DataLoss("bad record") : Status::Ok();
  });
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(next.status().message(), "bad record");
  EXPECT_EQ(visited, 4);
}

TEST_F(TopicReaderTest, ProgressEndsWithTheOffsetReachedAndTheEnd) {
  std::vector<std::pair<int64_t, int64_t>> calls;
  auto next = ReadPartition(
      Kafka(), "log", 0, 2, [](const Record&) { return Status::Ok(); },
      [&](int64_t offset, int64_t end) { calls.emplace_back(offset, end); });
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), std::make_pair(int64_t{10}, int64_t{10}));
}

TEST(TopicReaderWithoutBrokerTest, ReadPartitionGivesUpWhenNoBrokerAnswers) {
  auto next = ReadPartition({{"bootstrap.servers", "127.0.0.1:1"}}, "log", 0, 0,
                            [](const Record&) { return Status::Ok(); }, {},
                            std::chrono::seconds(1));
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kUnavailable) << next.status().ToString();
}

TEST_F(TopicReaderTest, ReadTopicReadsEveryPartitionIncludingEmptyOnes) {
  auto records = ReadTopic(Kafka(), "log", std::chrono::seconds(10));
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  std::vector<std::pair<int32_t, int64_t>> where;
  for (const auto& r : *records) where.emplace_back(r.partition, r.offset);
  std::sort(where.begin(), where.end());
  ASSERT_EQ(where.size(), 11u);
  EXPECT_EQ(where.front(), std::make_pair(0, int64_t{0}));
  EXPECT_EQ(where.back(), std::make_pair(1, int64_t{0}));
}

}  // namespace
}  // namespace consentry::kafka
