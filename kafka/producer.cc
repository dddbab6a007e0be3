#include "kafka/producer.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "kafka/kafka_status.h"

namespace consentry::kafka {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// init_transactions: total bound, and the slice one call may block (so `stop` is seen).
constexpr milliseconds kInitTimeout = std::chrono::seconds(60);
constexpr milliseconds kInitSlice = std::chrono::seconds(1);
// A transactional call failing with a retriable error is tried this many times in all.
constexpr int kTransactionalAttempts = 3;
constexpr milliseconds kFirstBackoff(100);
constexpr milliseconds kMaxBackoff = std::chrono::seconds(2);
// The destructor's bound for aborting an open transaction or flushing.
constexpr int kCloseTimeoutMs = 10000;

}  // namespace

// Delivery reports, run by librdkafka inside poll()/flush() on the thread calling the producer.
// Keeps the first delivery error and, per topic, the highest acknowledged offset per partition.
class Producer::DeliveryReports : public RdKafka::DeliveryReportCb {
 public:
  explicit DeliveryReports(std::atomic<int64_t>& delivered) : delivered_(delivered) {}

  void dr_cb(RdKafka::Message& message) override {
    std::lock_guard lock(mu_);
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      if (first_error_.ok()) {
        first_error_ = FromKafka(message.err(), "delivery to topic " + message.topic_name());
      }
      return;
    }
    delivered_.fetch_add(1, std::memory_order_relaxed);
    // The C name, not topic_name(): no string built per record.
    const rd_kafka_message_t* raw = message.c_ptr();
    const std::string_view topic = rd_kafka_topic_name(raw->rkt);
    auto it = std::find_if(offsets_.begin(), offsets_.end(),
                           [&](const auto& t) { return t.first == topic; });
    if (it == offsets_.end()) it = offsets_.insert(offsets_.end(), {std::string(topic), {}});
    int64_t& highest = it->second.try_emplace(raw->partition, raw->offset).first->second;
    highest = std::max(highest, raw->offset);
  }

  Status TakeError() {
    std::lock_guard lock(mu_);
    return std::exchange(first_error_, Status::Ok());
  }

  Status PeekError() {
    std::lock_guard lock(mu_);
    return first_error_;
  }

  std::map<int32_t, int64_t> TakeOffsets(std::string_view topic) {
    std::lock_guard lock(mu_);
    for (auto& [name, offsets] : offsets_) {
      if (name == topic) return std::exchange(offsets, {});
    }
    return {};
  }

  // Forgets errors and offsets: they belong to an aborted transaction.
  void Clear() {
    std::lock_guard lock(mu_);
    first_error_ = Status::Ok();
    for (auto& entry : offsets_) entry.second.clear();
  }

 private:
  std::atomic<int64_t>& delivered_;
  std::mutex mu_;
  Status first_error_;
  // A handful of topics per producer: a vector searched linearly beats a map here.
  std::vector<std::pair<std::string, std::map<int32_t, int64_t>>> offsets_;
};

StatusOr<std::unique_ptr<Producer>> Producer::Create(const Settings& settings,
                                                     std::optional<std::string> transactional_id,
                                                     const std::atomic<bool>* stop) {
  Settings all = For(ClientKind::kProducer, settings);
  all.try_emplace("enable.idempotence", "true");
  // Kafka's default partitioner for keyed records (the Java client's and Kafka Streams'), not
  // librdkafka's CRC32: co-partitioned topics line up only if every producer agrees
  // (core/partitioner.h). A `partitioner` in the config wins.
  all.try_emplace("partitioner", "murmur2_random");
  all.try_emplace("linger.ms", "5");
  if (transactional_id) {
    if (transactional_id->empty()) return InvalidArgument("kafka producer: empty transactional id");
    all["transactional.id"] = *transactional_id;
    // A process that dies mid-batch leaves its transaction open, and read_committed readers
    // (the next owner's restore, the sender stage) wait for the broker to abort it: after this
    // long (Kafka Streams' choice too) rather than librdkafka's 60 s.
    all.try_emplace("transaction.timeout.ms", "10000");
  } else {
    all.erase("transactional.id");  // transactions only when the caller asks for them
  }
  CONSENTRY_ASSIGN_OR_RETURN(auto conf, MakeConf(all));
  std::unique_ptr<Producer> p(new Producer());
  p->transactional_id_ = std::move(transactional_id);
  p->stop_ = stop;
  p->reports_ = std::make_unique<DeliveryReports>(p->delivered_);
  std::string error;
  if (conf->set("dr_cb", p->reports_.get(), error) != RdKafka::Conf::CONF_OK) {
    return Internal("kafka producer: " + error);
  }
  p->producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!p->producer_) return InvalidArgument("kafka producer: " + error);
  if (!p->transactional_id_) return p;

  // Registers the id with its transaction coordinator: fences older producers with this id and
  // aborts a transaction one left open. On timeout librdkafka carries on in the background and
  // allows calling again, which resumes.
  const std::string context = "kafka producer: initialising transactions for transactional id '" +
                              *p->transactional_id_ + "'";
  const auto deadline = Clock::now() + kInitTimeout;
  milliseconds backoff = kFirstBackoff;
  for (;;) {
    const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    const milliseconds slice = std::clamp(remaining, milliseconds(1), kInitSlice);
    std::unique_ptr<RdKafka::Error> e(
        p->producer_->init_transactions(static_cast<int>(slice.count())));
    if (!e) return p;
    Status s = FromKafkaError(*e, context);
    if (!e->is_retriable() || e->is_fatal() || IsFenced(e->code())) return s;
    if (p->stopping()) return Unavailable("stopping: " + s.message());
    if (Clock::now() + backoff >= deadline) {
      return Unavailable(s.message() + " (no success within " +
                         std::to_string(kInitTimeout.count() / 1000) + " s)");
    }
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

Producer::~Producer() {
  if (!producer_) return;
  if (in_transaction_) {
    std::unique_ptr<RdKafka::Error> e(producer_->abort_transaction(kCloseTimeoutMs));
  } else {
    producer_->flush(kCloseTimeoutMs);
  }
}

Status Producer::FatalError() const {
  std::string reason;
  const RdKafka::ErrorCode code = producer_->fatal_error(reason);
  if (code == RdKafka::ERR_NO_ERROR) return Status::Ok();
  std::string message = "kafka producer: fatal error: " + reason;
  if (IsFenced(code)) {
    message += " (another process took over this transactional id: a newer instance with the "
               "same id started, so this one must stop)";
  }
  return FailedPrecondition(std::move(message));
}

Status Producer::Produce(std::string_view topic, std::string_view key, std::string_view value) {
  return Produce(topic, RdKafka::Topic::PARTITION_UA, key, value);
}

Status Producer::Produce(std::string_view topic, int32_t partition, std::string_view key,
                         std::string_view value) {
  std::optional<Clock::time_point> deadline;  // set when the queue is first found full
  for (;;) {
    // A null payload pointer is a null value (tombstone); librdkafka copies the bytes.
    const RdKafka::ErrorCode err = producer_->produce(
        std::string(topic), partition, RdKafka::Producer::RK_MSG_COPY,
        const_cast<char*>(value.data()), value.size(), key.data(), key.size(), 0, nullptr);
    if (err == RdKafka::ERR__QUEUE_FULL) {
      if (stopping()) return Unavailable("stopping: kafka producer queue full");
      if (!deadline) deadline = Clock::now() + queue_full_timeout_;
      if (Clock::now() >= *deadline) {
        return Unavailable("kafka producer: local queue still full after " +
                           std::to_string(queue_full_timeout_.count()) + " ms (" +
                           std::to_string(producer_->outq_len()) +
                           " records unacknowledged): the brokers do not keep up or are "
                           "unreachable");
      }
      producer_->poll(50);  // serves delivery reports, which frees room; blocks, does not spin
      continue;
    }
    if (err == RdKafka::ERR_NO_ERROR) {
      producer_->poll(0);
      return Status::Ok();
    }
    CONSENTRY_RETURN_IF_ERROR(FatalError());
    const std::string context = "producing to " + std::string(topic);
    if (err == RdKafka::ERR__STATE && transactional_id_) {
      // A transactional producer only accepts records inside a healthy transaction.
      if (!in_transaction_) {
        return Internal(context + ": a transactional producer needs BeginTransaction first");
      }
      Status cause = reports_->PeekError();
      return AbortAfter(context + ": the transaction failed" +
                        (cause.ok() ? std::string() : " (" + cause.message() + ")"));
    }
    return FromKafka(err, context);
  }
}

Status Producer::Flush(std::chrono::milliseconds timeout) {
  const RdKafka::ErrorCode err = producer_->flush(static_cast<int>(timeout.count()));
  CONSENTRY_RETURN_IF_ERROR(FatalError());
  Status delivery = reports_->TakeError();
  if (!delivery.ok()) return delivery;
  if (err == RdKafka::ERR__TIMED_OUT) {
    return Unavailable("kafka producer: " + std::to_string(producer_->outq_len()) +
                       " records still unacknowledged after flush timeout");
  }
  return FromKafka(err, "kafka producer flush");
}

Status Producer::BeginTransaction() {
  if (!transactional_id_) {
    return Internal("kafka producer: BeginTransaction without a transactional id");
  }
  if (in_transaction_) return Internal("kafka producer: BeginTransaction inside a transaction");
  CONSENTRY_RETURN_IF_ERROR(FatalError());
  std::unique_ptr<RdKafka::Error> e(producer_->begin_transaction());
  if (e) return FromKafkaError(*e, "kafka transaction: begin");
  in_transaction_ = true;
  return Status::Ok();
}

Status Producer::SendOffsetsToTransaction(const std::map<TopicPartition, int64_t>& next_offsets,
                                          GroupConsumer& consumer) {
  if (!in_transaction_) {
    return Internal("kafka producer: SendOffsetsToTransaction outside a transaction");
  }
  if (next_offsets.empty()) return Status::Ok();
  std::unique_ptr<RdKafka::ConsumerGroupMetadata> group(consumer.consumer_->groupMetadata());
  if (!group) return Internal("kafka producer: the consumer has no group metadata");
  std::vector<RdKafka::TopicPartition*> parts;
  parts.reserve(next_offsets.size());
  for (const auto& [tp, offset] : next_offsets) {
    parts.push_back(RdKafka::TopicPartition::create(tp.first, tp.second, offset));
  }
  Status s = RunTransactional("sending the input offsets", [&] {
    // -1: bounded by the transaction timeout.
    return producer_->send_offsets_to_transaction(parts, group.get(), -1);
  });
  RdKafka::TopicPartition::destroy(parts);
  return s;
}

Status Producer::CommitTransaction() {
  if (!in_transaction_) return Internal("kafka producer: CommitTransaction outside a transaction");
  // Delivers what is queued, then commits; -1 bounds each attempt by the transaction timeout,
  // as librdkafka recommends. A retriable failure resumes the same commit when called again.
  Status s = RunTransactional("commit", [&] { return producer_->commit_transaction(-1); });
  // A record not delivered makes librdkafka fail the commit (abortable), so a committed
  // transaction leaves no delivery error behind.
  if (s.ok()) in_transaction_ = false;
  return s;
}

Status Producer::AbortTransaction() {
  if (!in_transaction_) return Internal("kafka producer: AbortTransaction outside a transaction");
  Status s = AbortAfter("aborted by the caller");
  return s.code() == StatusCode::kAborted ? Status::Ok() : s;
}

Status Producer::RunTransactional(std::string_view what,
                                  const std::function<RdKafka::Error*()>& call) {
  const std::string context = "kafka transaction: " + std::string(what);
  milliseconds backoff = kFirstBackoff;
  for (int attempt = 1;; ++attempt) {
    std::unique_ptr<RdKafka::Error> e(call());
    if (!e) return Status::Ok();
    Status s = FromKafkaError(*e, context);
    // librdkafka's classification first: an abortable error is aborted even when its code
    // (e.g. an authorisation failure of one produce request) would otherwise stop us.
    if (e->is_fatal()) {
      in_transaction_ = false;
      return s;
    }
    if (e->txn_requires_abort()) return AbortAfter(s.message());
    if (IsFenced(e->code())) {
      in_transaction_ = false;
      return s;
    }
    if (!e->is_retriable() || attempt >= kTransactionalAttempts) return s;
    if (stopping()) return Unavailable("stopping: " + s.message());
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

Status Producer::AbortAfter(const std::string& reason) {
  milliseconds backoff = kFirstBackoff;
  for (int attempt = 1;; ++attempt) {
    // -1: bounded by the transaction timeout. Queued records are purged; in-flight ones are
    // waited for.
    std::unique_ptr<RdKafka::Error> e(producer_->abort_transaction(-1));
    if (!e) break;
    Status s = FromKafkaError(*e, "kafka transaction: abort after \"" + reason + "\"");
    if (e->is_fatal() || IsFenced(e->code())) {
      in_transaction_ = false;
      return s;
    }
    // Still in the transaction: AbortTransaction() (or a new producer) finishes the abort.
    if (!e->is_retriable() || attempt >= kTransactionalAttempts || stopping()) return s;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
  in_transaction_ = false;
  reports_->Clear();
  return Aborted("kafka transaction aborted, redo the batch: " + reason);
}

std::map<int32_t, int64_t> Producer::TakeDeliveredOffsets(std::string_view topic) {
  return reports_->TakeOffsets(topic);
}

}  // namespace consentry::kafka
