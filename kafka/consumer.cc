#include "kafka/consumer.h"

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>

#include "kafka/kafka_status.h"

namespace consentry::kafka {
namespace {

std::vector<TopicPartition> ToPairs(const std::vector<RdKafka::TopicPartition*>& parts) {
  std::vector<TopicPartition> out;
  out.reserve(parts.size());
  for (const auto* p : parts) out.emplace_back(p->topic(), p->partition());
  return out;
}

std::vector<RdKafka::TopicPartition*> FromPairs(const std::vector<TopicPartition>& pairs) {
  std::vector<RdKafka::TopicPartition*> out;
  out.reserve(pairs.size());
  for (const auto& [topic, partition] : pairs) {
    out.push_back(RdKafka::TopicPartition::create(topic, partition));
  }
  return out;
}

void FreeAll(std::vector<RdKafka::TopicPartition*>& parts) {
  RdKafka::TopicPartition::destroy(parts);
  parts.clear();
}

}  // namespace

class GroupConsumer::Rebalancer : public RdKafka::RebalanceCb {
 public:
  explicit Rebalancer(ConsumerHooks hooks) : hooks_(std::move(hooks)) {}

  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      if (hooks_.on_assign) {
        auto starts = hooks_.on_assign(ToPairs(partitions));
        if (!starts.ok()) {
          error_ = starts.status();
        } else {
          for (auto* p : partitions) {
            auto it = starts->find({p->topic(), p->partition()});
            if (it != starts->end() && it->second) p->set_offset(*it->second);
          }
        }
      }
      consumer->assign(partitions);
      ++generation_;
    } else {
      if (hooks_.on_revoke) hooks_.on_revoke(ToPairs(partitions));
      consumer->unassign();
      ++generation_;
    }
  }

  // Changes whenever the assignment does.
  uint64_t generation() const { return generation_; }

  Status TakeError() {
    Status s = error_;
    error_ = Status::Ok();
    return s;
  }

 private:
  ConsumerHooks hooks_;
  Status error_;
  uint64_t generation_ = 0;
};

StatusOr<std::unique_ptr<GroupConsumer>> GroupConsumer::Create(
    const Settings& settings, const std::string& group_id, const std::vector<std::string>& topics,
    ConsumerHooks hooks) {
  Settings all = For(ClientKind::kConsumer, settings);
  all["group.id"] = group_id;
  all["enable.auto.commit"] = "false";
  all["enable.auto.offset.store"] = "false";
  all.try_emplace("auto.offset.reset", "earliest");
  all.try_emplace("partition.assignment.strategy", "range");
  all.try_emplace("isolation.level", "read_committed");
  all["enable.partition.eof"] = "true";  // tells the watermarks a stream has caught up
  CONSENTRY_ASSIGN_OR_RETURN(auto conf, MakeConf(all));
  std::unique_ptr<GroupConsumer> c(new GroupConsumer());
  c->rebalancer_ = std::make_unique<Rebalancer>(std::move(hooks));
  std::string error;
  if (conf->set("rebalance_cb", c->rebalancer_.get(), error) != RdKafka::Conf::CONF_OK) {
    return Internal("kafka consumer: " + error);
  }
  c->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!c->consumer_) return InvalidArgument("kafka consumer: " + error);
  CONSENTRY_RETURN_IF_ERROR(FromKafka(c->consumer_->subscribe(topics), "subscribe"));
  return c;
}

GroupConsumer::~GroupConsumer() { Close(); }

StatusOr<GroupConsumer::Polled> GroupConsumer::Poll(size_t max_records,
                                                   std::chrono::milliseconds timeout,
                                                   size_t max_bytes) {
  Polled out;
  size_t bytes = 0;
  int wait_ms = static_cast<int>(timeout.count());
  while (out.records.size() < max_records && bytes < max_bytes) {
    const uint64_t generation = rebalancer_->generation();
    std::unique_ptr<RdKafka::Message> m(consumer_->consume(wait_ms));
    CONSENTRY_RETURN_IF_ERROR(rebalancer_->TakeError());
    if (rebalancer_->generation() != generation) {
      // The assignment changed inside consume(): what was collected may belong to partitions
      // this instance no longer owns, or precede the offsets it resumes from. Drop it; it is
      // read again from the stored offsets by whoever owns it now.
      out = Polled{};
      bytes = 0;
    }
    wait_ms = 0;  // after the first wait, only take what is already fetched
    switch (m->err()) {
      case RdKafka::ERR_NO_ERROR: {
        Record r;
        r.topic = m->topic_name();
        r.partition = m->partition();
        r.offset = m->offset();
        // key_pointer(), not key(): key() builds a std::string of its own per record.
        if (const void* key = m->key_pointer()) {
          r.key.assign(static_cast<const char*>(key), m->key_len());
        }
        r.null_value = m->payload() == nullptr;
        if (!r.null_value) r.value.assign(static_cast<const char*>(m->payload()), m->len());
        // Milliseconds; one that does not fit our microseconds is no timestamp at all.
        if (const RdKafka::MessageTimestamp ts = m->timestamp();
            ts.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE &&
            ts.timestamp >= 0 && ts.timestamp < INT64_MAX / 1000) {
          r.timestamp = FromMicros(ts.timestamp * 1000);
        }
        // A record after an end-of-partition in the same poll: not caught up after all.
        std::erase(out.caught_up, TopicPartition(r.topic, r.partition));
        bytes += r.key.size() + r.value.size();
        out.records.push_back(std::move(r));
        continue;
      }
      case RdKafka::ERR__PARTITION_EOF:
        out.caught_up.emplace_back(m->topic_name(), m->partition());
        continue;
      case RdKafka::ERR__TIMED_OUT:
        return out;
      default: {
        Status s = FromKafka(m->err(), "consume");
        if (s.code() == StatusCode::kUnavailable) return out;  // librdkafka retries by itself
        return s;
      }
    }
  }
  return out;
}

Status GroupConsumer::Commit(const std::map<TopicPartition, int64_t>& next_offsets, Wait wait) {
  if (next_offsets.empty()) return Status::Ok();
  std::vector<RdKafka::TopicPartition*> parts;
  for (const auto& [tp, offset] : next_offsets) {
    parts.push_back(RdKafka::TopicPartition::create(tp.first, tp.second, offset));
  }
  const RdKafka::ErrorCode err =
      wait == Wait::kYes ? consumer_->commitSync(parts) : consumer_->commitAsync(parts);
  FreeAll(parts);
  return FromKafka(err, "commit offsets");
}

bool GroupConsumer::AssignmentLost() const { return consumer_->assignment_lost(); }

Status GroupConsumer::Pause(const std::vector<TopicPartition>& partitions) {
  std::vector<RdKafka::TopicPartition*> parts = FromPairs(partitions);
  const RdKafka::ErrorCode err = consumer_->pause(parts);
  FreeAll(parts);
  return FromKafka(err, "pause partitions");
}

Status GroupConsumer::Resume(const std::vector<TopicPartition>& partitions) {
  std::vector<RdKafka::TopicPartition*> parts = FromPairs(partitions);
  const RdKafka::ErrorCode err = consumer_->resume(parts);
  FreeAll(parts);
  return FromKafka(err, "resume partitions");
}

std::vector<TopicPartition> GroupConsumer::Assignment() const {
  std::vector<RdKafka::TopicPartition*> parts;
  consumer_->assignment(parts);
  auto out = ToPairs(parts);
  FreeAll(parts);
  return out;
}

std::map<TopicPartition, int64_t> GroupConsumer::Lag() const {
  std::vector<RdKafka::TopicPartition*> parts;
  consumer_->assignment(parts);
  std::map<TopicPartition, int64_t> out;
  if (consumer_->position(parts) == RdKafka::ERR_NO_ERROR) {
    for (const RdKafka::TopicPartition* tp : parts) {
      int64_t low = 0, high = 0;
      if (tp->offset() < 0 || consumer_->get_watermark_offsets(tp->topic(), tp->partition(), &low,
                                                               &high) != RdKafka::ERR_NO_ERROR ||
          high < 0) {
        continue;
      }
      out[{tp->topic(), tp->partition()}] = std::max<int64_t>(0, high - tp->offset());
    }
  }
  FreeAll(parts);
  return out;
}

Status GroupConsumer::CheckReachable(std::chrono::milliseconds timeout) {
  const std::vector<TopicPartition> assigned = Assignment();
  if (assigned.empty()) return Status::Ok();
  int64_t low = 0, high = 0;
  return FromKafka(consumer_->query_watermark_offsets(assigned.front().first,
                                                      assigned.front().second, &low, &high,
                                                      static_cast<int>(timeout.count())),
                   "reading the end offsets of " + assigned.front().first);
}

void GroupConsumer::Close() {
  if (closed_ || !consumer_) return;
  closed_ = true;
  consumer_->close();
}

}  // namespace consentry::kafka
