#include "kafka/table_follower.h"

#include <librdkafka/rdkafkacpp.h>

#include <map>

#include "kafka/admin.h"
#include "kafka/kafka_status.h"

namespace consentry::kafka {
namespace {

Record ToRecord(const RdKafka::Message& m) {
  Record r;
  r.topic = m.topic_name();
  r.partition = m.partition();
  r.offset = m.offset();
  if (const void* key = m.key_pointer()) r.key.assign(static_cast<const char*>(key), m.key_len());
  r.null_value = m.payload() == nullptr;
  if (!r.null_value) r.value.assign(static_cast<const char*>(m.payload()), m.len());
  return r;
}

}  // namespace

StatusOr<std::unique_ptr<TableFollower>> TableFollower::Create(const Settings& settings,
                                                               const std::string& topic) {
  CONSENTRY_ASSIGN_OR_RETURN(auto counts, PartitionCounts(settings, {topic}));
  Settings all = For(ClientKind::kConsumer, settings);
  all["group.id"] = "consentry-table-follower";  // required by the API; never joined
  all["enable.auto.commit"] = "false";
  // End-of-partition events tell ReadToEnd where a partition ends even when its last offsets are
  // transaction markers, which are never delivered.
  all["enable.partition.eof"] = "true";
  all["isolation.level"] = "read_committed";
  CONSENTRY_ASSIGN_OR_RETURN(auto conf, MakeConf(all));
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) return InvalidArgument("kafka table follower: " + error);
  std::vector<RdKafka::TopicPartition*> parts;
  for (int32_t p = 0; p < counts[topic]; ++p) {
    parts.push_back(RdKafka::TopicPartition::create(topic, p, RdKafka::Topic::OFFSET_BEGINNING));
  }
  const RdKafka::ErrorCode err = consumer->assign(parts);
  RdKafka::TopicPartition::destroy(parts);
  CONSENTRY_RETURN_IF_ERROR(FromKafka(err, "assigning the partitions of " + topic));
  std::unique_ptr<TableFollower> follower(new TableFollower());
  follower->topic_ = topic;
  follower->partitions_ = counts[topic];
  follower->consumer_ = std::move(consumer);
  return follower;
}

TableFollower::~TableFollower() {
  if (consumer_) consumer_->close();
}

StatusOr<std::vector<Record>> TableFollower::ReadToEnd(std::chrono::milliseconds timeout) {
  std::map<int32_t, int64_t> end;  // partition -> offset to reach
  for (int32_t p = 0; p < partitions_; ++p) {
    int64_t low = 0, high = 0;
    CONSENTRY_RETURN_IF_ERROR(FromKafka(
        consumer_->query_watermark_offsets(topic_, p, &low, &high, 10000),
        "reading the end offsets of " + topic_));
    if (high > low) end[p] = high;
  }
  std::vector<Record> out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!end.empty()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Unavailable("reading " + topic_ + ": timed out before the end of the topic");
    }
    std::unique_ptr<RdKafka::Message> m(consumer_->consume(200));
    if (m->err() == RdKafka::ERR__TIMED_OUT) continue;
    if (m->err() == RdKafka::ERR__PARTITION_EOF) {
      // Everything readable is read, including when the last offsets are transaction markers
      // (never delivered) or an open transaction stops read_committed below the high watermark.
      end.erase(m->partition());
      continue;
    }
    if (m->err() != RdKafka::ERR_NO_ERROR) {
      Status s = FromKafka(m->err(), "reading " + topic_);
      if (s.code() == StatusCode::kUnavailable) continue;
      return s;
    }
    if (auto it = end.find(m->partition()); it != end.end() && m->offset() + 1 >= it->second) {
      end.erase(it);
    }
    out.push_back(ToRecord(*m));
  }
  return out;
}

StatusOr<std::vector<Record>> TableFollower::Poll(size_t max_records) {
  std::vector<Record> out;
  while (out.size() < max_records) {
    std::unique_ptr<RdKafka::Message> m(consumer_->consume(0));
    if (m->err() == RdKafka::ERR__TIMED_OUT) break;
    if (m->err() == RdKafka::ERR__PARTITION_EOF) continue;
    if (m->err() != RdKafka::ERR_NO_ERROR) {
      Status s = FromKafka(m->err(), "reading " + topic_);
      if (s.code() == StatusCode::kUnavailable) break;
      return s;
    }
    out.push_back(ToRecord(*m));
  }
  return out;
}

}  // namespace consentry::kafka
