#include "kafka/topic_reader.h"

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <map>
#include <memory>

#include "kafka/admin.h"
#include "kafka/kafka_status.h"

namespace consentry::kafka {
namespace {

using Clock = std::chrono::steady_clock;

// A consumer that reads assigned partitions to their end, read_committed (or not), with large
// fetches.
StatusOr<std::unique_ptr<RdKafka::KafkaConsumer>> MakeReader(const Settings& settings,
                                                             bool read_committed = true) {
  Settings all = For(ClientKind::kConsumer, settings);
  all["group.id"] = "consentry-reader";  // required by the API; never joined nor committed
  all["enable.auto.commit"] = "false";
  all["enable.auto.offset.store"] = "false";
  all["enable.partition.eof"] = "true";  // where a partition ends, markers and aborts included
  all["isolation.level"] = read_committed ? "read_committed" : "read_uncommitted";
  all["auto.offset.reset"] = "earliest";  // a start below the log start begins at the log start
  // Large fetches: a restore reads millions of small records. librdkafka requires
  // fetch.max.bytes >= message.max.bytes and receive.message.max.bytes > fetch.max.bytes; leave
  // fetch.max.bytes alone when the settings size messages themselves.
  all.try_emplace("max.partition.fetch.bytes", std::to_string(16 << 20));
  if (!all.contains("message.max.bytes") && !all.contains("receive.message.max.bytes")) {
    all.try_emplace("fetch.max.bytes", std::to_string(64 << 20));
  }
  all.try_emplace("queued.max.messages.kbytes", std::to_string(256 << 10));  // 256 MiB
  all.try_emplace("queued.min.messages", "1000000");
  // The end of a partition shows as an empty fetch, which the broker holds back this long.
  all.try_emplace("fetch.wait.max.ms", "100");
  CONSENTRY_ASSIGN_OR_RETURN(auto conf, MakeConf(all));
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) return InvalidArgument("kafka reader: " + error);
  return consumer;
}

// Closes the consumer however the read ends.
struct CloseOnExit {
  RdKafka::KafkaConsumer& consumer;
  ~CloseOnExit() { consumer.close(); }
};

Status Assign(RdKafka::KafkaConsumer& consumer, const std::string& topic,
              const std::map<int32_t, int64_t>& starts) {
  std::vector<RdKafka::TopicPartition*> parts;
  for (const auto& [p, offset] : starts) {
    parts.push_back(RdKafka::TopicPartition::create(topic, p, offset));
  }
  const RdKafka::ErrorCode err = consumer.assign(parts);
  RdKafka::TopicPartition::destroy(parts);
  return FromKafka(err, "assigning partitions of " + topic);
}

// Fills `r` from `m`, reusing r's buffers. Topic and partition are the caller's.
void CopyInto(const RdKafka::Message& m, Record& r) {
  r.offset = m.offset();
  // key_pointer(), not key(): key() allocates a std::string per record.
  if (const void* key = m.key_pointer()) {
    r.key.assign(static_cast<const char*>(key), m.key_len());
  } else {
    r.key.clear();
  }
  r.null_value = m.payload() == nullptr;
  if (r.null_value) {
    r.value.clear();
  } else {
    r.value.assign(static_cast<const char*>(m.payload()), m.len());
  }
  r.timestamp.reset();
  // Milliseconds; one that does not fit our microseconds is no timestamp at all.
  if (const RdKafka::MessageTimestamp ts = m.timestamp();
      ts.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE && ts.timestamp >= 0 &&
      ts.timestamp < INT64_MAX / 1000) {
    r.timestamp = FromMicros(ts.timestamp * 1000);
  }
}

bool IsUnknownPartition(RdKafka::ErrorCode err) {
  return err == RdKafka::ERR__UNKNOWN_TOPIC || err == RdKafka::ERR__UNKNOWN_PARTITION ||
         err == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART;
}

}  // namespace

StatusOr<std::vector<Record>> ReadTopic(const Settings& settings, const std::string& topic,
                                        std::chrono::milliseconds timeout) {
  CONSENTRY_ASSIGN_OR_RETURN(auto counts, PartitionCounts(settings, {topic}));
  CONSENTRY_ASSIGN_OR_RETURN(auto consumer, MakeReader(settings));
  CloseOnExit closer{*consumer};

  // Partition -> its high watermark when the read started; a partition leaves the map when its
  // end-of-partition arrives or a record reaches that offset.
  std::map<int32_t, int64_t> end;
  std::map<int32_t, int64_t> starts;
  for (int32_t p = 0; p < counts[topic]; ++p) {
    int64_t low = 0, high = 0;
    CONSENTRY_RETURN_IF_ERROR(FromKafka(
        consumer->query_watermark_offsets(topic, p, &low, &high, 10000), "reading end offsets"));
    if (high > low) {
      end[p] = high;
      starts[p] = RdKafka::Topic::OFFSET_BEGINNING;
    }
  }
  std::vector<Record> out;
  if (starts.empty()) return out;
  CONSENTRY_RETURN_IF_ERROR(Assign(*consumer, topic, starts));

  const auto deadline = Clock::now() + timeout;
  while (!end.empty()) {
    if (Clock::now() > deadline) {
      return Unavailable("reading " + topic + ": timed out before the end of the topic");
    }
    std::unique_ptr<RdKafka::Message> m(consumer->consume(200));
    switch (m->err()) {
      case RdKafka::ERR_NO_ERROR: {
        auto it = end.find(m->partition());
        if (it == end.end()) continue;  // past the end this read is after
        Record r;
        r.topic = topic;
        r.partition = m->partition();
        CopyInto(*m, r);
        out.push_back(std::move(r));
        if (m->offset() + 1 >= it->second) end.erase(it);
        continue;
      }
      case RdKafka::ERR__PARTITION_EOF:
        end.erase(m->partition());
        continue;
      case RdKafka::ERR__TIMED_OUT:
        continue;
      default: {
        Status s = FromKafka(m->err(), "reading " + topic);
        if (s.code() == StatusCode::kUnavailable) continue;  // librdkafka retries
        return s;
      }
    }
  }
  return out;
}

StatusOr<int64_t> ReadPartition(const Settings& settings, const std::string& topic,
                                int32_t partition, int64_t from_offset,
                                const std::function<Status(const Record&)>& visit,
                                const std::function<void(int64_t, int64_t)>& progress,
                                std::chrono::milliseconds stall_timeout) {
  const std::string what = "reading " + topic + " partition " + std::to_string(partition);
  const int query_ms = static_cast<int>(std::min<int64_t>(stall_timeout.count(), 30000));
  // The log's end (high watermark) and where committed reading ends now (the last stable
  // offset: a read_committed query answers that). An open transaction holds the second back,
  // and offsets this reader applied before may lie between the two.
  int64_t low = 0, high = 0, stable = 0;
  {
    CONSENTRY_ASSIGN_OR_RETURN(auto ends, MakeReader(settings, /*read_committed=*/false));
    CloseOnExit closer{*ends};
    const RdKafka::ErrorCode err =
        ends->query_watermark_offsets(topic, partition, &low, &high, query_ms);
    if (IsUnknownPartition(err)) {
      return NotFound("topic '" + topic + "' has no partition " + std::to_string(partition));
    }
    CONSENTRY_RETURN_IF_ERROR(FromKafka(err, what + ": reading its end offset"));
  }
  if (from_offset > high) {
    return FailedPrecondition(what + ": it ends at offset " + std::to_string(high) +
                              ", before offset " + std::to_string(from_offset) +
                              " read up to earlier (was the topic deleted and recreated?)");
  }
  CONSENTRY_ASSIGN_OR_RETURN(auto consumer, MakeReader(settings));
  CloseOnExit closer{*consumer};
  int64_t stable_low = 0;
  CONSENTRY_RETURN_IF_ERROR(FromKafka(
      consumer->query_watermark_offsets(topic, partition, &stable_low, &stable, query_ms),
      what + ": reading its last stable offset"));
  int64_t next = std::max(from_offset, low);
  // Nothing there (not even markers), or nothing readable yet beyond what was read before.
  if (next >= std::min(high, stable)) {
    if (progress) progress(next, high);
    return next;
  }
  CONSENTRY_RETURN_IF_ERROR(Assign(*consumer, topic, {{partition, next}}));

  Record r;
  r.topic = topic;
  r.partition = partition;
  auto last_seen = Clock::now();
  auto last_progress = last_seen;
  for (;;) {
    std::unique_ptr<RdKafka::Message> m(consumer->consume(100));
    const RdKafka::ErrorCode e = m->err();
    const auto now = Clock::now();
    if (e == RdKafka::ERR_NO_ERROR) {
      last_seen = now;
    } else if (e != RdKafka::ERR__PARTITION_EOF && now - last_seen > stall_timeout) {
      return Unavailable(what + ": nothing arrived for " +
                         std::to_string(stall_timeout.count()) + " ms (at offset " +
                         std::to_string(next) + " of " + std::to_string(high) + ")");
    }
    switch (e) {
      case RdKafka::ERR_NO_ERROR:
        CopyInto(*m, r);
        CONSENTRY_RETURN_IF_ERROR(visit(r));
        next = r.offset + 1;
        break;
      case RdKafka::ERR__PARTITION_EOF:
        // The fetch position: past markers and aborted records at the end.
        next = std::max(next, m->offset());
        if (progress) progress(next, high);
        return next;
      case RdKafka::ERR__TIMED_OUT:
        break;
      default: {
        Status s = FromKafka(e, what);
        if (s.code() != StatusCode::kUnavailable) return s;
        break;  // librdkafka retries; the stall bound ends it
      }
    }
    if (progress && now - last_progress >= std::chrono::seconds(1)) {
      last_progress = now;
      progress(next, high);
    }
  }
}

}  // namespace consentry::kafka
