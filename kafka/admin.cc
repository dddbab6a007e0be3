#include "kafka/admin.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <memory>
#include <thread>

#include "kafka/kafka_status.h"

namespace consentry::kafka {
namespace {

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

// The first error librdkafka reports on the handle that no retry can fix: a failed SASL
// authentication (wrong user or password) or TLS handshake (an untrusted CA, a certificate for
// another host). librdkafka retries those connections forever; an admin call that waited for an
// answer would wait out its whole timeout and then blame the network.
class FatalErrors {
 public:
  explicit FatalErrors(const Settings& settings) : settings_(settings) {}

  static void OnError(rd_kafka_t*, int err, const char* reason, void* opaque) {
    static_cast<FatalErrors*>(opaque)->Record(static_cast<rd_kafka_resp_err_t>(err), reason);
  }

  Status first() const { return first_; }

 private:
  void Record(rd_kafka_resp_err_t err, const char* reason) {
    if (!first_.ok()) return;
    std::string what;
    if (err == RD_KAFKA_RESP_ERR__AUTHENTICATION ||
        err == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED) {
      what = "kafka authentication failed (check sasl.mechanisms, sasl.username and sasl.password" +
             ScramHint() + ")";
    } else if (err == RD_KAFKA_RESP_ERR__SSL) {
      what = "kafka TLS handshake failed (certificate verification: check ssl.ca.location and "
             "that the broker's certificate names the host in bootstrap.servers)";
    } else {
      return;
    }
    first_ = FailedPrecondition(RedactSecrets(what + ": " + reason, settings_));
  }

  // With librdkafka before 2.6.1, SCRAM to a Kafka 4 broker fails as invalid credentials
  // whatever the password (librdkafka#4895).
  std::string ScramHint() const {
    auto it = settings_.find("sasl.mechanisms");
    if (it == settings_.end()) it = settings_.find("sasl.mechanism");
    if (it == settings_.end() || !it->second.starts_with("SCRAM") ||
        rd_kafka_version() >= 0x020601ff) {
      return "";
    }
    return std::string("; note: this librdkafka (") + rd_kafka_version_str() +
           ") predates 2.6.1 and cannot authenticate with SCRAM to Kafka 4 brokers";
  }

  const Settings settings_;  // for redacting librdkafka's text
  Status first_;  // written and read on the thread that calls rd_kafka_poll()
};

// An admin handle and where its fatal errors go (declared first: it outlives the handle).
struct Admin {
  explicit Admin(const Settings& settings) : errors(settings) {}

  // Serves the handle's error events; the first fatal one, if any.
  Status Fatal() {
    rd_kafka_poll(rk.get(), 0);
    return errors.first();
  }

  FatalErrors errors;
  HandlePtr rk;
};

StatusOr<std::unique_ptr<Admin>> MakeAdmin(const Settings& settings) {
  auto admin = std::make_unique<Admin>(settings);
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : For(ClientKind::kAdmin, settings)) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return InvalidArgument(RedactSecrets("kafka setting '" + k + "': " + err, settings));
    }
  }
  rd_kafka_conf_set_error_cb(conf, &FatalErrors::OnError);
  RememberSecrets(settings);
  rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int level, const char* fac,
                                   const char* buf) { LogFromLibrdkafka(level, fac, buf); });
  rd_kafka_conf_set_opaque(conf, &admin->errors);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    return InvalidArgument(RedactSecrets(std::string("kafka admin client: ") + err, settings));
  }
  admin->rk.reset(rk);
  return admin;
}

Status FromC(rd_kafka_resp_err_t err, const std::string& context) {
  return FromKafka(static_cast<RdKafka::ErrorCode>(err), context);
}

// How long one blocking librdkafka call may wait before the fatal errors are looked at again.
constexpr std::chrono::milliseconds kSlice(1000);

}  // namespace

namespace {

// PartitionCounts over a client already connected (CreateTopics asks again and again until a new
// topic shows: a new client each time would reconnect each time).
StatusOr<std::map<std::string, int>> CountPartitions(Admin& admin,
                                                     const std::vector<std::string>& topics,
                                                     std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* md = nullptr;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const auto slice = std::clamp(left, std::chrono::milliseconds(1), kSlice);
    const rd_kafka_resp_err_t err =
        rd_kafka_metadata(admin.rk.get(), 1, nullptr, &md, static_cast<int>(slice.count()));
    if (!err) break;
    CONSENTRY_RETURN_IF_ERROR(admin.Fatal());
    if (left <= kSlice || (err != RD_KAFKA_RESP_ERR__TIMED_OUT &&
                           err != RD_KAFKA_RESP_ERR__TRANSPORT)) {
      return FromC(err, "reading cluster metadata");
    }
  }
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

}  // namespace

StatusOr<std::map<std::string, int>> PartitionCounts(const Settings& settings,
                                                     const std::vector<std::string>& topics,
                                                     std::chrono::milliseconds timeout) {
  CONSENTRY_ASSIGN_OR_RETURN(auto admin, MakeAdmin(settings));
  return CountPartitions(*admin, topics, timeout);
}

Status CreateTopics(const Settings& settings, const std::vector<TopicSpec>& topics,
                    std::chrono::milliseconds timeout) {
  CONSENTRY_ASSIGN_OR_RETURN(auto admin, MakeAdmin(settings));
  rd_kafka_t* rk = admin->rk.get();
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
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_operation_timeout(options, static_cast<int>(timeout.count()), err, sizeof err);
  rd_kafka_CreateTopics(rk, new_topics.data(), new_topics.size(), options, queue);
  // Waits in slices, so a failed authentication or TLS handshake ends the wait.
  const auto answer_deadline = std::chrono::steady_clock::now() + timeout + std::chrono::seconds(5);
  rd_kafka_event_t* ev = nullptr;
  Status result;  // the first fatal error while waiting, else the answer's
  while (!ev && result.ok() && std::chrono::steady_clock::now() < answer_deadline) {
    ev = rd_kafka_queue_poll(queue, static_cast<int>(kSlice.count()));
    if (!ev) result = admin->Fatal();
  }
  if (!ev) {
    if (result.ok()) result = Unavailable("creating topics: no answer from the broker");
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
  auto counts = CountPartitions(*admin, names, timeout);
  while (!counts.ok() && counts.status().code() == StatusCode::kNotFound &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    counts = CountPartitions(*admin, names, timeout);
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
