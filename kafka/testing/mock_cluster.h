#pragma once
// librdkafka's in-process mock cluster, for unit tests of kafka/ without a broker. Every client
// connects to it through bootstrap.servers like to a real cluster.
//
// What the mock of librdkafka 2.0.2 does and does not do (checked in its source,
// rdkafka_mock_handlers.c): produce, fetch, consumer groups, offset commits, and the
// transactional protocol (InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit,
// EndTxn) all answer, and errors can be injected per request type. But transactions have no
// effect on the log: EndTxn writes no commit/abort markers, Fetch reports no aborted
// transactions (so read_committed readers see aborted records too), TxnOffsetCommit does not
// store the offsets, and a second producer with the same transactional.id is not fenced. Those
// are tested against a real broker (kafka/transactions_integration_test.cc).

#include <cstdint>
#include <string>
#include <vector>

#include "kafka/client_config.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace consentry::kafka::testing {

class MockCluster {
 public:
  explicit MockCluster(int brokers = 3);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // Settings that reach this cluster.
  Settings settings() const { return {{"bootstrap.servers", bootstrap_}}; }

  void CreateTopic(const std::string& name, int partitions);

  // The next `errors.size()` requests of type `api_key` (Kafka protocol ApiKey: Produce 0,
  // EndTxn 26, ...) fail with these error codes (rd_kafka_resp_err_t values), in order.
  void PushRequestErrors(int16_t api_key, const std::vector<int>& errors);

  // All brokers down (true) or up again.
  void SetBrokersDown(bool down);

  rd_kafka_mock_cluster_t* get() { return cluster_; }

 private:
  int brokers_;
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstrap_;
};

}  // namespace consentry::kafka::testing
