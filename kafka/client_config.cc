#include "kafka/client_config.h"

#include <algorithm>
#include <iterator>
#include <mutex>
#include <set>
#include <string_view>

#include "core/log.h"

namespace consentry::kafka {
namespace {

// The scope column of librdkafka 2.0.2's CONFIGURATION.md, global and topic properties with
// their documented aliases. A key in neither list is valid for both kinds (`*`) or unknown to
// librdkafka; either way it is passed on. Keep in step with the librdkafka version we build
// against (later versions move some keys, e.g. retry.backoff.ms became `*` in 2.3).
constexpr std::string_view kConsumerOnly[] = {
    "auto.commit.enable",
    "auto.commit.interval.ms",
    "auto.offset.reset",
    "check.crcs",
    "consume.callback.max.messages",
    "consume_cb",
    "coordinator.query.interval.ms",
    "enable.auto.commit",
    "enable.auto.offset.store",
    "enable.partition.eof",
    "fetch.error.backoff.ms",
    "fetch.max.bytes",
    "fetch.message.max.bytes",
    "fetch.min.bytes",
    "fetch.wait.max.ms",
    "group.id",
    "group.instance.id",
    "group.protocol.type",
    "heartbeat.interval.ms",
    "isolation.level",
    "max.partition.fetch.bytes",
    "max.poll.interval.ms",
    "offset.store.method",
    "offset.store.path",
    "offset.store.sync.interval.ms",
    "offset_commit_cb",
    "partition.assignment.strategy",
    "queued.max.messages.kbytes",
    "queued.min.messages",
    "rebalance_cb",
    "session.timeout.ms",
};

constexpr std::string_view kProducerOnly[] = {
    "acks",
    "batch.num.messages",
    "batch.size",
    "compression.codec",
    "compression.level",
    "compression.type",
    "delivery.report.only.error",
    "delivery.timeout.ms",
    "dr_cb",
    "dr_msg_cb",
    "enable.gapless.guarantee",
    "enable.idempotence",
    "linger.ms",
    "message.send.max.retries",
    "message.timeout.ms",
    "msg_order_cmp",
    "partitioner",
    "partitioner_cb",
    "produce.offset.report",
    "queue.buffering.backpressure.threshold",
    "queue.buffering.max.kbytes",
    "queue.buffering.max.messages",
    "queue.buffering.max.ms",
    "queuing.strategy",
    "request.required.acks",
    "request.timeout.ms",
    "retries",
    "retry.backoff.ms",
    "sticky.partitioning.linger.ms",
    "transaction.timeout.ms",
    "transactional.id",
};

bool In(std::string_view key, const auto& list) {
  return std::find(std::begin(list), std::end(list), key) != std::end(list);
}

}  // namespace

Settings For(ClientKind kind, const Settings& settings) {
  Settings out;
  for (const auto& [key, value] : settings) {
    const bool consumer_only = In(key, kConsumerOnly);
    const bool producer_only = In(key, kProducerOnly);
    bool keep = true;
    switch (kind) {
      case ClientKind::kProducer:
        keep = !consumer_only;
        break;
      case ClientKind::kConsumer:
        keep = !producer_only;
        break;
      case ClientKind::kAdmin:
        keep = !consumer_only && !producer_only;
        break;
    }
    if (keep) out.emplace(key, value);
  }
  return out;
}

bool IsSecretKey(std::string_view key) {
  return key.find("password") != std::string_view::npos ||
         key.find("secret") != std::string_view::npos ||
         key.find("sasl.oauthbearer") != std::string_view::npos ||
         key.find("ssl.key") != std::string_view::npos;
}

namespace {

// Each occurrence of `secret` (not empty) in `message` replaced by "***".
void Scrub(std::string& message, std::string_view secret) {
  for (size_t at = message.find(secret); at != std::string::npos;
       at = message.find(secret, at + 3)) {
    message.replace(at, secret.size(), "***");
  }
}

}  // namespace

std::string RedactSecrets(std::string message, const Settings& settings) {
  for (const auto& [key, value] : settings) {
    if (!value.empty() && IsSecretKey(key)) Scrub(message, value);
  }
  return message;
}

namespace {

// Every secret value a client was configured with, for scrubbing librdkafka's log lines.
class SecretValues {
 public:
  void Remember(const Settings& settings) {
    std::lock_guard lock(mu_);
    for (const auto& [key, value] : settings) {
      if (!value.empty() && IsSecretKey(key)) values_.insert(value);
    }
  }
  std::string Redacted(std::string message) {
    std::lock_guard lock(mu_);
    for (const auto& value : values_) Scrub(message, value);
    return message;
  }

 private:
  std::mutex mu_;
  std::set<std::string> values_;
};

SecretValues& Secrets() {
  static auto* secrets = new SecretValues();  // never destroyed: clients may outlive main()
  return *secrets;
}

log::Level LevelOf(int syslog_level) {
  if (syslog_level <= 3) return log::Level::kError;
  if (syslog_level == 4) return log::Level::kWarn;
  if (syslog_level >= 7) return log::Level::kDebug;
  return log::Level::kInfo;
}

// The C++ clients' log lines and error events (the C API's admin handle uses LogFromLibrdkafka
// directly). One for the process: librdkafka does not own its callbacks.
class LogForwarder final : public RdKafka::EventCb {
 public:
  void event_cb(RdKafka::Event& event) override {
    switch (event.type()) {
      case RdKafka::Event::EVENT_LOG:
        LogFromLibrdkafka(event.severity(), event.fac(), event.str());
        break;
      case RdKafka::Event::EVENT_ERROR:
        log::Write(event.fatal() ? log::Level::kError : log::Level::kWarn, "kafka",
                   Secrets().Redacted(RdKafka::err2str(event.err()) + ": " + event.str()));
        break;
      default:  // statistics and throttling: not asked for
        break;
    }
  }
};

LogForwarder& Forwarder() {
  static auto* forwarder = new LogForwarder();  // never destroyed: clients may outlive main()
  return *forwarder;
}

}  // namespace

void RememberSecrets(const Settings& settings) { Secrets().Remember(settings); }

void LogFromLibrdkafka(int syslog_level, std::string_view facility, std::string_view message) {
  const log::Level level = LevelOf(syslog_level);
  if (level < log::CurrentLevel()) return;  // before the copy and the scrub
  log::Write(level, "kafka",
             Secrets().Redacted(std::string(facility) + ": " + std::string(message)));
}

Status CheckSettings(const Settings& settings) { return MakeConf(settings).status(); }

StatusOr<std::unique_ptr<RdKafka::Conf>> MakeConf(const Settings& settings) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [key, value] : settings) {
    if (conf->set(key, value, error) != RdKafka::Conf::CONF_OK) {
      return InvalidArgument(RedactSecrets("kafka setting '" + key + "': " + error, settings));
    }
  }
  RememberSecrets(settings);
  if (conf->set("event_cb", static_cast<RdKafka::EventCb*>(&Forwarder()), error) !=
      RdKafka::Conf::CONF_OK) {
    return Internal("librdkafka refused the log callback: " + error);
  }
  return conf;
}

}  // namespace consentry::kafka
