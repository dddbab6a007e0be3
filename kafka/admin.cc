#include "kafka/admin.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <thread>

#include "kafka/kafka_status.h"

namespace consentry::kafka {
namespace {

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

StatusOr<HandlePtr> MakeHandle(const Settings& settings) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : For(ClientKind::kAdmin, settings)) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return InvalidArgument("kafka setting '" + k + "': " + err);
    }
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    return InvalidArgument(std::string("kafka admin client: ") + err);
  }
  return HandlePtr(rk);
}

Status FromC(rd_kafka_resp_err_t err, const std::string& context) {
  return FromKafka(static_cast<RdKafka::ErrorCode>(err), context);
}

}  // namespace

StatusOr<std::map<std::string, int>> PartitionCounts(const Settings& settings,
                                                     const std::vector<std::string>& topics,
                                                     std::chrono::milliseconds timeout) {
  CONSENTRY_ASSIGN_OR_RETURN(HandlePtr rk, MakeHandle(settings));
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(rk.get(), 1, nullptr, &md, static_cast<int>(timeout.count()));
  if (err) return FromC(err, "reading cluster metadata");
  std::map<std::string, int> counts;
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      counts[md->topics[i].topic] = md->topics[i].partition_cnt;
    }
  }
  rd_kafka_metadata_destroy(md);
  std::map<std::string, int> out;
  for (const auto& t : topics) {
    auto it = counts.find(t);
    if (it == counts.end()) {
      return NotFound("topic '" + t + "' does not exist (create it with `consentry topics create`)");
    }
    out[t] = it->second;
  }
  return out;
}

Status CreateTopics(const Settings& settings, const std::vector<TopicSpec>& topics,
                    std::chrono::milliseconds timeout) {
  CONSENTRY_ASSIGN_OR_RETURN(HandlePtr rk, MakeHandle(settings));
  std::vector<rd_kafka_NewTopic_t*> new_topics;
  char err[512];
  for (const auto& t : topics) {
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(t.name.c_str(), t.partitions, -1, err, sizeof err);
    if (!nt) {
      rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());
      return InvalidArgument("topic '" + t.name + "': " + err);
    }
    if (t.compacted) rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
    new_topics.push_back(nt);
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_operation_timeout(options, static_cast<int>(timeout.count()), err, sizeof err);
  rd_kafka_CreateTopics(rk.get(), new_topics.data(), new_topics.size(), options, queue);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, static_cast<int>(timeout.count()) + 5000);

  Status result;
  if (!ev) {
    result = Unavailable("creating topics: no answer from the broker");
  } else if (rd_kafka_event_error(ev)) {
    result = FromC(rd_kafka_event_error(ev), "creating topics");
  } else {
    const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev);
    size_t n = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(res, &n);
    for (size_t i = 0; i < n && result.ok(); ++i) {
      const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        result = FromC(e, std::string("creating topic '") + rd_kafka_topic_result_name(results[i]) + "'");
      }
    }
  }
  if (ev) rd_kafka_event_destroy(ev);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());
  CONSENTRY_RETURN_IF_ERROR(result);

  // Topics that already existed must have the partition count asked for.
  std::vector<std::string> names;
  for (const auto& t : topics) names.push_back(t.name);
  // A new topic reaches the metadata a moment after CreateTopics returns.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto counts = PartitionCounts(settings, names, timeout);
  while (!counts.ok() && counts.status().code() == StatusCode::kNotFound &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    counts = PartitionCounts(settings, names, timeout);
  }
  CONSENTRY_RETURN_IF_ERROR(counts.status());
  for (const auto& t : topics) {
    if ((*counts)[t.name] != t.partitions) {
      return FailedPrecondition("topic '" + t.name + "' exists with " +
                                std::to_string((*counts)[t.name]) + " partitions, not " +
                                std::to_string(t.partitions));
    }
  }
  return Status::Ok();
}

}  // namespace consentry::kafka
