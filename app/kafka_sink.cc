#include "app/kafka_sink.h"

namespace consentry {

Status KafkaSink::Emit(const Alert& alert) {
  return producer_.Produce(alerts_topic_, alert.subject.value(), ToJson(alert));
}

Status KafkaSink::Emit(const DlqEntry& entry) {
  const std::string key = entry.source_topic + "/" + std::to_string(entry.source_partition) + "/" +
                          std::to_string(entry.source_offset);
  return producer_.Produce(dlq_topic_, key, ToJson(entry));
}

Status KafkaSink::Emit(const SenderRecord& record) {
  return producer_.Produce(by_sender_topic_, record.partition, record.key,
                           EncodeSenderRecord(record.body));
}

}  // namespace consentry
