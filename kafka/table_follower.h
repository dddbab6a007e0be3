#pragma once
// Follows a whole topic outside any consumer group, like a Kafka Streams GlobalKTable: every
// partition from the beginning, on every instance, nothing committed. consentry reads the
// compacted `purpose.declarations` topic this way: first to its end before judging anything,
// then whatever arrives while it runs.
//
// Thread-compatible: one thread polls. Partitions added to the topic after Create() are not
// followed until a restart.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "kafka/client_config.h"
#include "kafka/record.h"

namespace RdKafka {
class KafkaConsumer;
}

namespace consentry::kafka {

class TableFollower {
 public:
  static StatusOr<std::unique_ptr<TableFollower>> Create(const Settings& settings,
                                                         const std::string& topic);
  ~TableFollower();

  // Every record up to the end offsets the topic had when this call started. Unavailable if
  // the end is not reached within `timeout`.
  StatusOr<std::vector<Record>> ReadToEnd(std::chrono::milliseconds timeout);

  // What arrived since, up to `max_records`, without waiting.
  StatusOr<std::vector<Record>> Poll(size_t max_records);

 private:
  TableFollower() = default;
  std::string topic_;
  int32_t partitions_ = 0;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
};

}  // namespace consentry::kafka
