#include "kafka/producer.h"

#include <librdkafka/rdkafkacpp.h>

#include <thread>

#include "kafka/kafka_status.h"

namespace consentry::kafka {

class Producer::DeliveryReports : public RdKafka::DeliveryReportCb {
 public:
  explicit DeliveryReports(std::atomic<int64_t>& delivered) : delivered_(delivered) {}

  void dr_cb(RdKafka::Message& message) override {
    if (message.err() == RdKafka::ERR_NO_ERROR) {
      delivered_.fetch_add(1);
      return;
    }
    std::lock_guard lock(mu_);
    if (first_error_.ok()) {
      first_error_ = FromKafka(message.err(), "delivery to topic " + message.topic_name());
    }
  }

  Status TakeError() {
    std::lock_guard lock(mu_);
    Status s = first_error_;
    first_error_ = Status::Ok();
    return s;
  }

 private:
  std::atomic<int64_t>& delivered_;
  std::mutex mu_;
  Status first_error_;
};

StatusOr<std::unique_ptr<Producer>> Producer::Create(const Settings& settings) {
  Settings all = settings;
  all.try_emplace("enable.idempotence", "true");
  // Kafka's default partitioner for keyed records (the Java client's and Kafka Streams'), not
  // librdkafka's CRC32: co-partitioned topics line up only if every producer agrees
  // (core/partitioner.h). A `partitioner` in the config wins.
  all.try_emplace("partitioner", "murmur2_random");
  all.try_emplace("linger.ms", "5");
  CONSENTRY_ASSIGN_OR_RETURN(auto conf, MakeConf(all));
  std::unique_ptr<Producer> p(new Producer());
  p->reports_ = std::make_unique<DeliveryReports>(p->delivered_);
  std::string error;
  if (conf->set("dr_cb", p->reports_.get(), error) != RdKafka::Conf::CONF_OK) {
    return Internal("kafka producer: " + error);
  }
  p->producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!p->producer_) return InvalidArgument("kafka producer: " + error);
  return p;
}

Producer::~Producer() {
  if (producer_) producer_->flush(10000);
}

Status Producer::Produce(std::string_view topic, std::string_view key, std::string_view value) {
  return Produce(topic, RdKafka::Topic::PARTITION_UA, key, value);
}

Status Producer::Produce(std::string_view topic, int32_t partition, std::string_view key,
                         std::string_view value) {
  for (;;) {
    const RdKafka::ErrorCode err = producer_->produce(
        std::string(topic), partition, RdKafka::Producer::RK_MSG_COPY,
        const_cast<char*>(value.data()), value.size(), key.data(), key.size(), 0, nullptr);
    if (err == RdKafka::ERR__QUEUE_FULL) {
      producer_->poll(50);
      continue;
    }
    producer_->poll(0);
    return FromKafka(err, "producing to " + std::string(topic));
  }
}

Status Producer::Flush(std::chrono::milliseconds timeout) {
  const RdKafka::ErrorCode err = producer_->flush(static_cast<int>(timeout.count()));
  Status delivery = reports_->TakeError();
  if (!delivery.ok()) return delivery;
  if (err == RdKafka::ERR__TIMED_OUT) {
    return Unavailable("kafka producer: " + std::to_string(producer_->outq_len()) +
                       " records still unacknowledged after flush timeout");
  }
  return FromKafka(err, "kafka producer flush");
}

}  // namespace consentry::kafka
