#include "app/kafka_sink.h"

#include "reports/stats_record.h"
#include "state/changelog.h"

namespace consentry {

Status KafkaSink::Begin() {
  if (!exactly_once_ || producer_.in_transaction()) return Status::Ok();
  return producer_.BeginTransaction();
}

Status KafkaSink::Produce(const std::string& topic, std::string_view key,
                          std::string_view value) {
  CONSENTRY_RETURN_IF_ERROR(Begin());
  return producer_.Produce(topic, key, value);
}

Status KafkaSink::Emit(const Alert& alert) {
  return Produce(topics_.alerts, alert.subject.value(), ToJson(alert));
}

Status KafkaSink::Emit(const DlqEntry& entry) {
  const std::string key = entry.source_topic + "/" + std::to_string(entry.source_partition) + "/" +
                          std::to_string(entry.source_offset);
  return Produce(topics_.dlq, key, ToJson(entry));
}

Status KafkaSink::Emit(const SenderRecord& record) {
  CONSENTRY_RETURN_IF_ERROR(Begin());
  return producer_.Produce(topics_.by_sender, record.partition, record.key,
                           EncodeSenderRecord(record.body));
}

Status KafkaSink::Emit(const StatsRecord& record) {
  return Produce(topics_.stats, StatsTopicKey(record.key), ToJson(record));
}

Status KafkaSink::Commit(StoreBatch& writes,
                         const std::map<TopicPartition, int64_t>& next_offsets) {
  if (topics_.changelog_partitions > 0 && !writes.empty()) {
    CONSENTRY_ASSIGN_OR_RETURN(const std::vector<ChangelogRecord> records,
                               ChangelogRecords(store_, writes, topics_.changelog_partitions));
    if (!records.empty()) CONSENTRY_RETURN_IF_ERROR(Begin());
    for (const auto& r : records) {
      // A default string_view has no data: librdkafka sends a null value, the tombstone.
      const std::string_view value = r.value ? std::string_view(*r.value) : std::string_view();
      CONSENTRY_RETURN_IF_ERROR(producer_.Produce(topics_.changelog, r.partition, r.key, value));
    }
  }
  if (!exactly_once_) {
    CONSENTRY_RETURN_IF_ERROR(producer_.Flush());
    // Exactly once, the group coordinator refuses the offsets of a member that lost its
    // partitions (KIP-447). At least once, this is the fence: another engine of this process
    // may own them by now and write their state to the same store.
    if (consumer_ != nullptr && consumer_->AssignmentLost()) {
      return Aborted(
          "the group took this batch's partitions while it ran (max.poll.interval.ms or the "
          "session timeout passed); its state is not written, their new owner redoes it");
    }
  } else if (producer_.in_transaction() || !next_offsets.empty()) {
    CONSENTRY_RETURN_IF_ERROR(Begin());
    if (!next_offsets.empty()) {
      if (consumer_ == nullptr) return Internal("kafka sink: input offsets but no consumer");
      CONSENTRY_RETURN_IF_ERROR(producer_.SendOffsetsToTransaction(next_offsets, *consumer_));
    }
    CONSENTRY_RETURN_IF_ERROR(producer_.CommitTransaction());
  }
  if (topics_.changelog_partitions > 0) {
    for (const auto& [partition, last] : producer_.TakeDeliveredOffsets(topics_.changelog)) {
      writes.PutChangelogOffset(topics_.changelog, partition, last + 1);
    }
  }
  return Status::Ok();
}

}  // namespace consentry
