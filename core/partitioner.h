#pragma once
// Kafka's default partitioner for a keyed record, as the Java client (and Kafka Streams) computes
// it: murmur2 of the key bytes, sign bit cleared, modulo the partition count. consentry's own
// producers use it (librdkafka's "murmur2_random"), the sender stage partitions by it, and `run`
// checks that each keyed input record sits where it puts the key: co-partitioned topics only
// line up if every producer agrees (librdkafka's own default, CRC32, does not).

#include <cstdint>
#include <string_view>

namespace consentry {

// org.apache.kafka.common.utils.Utils.murmur2, as a signed 32-bit value.
int32_t KafkaMurmur2(std::string_view bytes);

// The partition of `key` among `partitions` (> 0).
int32_t KafkaPartition(std::string_view key, int32_t partitions);

}  // namespace consentry
