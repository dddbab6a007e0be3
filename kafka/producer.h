#pragma once
// An asynchronous Kafka producer, plain (at least once) or transactional (exactly once).
//
// Plain: Produce() only queues; nothing counts as delivered until Flush() returned OK. The
// pipeline flushes once per batch, before it writes state and commits input offsets.
//
// Transactional (a transactional id given to Create): each batch is
//   BeginTransaction(); Produce()...; SendOffsetsToTransaction(inputs, consumer);
//   CommitTransaction();
// and its records and input offsets become visible to read_committed readers together, or not at
// all. What the calls return tells the caller what to do:
//   OK                  done;
//   Aborted             the transaction was aborted (librdkafka said it must be: a record not
//                       delivered, a rebalance took the partitions, ...): drop what the batch
//                       changed in memory and redo it from the stored state;
//   Unavailable         transient and retried here already a few times; CommitTransaction may
//                       be called again (it resumes), or AbortTransaction;
//   FailedPrecondition  fatal: fenced (another process took over this transactional id) or the
//                       producer is unusable. Stop; a new process resumes from stored state.
// Produce() outside a transaction of a transactional producer is our bug (Internal): librdkafka
// refuses it. CommitTransaction() delivers what is queued first (no Flush needed); an undelivered
// record makes the transaction abort (Aborted). AbortTransaction() discards queued records.
//
// Thread-compatible: one thread calls everything; delivery reports run inside Produce, Flush and
// the transaction calls.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "kafka/client_config.h"
#include "kafka/consumer.h"

namespace RdKafka {
class Error;
class Producer;
}  // namespace RdKafka

namespace consentry::kafka {

class Producer {
 public:
  // `settings` must hold bootstrap.servers; only its producer keys are used (For()).
  // Idempotence is on, and keyed records are partitioned as the Java client does (murmur2)
  // unless set otherwise. A `transactional.id` in `settings` is ignored: the argument decides.
  //
  // With a `transactional_id` the producer is transactional: Create() registers the id with the
  // broker (init_transactions, retried for up to 60 s), which fences any earlier producer with
  // the same id and aborts the transaction it left open. So the id must be stable across
  // restarts of the same work (e.g. group id + instance), and unique among live processes.
  // FailedPrecondition if fenced or misconfigured, Unavailable if the broker did not answer.
  //
  // `stop`, when set, ends waits early (a full local queue, retries) with Unavailable("stopping")
  // once it reads true; it must outlive the producer.
  static StatusOr<std::unique_ptr<Producer>> Create(
      const Settings& settings, std::optional<std::string> transactional_id = std::nullopt,
      const std::atomic<bool>* stop = nullptr);
  // Aborts an open transaction (bounded wait) so read_committed readers are not held up until
  // the broker times it out; waits up to 10 s for a plain producer's queued records.
  ~Producer();

  // Queues one record (partitioned by key hash). A value whose data() is null (a default
  // std::string_view) is sent as null, the tombstone of a compacted topic; an empty one as
  // empty. While the local queue is full it waits (serving delivery reports) for up to
  // queue_full_timeout(), then returns Unavailable; sooner if `stop` is set.
  Status Produce(std::string_view topic, std::string_view key, std::string_view value);
  // Queues one record to an explicit partition (the caller partitioned it).
  Status Produce(std::string_view topic, int32_t partition, std::string_view key,
                 std::string_view value);

  // Waits until every queued record is acknowledged. Returns the first delivery error since the
  // previous Flush (and clears it), or Unavailable on timeout. Not needed before
  // CommitTransaction.
  Status Flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Transactions (only for a producer created with a transactional id). See the top of the file
  // for what each result means. SendOffsetsToTransaction commits `next_offsets` (the next offset
  // to read, per input partition) for `consumer`'s group as part of the transaction (KIP-447:
  // the broker refuses them, and the transaction aborts, if the consumer lost the partitions in
  // a rebalance since). An empty map is a no-op.
  Status BeginTransaction();
  Status SendOffsetsToTransaction(const std::map<TopicPartition, int64_t>& next_offsets,
                                  GroupConsumer& consumer);
  Status CommitTransaction();
  Status AbortTransaction();
  // Between a successful BeginTransaction and the end of that transaction (committed, aborted,
  // or abandoned with Aborted/FailedPrecondition).
  bool in_transaction() const { return in_transaction_; }

  // Per partition of `topic`, the highest offset acknowledged since the previous call for that
  // topic (nothing for partitions without deliveries). Every topic is tracked (a map per topic
  // written to, updated in the delivery report). Call it after Flush or CommitTransaction
  // returned OK: a transaction that aborts drops what was recorded since the previous call, as
  // its records are invisible to read_committed readers.
  std::map<int32_t, int64_t> TakeDeliveredOffsets(std::string_view topic);

  // How long Produce waits for room in a full local queue (default 60 s).
  void set_queue_full_timeout(std::chrono::milliseconds timeout) { queue_full_timeout_ = timeout; }
  std::chrono::milliseconds queue_full_timeout() const { return queue_full_timeout_; }

  // Records acknowledged so far (including ones of aborted transactions).
  int64_t delivered() const { return delivered_.load(); }

  // OK while the producer is usable; FailedPrecondition once librdkafka raised a fatal error
  // (fenced included): it can never be used again, only replaced by a new one.
  Status FatalError() const;

 private:
  class DeliveryReports;
  Producer() = default;

  bool stopping() const { return stop_ != nullptr && stop_->load(); }
  // Runs a transactional call, retrying it while its error is retriable (a few times, with
  // backoff). A call whose error requires an abort is aborted here and returns Aborted.
  Status RunTransactional(std::string_view what, const std::function<RdKafka::Error*()>& call);
  // Ends the transaction with abort_transaction and forgets its delivery errors and offsets;
  // Aborted (with `reason`) once aborted.
  Status AbortAfter(const std::string& reason);

  std::unique_ptr<DeliveryReports> reports_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<int64_t> delivered_{0};
  std::optional<std::string> transactional_id_;
  const std::atomic<bool>* stop_ = nullptr;
  std::chrono::milliseconds queue_full_timeout_ = std::chrono::seconds(60);
  bool in_transaction_ = false;
};

}  // namespace consentry::kafka
