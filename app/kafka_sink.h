#pragma once
// Sink to Kafka: alerts keyed by subject on the alerts topic, DLQ entries keyed by
// "topic/partition/offset" on the DLQ topic, sender records keyed by sender id on the by-sender
// topic, on the partition the record names.

#include <string>

#include "kafka/producer.h"
#include "pipeline/sink.h"

namespace consentry {

class KafkaSink final : public Sink {
 public:
  KafkaSink(kafka::Producer& producer, std::string alerts_topic, std::string dlq_topic,
            std::string by_sender_topic)
      : producer_(producer),
        alerts_topic_(std::move(alerts_topic)),
        dlq_topic_(std::move(dlq_topic)),
        by_sender_topic_(std::move(by_sender_topic)) {}

  Status Emit(const Alert& alert) override;
  Status Emit(const DlqEntry& entry) override;
  Status Emit(const SenderRecord& record) override;
  Status Flush() override { return producer_.Flush(); }

 private:
  kafka::Producer& producer_;
  std::string alerts_topic_;
  std::string dlq_topic_;
  std::string by_sender_topic_;
};

}  // namespace consentry
