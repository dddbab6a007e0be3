#include "kafka/topic_reader.h"

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>

#include "kafka/admin.h"
#include "kafka/kafka_status.h"

namespace consentry::kafka {

StatusOr<std::vector<Record>> ReadTopic(const Settings& settings, const std::string& topic,
                                        std::chrono::milliseconds timeout) {
  CONSENTRY_ASSIGN_OR_RETURN(auto counts, PartitionCounts(settings, {topic}));
  Settings all = settings;
  all["group.id"] = "consentry-reader";  // required by the API; never joined nor committed
  all["enable.auto.commit"] = "false";
  all["isolation.level"] = "read_committed";
  CONSENTRY_ASSIGN_OR_RETURN(auto conf, MakeConf(all));
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) return InvalidArgument("kafka reader: " + error);

  std::map<int32_t, int64_t> end;  // partition -> offset to reach
  std::vector<RdKafka::TopicPartition*> parts;
  for (int32_t p = 0; p < counts[topic]; ++p) {
    int64_t low = 0, high = 0;
    CONSENTRY_RETURN_IF_ERROR(FromKafka(
        consumer->query_watermark_offsets(topic, p, &low, &high, 10000), "reading end offsets"));
    if (high > low) {
      end[p] = high;
      parts.push_back(RdKafka::TopicPartition::create(topic, p, RdKafka::Topic::OFFSET_BEGINNING));
    }
  }
  std::vector<Record> out;
  if (parts.empty()) return out;
  const RdKafka::ErrorCode assign_err = consumer->assign(parts);
  RdKafka::TopicPartition::destroy(parts);
  CONSENTRY_RETURN_IF_ERROR(FromKafka(assign_err, "assigning partitions"));

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!end.empty()) {
    if (std::chrono::steady_clock::now() > deadline) {
      consumer->close();
      return Unavailable("reading " + topic + ": timed out before the end of the topic");
    }
    std::unique_ptr<RdKafka::Message> m(consumer->consume(200));
    if (m->err() == RdKafka::ERR__TIMED_OUT || m->err() == RdKafka::ERR__PARTITION_EOF) continue;
    if (m->err() != RdKafka::ERR_NO_ERROR) {
      Status s = FromKafka(m->err(), "reading " + topic);
      if (s.code() == StatusCode::kUnavailable) continue;
      consumer->close();
      return s;
    }
    const int32_t p = m->partition();
    // Transaction markers take offsets too, so "reached" means offset + 1 >= end.
    if (m->offset() + 1 >= end[p]) end.erase(p);
    Record r{m->topic_name(), p, m->offset(), m->key() ? *m->key() : "",
             std::string(static_cast<const char*>(m->payload()), m->len()), std::nullopt};
    out.push_back(std::move(r));
  }
  consumer->close();
  return out;
}

}  // namespace consentry::kafka
