#include "kafka/producer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "kafka/consumer.h"
#include "kafka/testing/mock_cluster.h"
#include "kafka/testing/test_util.h"
#include "kafka/topic_reader.h"

namespace consentry::kafka {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

// Kafka protocol request types (ApiKey) the tests inject errors into.
constexpr int16_t kProduceRequest = 0;
constexpr int16_t kEndTxnRequest = 26;
constexpr int16_t kTxnOffsetCommitRequest = 28;

// One mock cluster for the suite (starting and stopping one takes a second); each test has
// topics and a transactional id of its own: "<test>.out" (2 partitions), "<test>.changelog"
// (2), "<test>.in" (1).
class ProducerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new testing::MockCluster(3); }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  void SetUp() override {
    name_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    out_ = name_ + ".out";
    changelog_ = name_ + ".changelog";
    in_ = name_ + ".in";
    cluster_->CreateTopic(out_, 2);
    cluster_->CreateTopic(changelog_, 2);
    cluster_->CreateTopic(in_, 1);
  }

  static Settings Kafka() { return cluster_->settings(); }

  std::unique_ptr<Producer> Transactional() {
    auto p = Producer::Create(Kafka(), "consentry-" + name_);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? std::move(p).value() : nullptr;
  }

  // (offset, value) of every committed record of one partition, by ReadPartition.
  std::vector<std::pair<int64_t, std::string>> Read(const std::string& topic, int32_t partition) {
    std::vector<std::pair<int64_t, std::string>> out;
    auto end = ReadPartition(Kafka(), topic, partition, 0, [&](const Record& r) {
      out.emplace_back(r.offset, r.value);
      return Status::Ok();
    });
    EXPECT_TRUE(end.ok()) << end.status().ToString();
    return out;
  }

  static testing::MockCluster* cluster_;
  std::string name_, out_, changelog_, in_;
};

testing::MockCluster* ProducerTest::cluster_ = nullptr;

TEST_F(ProducerTest, CommittedTransactionIsReadable) {
  auto producer = Transactional();
  ASSERT_NE(producer, nullptr);
  EXPECT_FALSE(producer->in_transaction());
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  EXPECT_TRUE(producer->in_transaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k1", "a"));
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 1, "k2", "b"));
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k3", "c"));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());
  EXPECT_FALSE(producer->in_transaction());

  EXPECT_THAT(Read(out_, 0), ElementsAre(Pair(0, "a"), Pair(1, "c")));
  EXPECT_THAT(Read(out_, 1), ElementsAre(Pair(0, "b")));
  auto all = ReadTopic(Kafka(), out_, std::chrono::seconds(10));
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(ProducerTest, TakeDeliveredOffsetsGivesTheHighestOffsetPerPartitionSinceTheLastCall) {
  auto producer = Transactional();
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  for (const char* v : {"a", "b", "c"}) CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", v));
  for (const char* v : {"d", "e"}) CONSENTRY_ASSERT_OK(producer->Produce(out_, 1, "k", v));
  CONSENTRY_ASSERT_OK(producer->Produce(changelog_, 1, "k", "f"));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());

  // Three records on a fresh partition 0 take offsets 0..2, two on partition 1 take 0..1.
  EXPECT_THAT(producer->TakeDeliveredOffsets(out_), ElementsAre(Pair(0, 2), Pair(1, 1)));
  EXPECT_THAT(producer->TakeDeliveredOffsets(changelog_), ElementsAre(Pair(1, 0)));
  EXPECT_THAT(producer->TakeDeliveredOffsets(out_), IsEmpty());
  EXPECT_THAT(producer->TakeDeliveredOffsets("never-written"), IsEmpty());

  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 1, "k", "g"));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());
  EXPECT_THAT(producer->TakeDeliveredOffsets(out_), ElementsAre(Pair(1, 2)));
  EXPECT_EQ(producer->delivered(), 7);
}

TEST_F(ProducerTest, TakeDeliveredOffsetsWorksWithoutTransactions) {
  auto producer = Producer::Create(Kafka());
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  CONSENTRY_ASSERT_OK((*producer)->Produce(changelog_, 0, "k", "a"));
  CONSENTRY_ASSERT_OK((*producer)->Produce(changelog_, 0, "k", "b"));
  CONSENTRY_ASSERT_OK((*producer)->Flush());
  EXPECT_THAT((*producer)->TakeDeliveredOffsets(changelog_), ElementsAre(Pair(0, 1)));
}

TEST_F(ProducerTest, AbortForgetsTheOffsetsOfTheAbortedTransaction) {
  auto producer = Transactional();
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "a"));
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "b"));
  CONSENTRY_ASSERT_OK(producer->Flush());  // delivered (offsets 0 and 1), not yet committed
  CONSENTRY_ASSERT_OK(producer->AbortTransaction());
  EXPECT_FALSE(producer->in_transaction());
  EXPECT_THAT(producer->TakeDeliveredOffsets(out_), IsEmpty());

  // The next transaction works; its record follows the aborted ones in the log.
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "c"));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());
  EXPECT_THAT(producer->TakeDeliveredOffsets(out_), ElementsAre(Pair(0, 2)));
}

TEST_F(ProducerTest, ProducingOutsideATransactionIsOurBug) {
  auto producer = Transactional();
  ASSERT_NE(producer, nullptr);
  const Status s = producer->Produce(out_, 0, "k", "a");
  EXPECT_EQ(s.code(), StatusCode::kInternal) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("BeginTransaction"));
  EXPECT_EQ(producer->CommitTransaction().code(), StatusCode::kInternal);
  EXPECT_EQ(producer->AbortTransaction().code(), StatusCode::kInternal);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  EXPECT_EQ(producer->BeginTransaction().code(), StatusCode::kInternal);
}

TEST_F(ProducerTest, TransactionCallsNeedATransactionalId) {
  auto producer = Producer::Create(Kafka());
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  EXPECT_EQ((*producer)->BeginTransaction().code(), StatusCode::kInternal);
}

TEST_F(ProducerTest, TransactionalIdInTheSettingsDoesNotMakeAPlainProducerTransactional) {
  Settings settings = Kafka();
  settings["transactional.id"] = "from-yaml";
  auto producer = Producer::Create(settings);
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  CONSENTRY_ASSERT_OK((*producer)->Produce(out_, 0, "k", "a"));
  CONSENTRY_ASSERT_OK((*producer)->Flush());
}

TEST_F(ProducerTest, UndeliveredRecordAbortsTheTransactionAndTheNextOneWorks) {
  auto producer = Transactional();
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  // The broker refuses the batch with a permanent error: the record is not delivered.
  cluster_->PushRequestErrors(kProduceRequest, {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE});
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "lost"));
  const Status s = producer->CommitTransaction();
  EXPECT_EQ(s.code(), StatusCode::kAborted) << s.ToString();
  EXPECT_FALSE(producer->in_transaction());
  EXPECT_THAT(producer->TakeDeliveredOffsets(out_), IsEmpty());

  // Redoing the batch succeeds. On the mock cluster the first redo aborts too: the sequence
  // number the lost record used is missing, and librdkafka bumps the producer epoch to recover
  // ("skipped sequence numbers"); the caller's redo loop absorbs that.
  Status committed = Aborted("not tried");
  for (int attempt = 0; attempt < 3 && committed.code() == StatusCode::kAborted; ++attempt) {
    CONSENTRY_ASSERT_OK(producer->BeginTransaction());
    CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "redone"));
    committed = producer->CommitTransaction();
  }
  CONSENTRY_EXPECT_OK(committed);
  EXPECT_THAT(Read(out_, 0), ElementsAre(Pair(0, "redone")));
}

TEST_F(ProducerTest, FencedProducerStopsWithFailedPrecondition) {
  auto producer = Transactional();
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "a"));
  // What the coordinator answers once a newer producer registered the same transactional id.
  cluster_->PushRequestErrors(kEndTxnRequest, {RD_KAFKA_RESP_ERR_PRODUCER_FENCED});
  const Status s = producer->CommitTransaction();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("another process took over this transactional id"));
  EXPECT_FALSE(producer->in_transaction());
  // The producer stays unusable.
  EXPECT_EQ(producer->BeginTransaction().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(producer->Produce(out_, 0, "k", "b").code(), StatusCode::kFailedPrecondition);
}

TEST_F(ProducerTest, TransientCoordinatorErrorsDoNotFailTheCommit) {
  auto producer = Transactional();
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "a"));
  cluster_->PushRequestErrors(kEndTxnRequest, {RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
                                              RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS});
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());
  EXPECT_THAT(Read(out_, 0), ElementsAre(Pair(0, "a")));
}

TEST_F(ProducerTest, InputOffsetsGoIntoTheTransactionAndAStaleGenerationAborts) {
  GroupConsumer* consumer_ptr = nullptr;
  auto consumer = GroupConsumer::Create(Kafka(), "consentry-" + name_, {in_}, {});
  ASSERT_TRUE(consumer.ok()) << consumer.status().ToString();
  consumer_ptr = consumer->get();
  // The mock cluster forms a new group after 3 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (consumer_ptr->Assignment().empty() && std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(consumer_ptr->Poll(10, std::chrono::milliseconds(100)).ok());
  }
  ASSERT_FALSE(consumer_ptr->Assignment().empty());

  auto producer = Transactional();
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "a"));
  CONSENTRY_ASSERT_OK(producer->SendOffsetsToTransaction({}, *consumer_ptr));  // no-op
  CONSENTRY_ASSERT_OK(producer->SendOffsetsToTransaction({{{in_, 0}, 5}}, *consumer_ptr));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());

  // The group coordinator refuses offsets of a member that lost its partitions in a rebalance
  // (KIP-447): the batch must be redone by whoever owns the partitions now.
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out_, 0, "k", "b"));
  cluster_->PushRequestErrors(kTxnOffsetCommitRequest, {RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION});
  const Status s = producer->SendOffsetsToTransaction({{{in_, 0}, 6}}, *consumer_ptr);
  EXPECT_EQ(s.code(), StatusCode::kAborted) << s.ToString();
  EXPECT_FALSE(producer->in_transaction());
  consumer_ptr->Close();
}

TEST_F(ProducerTest, NullValueIsATombstoneAndEmptyValueIsNot) {
  auto producer = Producer::Create(Kafka());
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  CONSENTRY_ASSERT_OK((*producer)->Produce(changelog_, 0, "k1", std::string_view()));
  CONSENTRY_ASSERT_OK((*producer)->Produce(changelog_, 0, "k2", ""));
  CONSENTRY_ASSERT_OK((*producer)->Flush());
  std::vector<std::pair<std::string, bool>> seen;  // key, null_value
  auto end = ReadPartition(Kafka(), changelog_, 0, 0, [&](const Record& r) {
    EXPECT_TRUE(r.value.empty());
    seen.emplace_back(r.key, r.null_value);
    return Status::Ok();
  });
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  EXPECT_THAT(seen, ElementsAre(Pair("k1", true), Pair("k2", false)));
}

// A cluster that is down: nothing listens on port 1.
const Settings kNoBroker = {{"bootstrap.servers", "127.0.0.1:1"}};

// A producer whose queue holds one record, on a cluster that is down; its records time out
// after 500 ms, so the destructor's flush ends quickly.
Settings TinyQueue() {
  Settings settings = kNoBroker;
  settings["queue.buffering.max.messages"] = "1";
  settings["message.timeout.ms"] = "500";
  return settings;
}

TEST(ProducerWithoutBrokerTest, FullQueueWaitIsBounded) {
  auto producer = Producer::Create(TinyQueue());
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  (*producer)->set_queue_full_timeout(std::chrono::milliseconds(200));
  CONSENTRY_ASSERT_OK((*producer)->Produce("out", 0, "k", "a"));
  const auto start = std::chrono::steady_clock::now();
  const Status s = (*producer)->Produce("out", 0, "k", "b");
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("queue"));
  EXPECT_GE(waited, std::chrono::milliseconds(200));
  EXPECT_LT(waited, std::chrono::seconds(5));
}

TEST(ProducerWithoutBrokerTest, StopFlagEndsTheFullQueueWait) {
  std::atomic<bool> stop{false};
  auto producer = Producer::Create(TinyQueue(), std::nullopt, &stop);
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  CONSENTRY_ASSERT_OK((*producer)->Produce("out", 0, "k", "a"));
  stop = true;
  const auto start = std::chrono::steady_clock::now();
  const Status s = (*producer)->Produce("out", 0, "k", "b");
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("stopping"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(ProducerWithoutBrokerTest, StopFlagEndsWaitingForTheTransactionCoordinator) {
  std::atomic<bool> stop{true};
  const auto start = std::chrono::steady_clock::now();
  auto producer = Producer::Create(kNoBroker, "consentry-no-broker", &stop);
  ASSERT_FALSE(producer.ok());
  EXPECT_EQ(producer.status().code(), StatusCode::kUnavailable) << producer.status().ToString();
  EXPECT_THAT(producer.status().message(), HasSubstr("stopping"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ProducerWithoutBrokerTest, EmptyTransactionalIdIsInvalid) {
  auto producer = Producer::Create(kNoBroker, "");
  EXPECT_EQ(producer.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace consentry::kafka
