#pragma once
// Sink to Kafka: alerts keyed by subject on the alerts topic, DLQ entries keyed by
// "topic/partition/offset" on the DLQ topic, sender records keyed by sender id on the by-sender
// topic (on the partition the record names), report aggregate cells keyed by the cell on the
// compacted stats topic, and each batch's state changes on the stage's changelog topic
// (state/changelog.h).
//
// Commit() per processing guarantee:
//   exactly_once   everything of the batch, the changelog and the input offets go into one
//                  Kafka transaction (begun by the first record of the batch), committed there;
//   at_least_once  the changelog is produced and everything flushed; Aborted if the consumer
//                  lost its assignment meanwhile (kafka::GroupConsumer::AssignmentLost), so the
//                  batch's state is not written over what the partitions' new owner wrote.
// Either way it then records, in the batch's writes, how far this stage's changelog got.
//
// The subject stage and the sender stage each have a KafkaSink (each its own changelog topic)
// over one shared producer; a transaction spans one stage's batch.

#include <map>
#include <string>

#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "pipeline/sink.h"
#include "state/store.h"

namespace consentry {

struct KafkaSinkTopics {
  std::string alerts;
  std::string dlq;
  std::string by_sender;
  std::string stats;  // report aggregates
  std::string changelog;
  int32_t changelog_partitions = 0;
};

class KafkaSink final : public Sink {
 public:
  KafkaSink(kafka::Producer& producer, Store& store, KafkaSinkTopics topics, bool exactly_once)
      : producer_(producer),
        store_(store),
        topics_(std::move(topics)),
        exactly_once_(exactly_once) {}

  // The consumer whose group the input offsets are committed for (exactly once) and whose
  // assignment fences a batch (at least once); until set, a batch with input offsets cannot
  // commit exactly once.
  void SetConsumer(kafka::GroupConsumer* consumer) { consumer_ = consumer; }

  Status Emit(const Alert& alert) override;
  Status Emit(const DlqEntry& entry) override;
  Status Emit(const SenderRecord& record) override;
  Status Emit(const StatsRecord& record) override;
  Status Commit(StoreBatch& writes,
                const std::map<TopicPartition, int64_t>& next_offsets) override;

 private:
  // Exactly once: begins the batch's transaction unless one is open.
  Status Begin();
  Status Produce(const std::string& topic, std::string_view key, std::string_view value);

  kafka::Producer& producer_;
  Store& store_;
  KafkaSinkTopics topics_;
  bool exactly_once_;
  kafka::GroupConsumer* consumer_ = nullptr;
};

}  // namespace consentry
