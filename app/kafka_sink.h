#pragma once
// Sink to Kafka: alerts keyed by subject on the alerts topic, DLQ entries keyed by
// "topic/partition/offset" on the DLQ topic.

#include <string>

#include "kafka/producer.h"
#include "pipeline/sink.h"

namespace consentry {

class KafkaSink final : public Sink {
 public:
  KafkaSink(kafka::Producer& producer, std::string alerts_topic, std::string dlq_topic)
      : producer_(producer), alerts_topic_(std::move(alerts_topic)), dlq_topic_(std::move(dlq_topic)) {}

  Status Emit(const Alert& alert) override;
  Status Emit(const DlqEntry& entry) override;
  Status Flush() override { return producer_.Flush(); }

 private:
  kafka::Producer& producer_;
  std::string alerts_topic_;
  std::string dlq_topic_;
};

}  // namespace consentry
