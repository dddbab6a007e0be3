#pragma once
// An asynchronous Kafka producer whose Flush() tells whether everything sent so far is durable.
// Produce() only queues; nothing counts as delivered until Flush() returned OK. The pipeline
// flushes once per batch, before it writes state and commits input offsets (at-least-once).

#include <atomic>
#include <cstdint>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"
#include "kafka/client_config.h"

namespace RdKafka {
class Producer;
}

namespace consentry::kafka {

class Producer {
 public:
  // `settings` must hold bootstrap.servers; idempotence is switched on and keyed records are
  // partitioned as the Java client does (murmur2) unless set otherwise.
  static StatusOr<std::unique_ptr<Producer>> Create(const Settings& settings);
  ~Producer();

  // Queues one record (partitioned by key hash). Waits while the local queue is full.
  Status Produce(std::string_view topic, std::string_view key, std::string_view value);
  // Queues one record to an explicit partition (the caller partitioned it).
  Status Produce(std::string_view topic, int32_t partition, std::string_view key,
                 std::string_view value);

  // Waits until every queued record is acknowledged. Returns the first delivery error since the
  // previous Flush (and clears it), or Unavailable on timeout.
  Status Flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  int64_t delivered() const { return delivered_.load(); }

 private:
  class DeliveryReports;
  Producer() = default;
  std::unique_ptr<DeliveryReports> reports_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<int64_t> delivered_{0};
};

}  // namespace consentry::kafka
