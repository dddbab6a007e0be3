#include "kafka/testing/mock_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdlib>

#include "core/status.h"

namespace consentry::kafka::testing {

MockCluster::MockCluster(int brokers) : brokers_(brokers) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The handle only hosts the cluster; keep it quiet.
  rd_kafka_conf_set(conf, "log_level", "0", error, sizeof error);
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  CONSENTRY_CHECK(handle_ != nullptr);
  cluster_ = rd_kafka_mock_cluster_new(handle_, brokers);
  CONSENTRY_CHECK(cluster_ != nullptr);
  bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_);
}

MockCluster::~MockCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(handle_);
}

void MockCluster::CreateTopic(const std::string& name, int partitions) {
  CONSENTRY_CHECK(rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1) ==
                  RD_KAFKA_RESP_ERR_NO_ERROR);
}

void MockCluster::PushRequestErrors(int16_t api_key, const std::vector<int>& errors) {
  std::vector<rd_kafka_resp_err_t> codes;
  for (int e : errors) codes.push_back(static_cast<rd_kafka_resp_err_t>(e));
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, codes.size(), codes.data());
}

void MockCluster::SetBrokersDown(bool down) {
  for (int32_t id = 1; id <= brokers_; ++id) {
    if (down) {
      rd_kafka_mock_broker_set_down(cluster_, id);
    } else {
      rd_kafka_mock_broker_set_up(cluster_, id);
    }
  }
}

}  // namespace consentry::kafka::testing
