// The transactional producer and the read_committed readers against a real broker (started by
// the ctest `kafka` fixture through scripts/kafka): what librdkafka's mock cluster cannot show
// (kafka/testing/mock_cluster.h): transaction markers, aborted records being skipped, input
// offsets committed by a transaction, and fencing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kafka/admin.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "kafka/testing/test_util.h"
#include "kafka/topic_reader.h"

namespace consentry::kafka {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class TransactionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dir = std::getenv("CONSENTRY_TEST_KAFKA_DIR");
    ASSERT_NE(dir, nullptr) << "run through ctest: the kafka fixture starts the broker";
    std::ifstream in(std::string(dir) + "/bootstrap");
    std::getline(in, bootstrap_);
    ASSERT_FALSE(bootstrap_.empty()) << "no broker address in " << dir << "/bootstrap";
    name_ = std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid());
  }

  Settings Kafka() const { return {{"bootstrap.servers", bootstrap_}}; }
  std::string Topic(const std::string& base) const { return name_ + "." + base; }

  std::unique_ptr<Producer> Transactional(const std::string& id) {
    auto p = Producer::Create(Kafka(), id);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? std::move(p).value() : nullptr;
  }

  // Values of one partition read with ReadPartition from `from`, and the offset it returned.
  std::pair<std::vector<std::string>, int64_t> Read(const std::string& topic, int32_t partition,
                                                    int64_t from = 0) {
    std::vector<std::string> values;
    auto next = ReadPartition(Kafka(), topic, partition, from, [&](const Record& r) {
      values.push_back(r.value);
      return Status::Ok();
    });
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    return {values, next.ok() ? *next : -1};
  }

  std::vector<std::string> ReadAll(const std::string& topic) {
    auto records = ReadTopic(Kafka(), topic, std::chrono::seconds(20));
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    std::vector<std::string> values;
    if (records.ok()) {
      for (const auto& r : *records) values.push_back(r.value);
    }
    return values;
  }

  // The group's committed offset of `topic` partition 0 (-1001, OFFSET_INVALID, if none).
  int64_t CommittedOffset(const std::string& group, const std::string& topic) {
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    conf->set("bootstrap.servers", bootstrap_, error);
    conf->set("group.id", group, error);
    std::unique_ptr<RdKafka::KafkaConsumer> c(RdKafka::KafkaConsumer::create(conf.get(), error));
    EXPECT_NE(c, nullptr) << error;
    std::vector<RdKafka::TopicPartition*> parts = {RdKafka::TopicPartition::create(topic, 0)};
    EXPECT_EQ(c->committed(parts, 10000), RdKafka::ERR_NO_ERROR);
    const int64_t offset = parts[0]->offset();
    RdKafka::TopicPartition::destroy(parts);
    c->close();
    return offset;
  }

  std::string bootstrap_;
  std::string name_;
};

TEST_F(TransactionsTest, ReadersSeeCommittedTransactionsOnlyAndEndPastTheMarkers) {
  const std::string out = Topic("out");
  CONSENTRY_ASSERT_OK(CreateTopics(Kafka(), {{out, 2, false}}));
  auto producer = Transactional("consentry-" + name_);
  ASSERT_NE(producer, nullptr);

  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "a1"));
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "a2"));
  CONSENTRY_ASSERT_OK(producer->Produce(out, 1, "k", "a3"));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());
  EXPECT_THAT(producer->TakeDeliveredOffsets(out), ElementsAre(Pair(0, 1), Pair(1, 0)));

  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "b1"));
  CONSENTRY_ASSERT_OK(producer->Produce(out, 1, "k", "b2"));
  CONSENTRY_ASSERT_OK(producer->Flush());  // in the log, then aborted
  CONSENTRY_ASSERT_OK(producer->AbortTransaction());
  EXPECT_THAT(producer->TakeDeliveredOffsets(out), IsEmpty());

  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "c1"));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());
  // Partition 0: a1 0, a2 1, commit marker 2, b1 3, abort marker 4, c1 5, commit marker 6.
  EXPECT_THAT(producer->TakeDeliveredOffsets(out), ElementsAre(Pair(0, 5)));

  EXPECT_THAT(ReadAll(out), UnorderedElementsAre("a1", "a2", "a3", "c1"));
  auto [p0, next0] = Read(out, 0);
  EXPECT_THAT(p0, ElementsAre("a1", "a2", "c1"));
  EXPECT_EQ(next0, 7);
  // Partition 1: a3 0, commit marker 1, b2 2, abort marker 3: the tail is aborted.
  auto [p1, next1] = Read(out, 1);
  EXPECT_THAT(p1, ElementsAre("a3"));
  EXPECT_EQ(next1, 4);
  // Reading again from the returned offset finds nothing new.
  auto [again, next_again] = Read(out, 0, next0);
  EXPECT_THAT(again, IsEmpty());
  EXPECT_EQ(next_again, 7);
  // From inside the log: from c1's offset.
  auto [tail, next_tail] = Read(out, 0, 5);
  EXPECT_THAT(tail, ElementsAre("c1"));
  EXPECT_EQ(next_tail, 7);
}

TEST_F(TransactionsTest, ReadTopicEndsOnCommitMarkersAndOnPartitionsWithOnlyAbortedRecords) {
  const std::string out = Topic("out");
  CONSENTRY_ASSERT_OK(CreateTopics(Kafka(), {{out, 3, false}}));
  auto producer = Transactional("consentry-" + name_);
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out, 1, "k", "aborted"));
  CONSENTRY_ASSERT_OK(producer->Flush());
  CONSENTRY_ASSERT_OK(producer->AbortTransaction());
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "committed"));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());
  // Partition 0 ends with a commit marker, partition 1 holds only an aborted record and its
  // marker, partition 2 is empty. Comparing offsets with the high watermark would wait forever.
  const auto start = std::chrono::steady_clock::now();
  auto records = ReadTopic(Kafka(), out, std::chrono::seconds(20));
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].value, "committed");
  EXPECT_EQ((*records)[0].partition, 0);
}

TEST_F(TransactionsTest, CommittedTransactionCommitsTheInputOffsetsAndAnAbortedOneDoesNot) {
  const std::string in = Topic("in"), out = Topic("out");
  CONSENTRY_ASSERT_OK(CreateTopics(Kafka(), {{in, 1, false}, {out, 1, false}}));
  {
    auto plain = Producer::Create(Kafka());
    ASSERT_TRUE(plain.ok()) << plain.status().ToString();
    for (const char* v : {"x", "y", "z"}) CONSENTRY_ASSERT_OK((*plain)->Produce(in, 0, "k", v));
    CONSENTRY_ASSERT_OK((*plain)->Flush());
  }
  const std::string group = "consentry-" + name_;
  auto consumer = GroupConsumer::Create(Kafka(), group, {in}, {});
  ASSERT_TRUE(consumer.ok()) << consumer.status().ToString();
  size_t read = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (read < 3 && std::chrono::steady_clock::now() < deadline) {
    auto polled = (*consumer)->Poll(10, std::chrono::milliseconds(200));
    ASSERT_TRUE(polled.ok()) << polled.status().ToString();
    read += polled->records.size();
  }
  ASSERT_EQ(read, 3u);

  auto producer = Transactional(group + "-0");
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "result"));
  CONSENTRY_ASSERT_OK(producer->SendOffsetsToTransaction({{{in, 0}, 3}}, **consumer));
  CONSENTRY_ASSERT_OK(producer->CommitTransaction());
  EXPECT_EQ(CommittedOffset(group, in), 3);

  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "dropped"));
  CONSENTRY_ASSERT_OK(producer->SendOffsetsToTransaction({{{in, 0}, 99}}, **consumer));
  CONSENTRY_ASSERT_OK(producer->AbortTransaction());
  EXPECT_EQ(CommittedOffset(group, in), 3);
  EXPECT_THAT(ReadAll(out), ElementsAre("result"));
  (*consumer)->Close();
}

TEST_F(TransactionsTest, ANewerProducerWithTheSameIdFencesTheOlderAndAbortsItsTransaction) {
  const std::string out = Topic("out");
  CONSENTRY_ASSERT_OK(CreateTopics(Kafka(), {{out, 1, false}}));
  const std::string id = "consentry-" + name_;
  auto older = Transactional(id);
  ASSERT_NE(older, nullptr);
  CONSENTRY_ASSERT_OK(older->BeginTransaction());
  CONSENTRY_ASSERT_OK(older->Produce(out, 0, "k", "from the older"));
  CONSENTRY_ASSERT_OK(older->Flush());

  // What a restarted instance does: its init_transactions aborts the open transaction.
  auto newer = Transactional(id);
  ASSERT_NE(newer, nullptr);
  const Status s = older->CommitTransaction();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("another process took over this transactional id"));
  EXPECT_FALSE(older->in_transaction());

  CONSENTRY_ASSERT_OK(newer->BeginTransaction());
  CONSENTRY_ASSERT_OK(newer->Produce(out, 0, "k", "from the newer"));
  CONSENTRY_ASSERT_OK(newer->CommitTransaction());
  EXPECT_THAT(ReadAll(out), ElementsAre("from the newer"));
}

// Creates `topic` (1 partition) whose broker refuses records larger than `max_bytes`.
Status CreateSmallMessageTopic(const std::string& bootstrap, const std::string& topic,
                               int max_bytes) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) return Internal(err);
  rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic.c_str(), 1, -1, err, sizeof err);
  rd_kafka_NewTopic_set_config(nt, "max.message.bytes", std::to_string(max_bytes).c_str());
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, &nt, 1, nullptr, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000);
  Status s = ev == nullptr ? Unavailable("no answer") : Status::Ok();
  if (ev != nullptr && rd_kafka_event_error(ev)) s = Internal(rd_kafka_event_error_string(ev));
  if (ev != nullptr) rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(q);
  rd_kafka_NewTopic_destroy(nt);
  rd_kafka_destroy(rk);
  return s;
}

TEST_F(TransactionsTest, ARecordTheBrokerRefusesAbortsTheTransactionAndARedoCommits) {
  const std::string out = Topic("out");
  CONSENTRY_ASSERT_OK(CreateSmallMessageTopic(bootstrap_, out, 1000));
  // The topic's metadata reaches every broker thread a moment after creation.
  ASSERT_TRUE(PartitionCounts(Kafka(), {out}).ok());
  auto producer = Transactional("consentry-" + name_);
  ASSERT_NE(producer, nullptr);
  CONSENTRY_ASSERT_OK(producer->BeginTransaction());
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "fits"));
  CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", std::string(5000, 'x')));
  const Status s = producer->CommitTransaction();
  EXPECT_EQ(s.code(), StatusCode::kAborted) << s.ToString();
  EXPECT_FALSE(producer->in_transaction());

  int attempts = 0;
  Status committed = Aborted("not tried");
  while (committed.code() == StatusCode::kAborted && attempts < 3) {
    ++attempts;
    CONSENTRY_ASSERT_OK(producer->BeginTransaction());
    CONSENTRY_ASSERT_OK(producer->Produce(out, 0, "k", "redone"));
    committed = producer->CommitTransaction();
  }
  CONSENTRY_EXPECT_OK(committed);
  RecordProperty("redo_attempts", attempts);
  EXPECT_THAT(ReadAll(out), ElementsAre("redone"));
}

TEST_F(TransactionsTest, ReadPartitionOfAMissingTopicIsNotFound) {
  auto next = ReadPartition(Kafka(), Topic("missing"), 0, 0,
                            [](const Record&) { return Status::Ok(); });
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kNotFound) << next.status().ToString();
}

}  // namespace
}  // namespace consentry::kafka
