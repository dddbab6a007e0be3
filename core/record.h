#pragma once
// One input record as the engine sees it, whatever it came from: a Kafka record (topic,
// partition, offset, the broker's timestamp) or a line of a replay file (empty topic, partition
// 0, the line number as offset, no timestamp).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/time.h"

namespace consentry {

// A (topic, partition) an instance reads.
using TopicPartition = std::pair<std::string, int32_t>;

struct InputRecord {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string value;
  // The producer's or broker's timestamp of the record, when it has one: the reference an
  // event time may not run ahead of by more than the allowed future skew.
  std::optional<Timestamp> timestamp;
  // A Kafka record without a value (null, not empty): the tombstone of a compacted topic. `value`
  // is then empty.
  bool null_value = false;
};

}  // namespace consentry
