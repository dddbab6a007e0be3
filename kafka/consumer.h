#pragma once
// A consumer-group member over the co-partitioned input topics, with eager `range` assignment
// (librdkafka 2.0.x has cooperative-rebalance commit bugs). Offsets are never auto-committed:
// the owner commits after a batch's state and alerts are durable. Where to start reading each
// assigned partition is asked of the owner (state in RocksDB is the source of truth), falling
// back to the group's committed offset, then to the earliest offset.
//
// Thread-compatible: one thread polls; the assignment hooks run inside Poll().

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "kafka/client_config.h"
#include "kafka/record.h"

namespace RdKafka {
class KafkaConsumer;
}

namespace consentry::kafka {

class Producer;

using TopicPartition = std::pair<std::string, int32_t>;

struct ConsumerHooks {
  // Called when partitions are assigned; returns the next offset to read for each, or nullopt to
  // use the committed/earliest offset. An error stops the consumer (Poll returns it).
  std::function<StatusOr<std::map<TopicPartition, std::optional<int64_t>>>(
      const std::vector<TopicPartition>&)>
      on_assign;
  // Called before partitions are taken away.
  std::function<void(const std::vector<TopicPartition>&)> on_revoke;
};

class GroupConsumer {
 public:
  static StatusOr<std::unique_ptr<GroupConsumer>> Create(const Settings& settings,
                                                         const std::string& group_id,
                                                         const std::vector<std::string>& topics,
                                                         ConsumerHooks hooks);
  ~GroupConsumer();

  struct Polled {
    std::vector<Record> records;
    // Partitions whose end this poll reached after their last record in `records`: nothing
    // more to read there for now.
    std::vector<TopicPartition> caught_up;
  };
  // Returns up to `max_records` records holding up to about `max_bytes` (the record that passes
  // it is the last), waiting at most `timeout` for the first one.
  // Transient broker errors are not errors (librdkafka retries); fatal ones are.
  StatusOr<Polled> Poll(size_t max_records, std::chrono::milliseconds timeout,
                        size_t max_bytes = SIZE_MAX);

  // Commits `next_offsets` (the offset of the next record to read) asynchronously: the group's
  // committed offsets are bookkeeping for lag monitoring; where to resume comes from the state
  // store (see ConsumerHooks::on_assign), so a lost commit costs nothing. Wait::kYes commits
  // synchronously, for the last commit before leaving the group.
  enum class Wait { kNo, kYes };
  Status Commit(const std::map<TopicPartition, int64_t>& next_offsets, Wait wait = Wait::kNo);

  // The partitions currently assigned.
  std::vector<TopicPartition> Assignment() const;
  // The group took the assignment away without a revoke in a poll (this member let
  // max.poll.interval.ms or its session time out): whoever owns the partitions now may already be
  // processing them, so the batch in hand must not be made durable.
  bool AssignmentLost() const;

  // Stops fetching these assigned partitions, or starts again from where the application read
  // to (records fetched but not returned yet are fetched again, none is lost).
  Status Pause(const std::vector<TopicPartition>& partitions);
  Status Resume(const std::vector<TopicPartition>& partitions);

  // Per assigned partition, how far this consumer's position is behind the partition's end as
  // the latest fetch saw it (no request to the broker: cheap enough for every batch; transaction
  // markers count as records). Partitions with no position or end known yet are left out.
  std::map<TopicPartition, int64_t> Lag() const;

  // Whether the broker answers: asks the end offsets of one assigned partition (Ok when none is
  // assigned). Unavailable while the broker is away. No input then does not mean idle.
  Status CheckReachable(std::chrono::milliseconds timeout);

  // Leaves the group (revoking partitions first). Idempotent.
  void Close();

 private:
  // A transactional producer commits input offsets for this consumer's group (its group
  // metadata: generation and member id, KIP-447).
  friend class Producer;
  class Rebalancer;
  GroupConsumer() = default;
  std::unique_ptr<Rebalancer> rebalancer_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  bool closed_ = false;
};

}  // namespace consentry::kafka
