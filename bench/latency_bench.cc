// Event→alert latency of a running `consentry run`, on a real broker, at a paced load.
//
// Produces outbound.v1 records at RATE records/s on a steady schedule (the records due every
// millisecond; during the warm-up the rate ramps up from 0), each to a fresh subject that has no
// consent at all (DK, sms, marketing, no campaign, no content fingerprint), so each raises
// exactly one alert, consent.missing. The records name 16 senders in turn, chosen so that each
// by-sender partition gets the same share. `sent_at` is the wall clock when the record is handed
// to the producer. Meanwhile it reads the alerts topic (read_committed, from its end), which it
// first switches to LogAppendTime: an alert's timestamp is then when the broker appended it,
// i.e. acknowledged it (acks=all on one broker). Per message sent in the measured window (after
// WARMUP s, for SECONDS s):
//   event→alert     its alert's append time − its sent_at;
//   judgeable→ack   its alert's append time − the sent_at of the first record sent on its
//                   partition at or after sent_at + LATENESS: the record that moves the
//                   partition's watermark past it (the other input streams are idle). With
//                   LATENESS 0 that is the message itself and both figures are the same;
// and judgeable→ack in three parts, split at the broker's append of the record that made the
// message judgeable (the outbound topic is switched to LogAppendTime too, and read back at the
// end) and at the alert's `detected_at` (when `run` judged it, by the same machine's clock):
//   sent→input append      the upstream producer and the broker;
//   input append→detected  `run`: fetching, waiting for its poll loop, judging;
//   detected→ack           `run`: producing and flushing the batch, the broker's append;
// the last two together, input append→ack, are consentry's own share.
// After the window it produces for LATENESS + 0.5 s more, so that every measured message becomes
// judgeable through traffic (not through the idle timeout), then waits until each measured
// message's alert was seen or TIMEOUT s passed. Broker timestamps have millisecond resolution
// (truncated), so figures ending at the ack are up to 1 ms low.
//
// Prints the send rate, the alerts by detector, the percentiles and, last,
//   RESULT rate=... alerts=... missing=... p50_ms=... p99_ms=... p999_ms=... max_ms=...
//          judgeable_p50_ms=... judgeable_p99_ms=... judgeable_p999_ms=... judgeable_max_ms=...
//          run_p50_ms=... run_p99_ms=... run_p999_ms=... detect_p99_ms=... ack_p99_ms=...
//          other_alerts=...
// (run_*: input append→ack, detect_*: input append→detected, ack_*: detected→ack) and exits 1
// if an alert is missing or another rule fired. With LATENCY_BENCH_CSV=FILE it also writes one
// line per record sent (seq,partition,sent_at_us,append_us,detected_us,ack_us; -1 if unknown).
//
//   CONSENTRY_BOOTSTRAP=127.0.0.1:PORT build-release/bench/latency_bench
//       [RATE] [SECONDS] [WARMUP] [LATENESS] [OUTBOUND_TOPIC] [ALERTS_TOPIC] [TIMEOUT]
// (defaults 20000 30 5 0 comms.outbound consentry.alerts 30; bench/latency.sh starts a broker
// and `consentry run` and calls it.)

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "core/partitioner.h"
#include "core/time.h"
#include "kafka/admin.h"
#include "kafka/consumer.h"
#include "kafka/kafka_status.h"
#include "kafka/producer.h"
#include "kafka/topic_reader.h"

namespace consentry {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct Options {
  double rate = 20000;
  double seconds = 30;
  double warmup = 5;
  double lateness = 0;
  std::string outbound = "comms.outbound";
  std::string alerts = "consentry.alerts";
  double timeout = 30;
};

// When each record is due: during the warm-up the rate ramps up linearly from 0 to RATE, so the
// first seconds of a fresh `run` (slow first batches) leave it no backlog to catch up on in the
// measured window; then RATE. Records [measured_from, measured_to) are measured; the tail after
// them makes the window's last messages judgeable through traffic.
class Schedule {
 public:
  explicit Schedule(const Options& o)
      : rate_(o.rate),
        ramp_(o.warmup),
        measured_from_(std::llround(Due(o.warmup))),
        measured_to_(std::llround(Due(o.warmup + o.seconds))),
        total_(std::llround(Due(o.warmup + o.seconds + o.lateness + 0.5))) {}

  // How many records are due `t` seconds after the start.
  double Due(double t) const {
    return t < ramp_ ? rate_ * t * t / (2 * ramp_) : rate_ * (ramp_ / 2 + t - ramp_);
  }
  // When record `i` is due, in seconds after the start.
  double DueAt(int64_t i) const {
    const double n = static_cast<double>(i);
    return n < rate_ * ramp_ / 2 ? std::sqrt(2 * ramp_ * n / rate_) : ramp_ / 2 + n / rate_;
  }
  int64_t measured_from() const { return measured_from_; }
  int64_t measured_to() const { return measured_to_; }
  int64_t total() const { return total_; }

 private:
  double rate_;
  double ramp_;
  int64_t measured_from_, measured_to_, total_;
};

// ---- The alerts topic's timestamps: LogAppendTime, through librdkafka's admin API.

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* ev) const { rd_kafka_event_destroy(ev); }
};
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

Status FromC(rd_kafka_resp_err_t err, const std::string& context) {
  return kafka::FromKafka(static_cast<RdKafka::ErrorCode>(err), context);
}

StatusOr<std::unique_ptr<rd_kafka_t, HandleDeleter>> AdminHandle(const kafka::Settings& settings) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : kafka::For(kafka::ClientKind::kAdmin, settings)) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return InvalidArgument("kafka setting '" + k + "': " + err);
    }
  }
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return InvalidArgument(std::string("kafka admin client: ") + err);
  }
  return std::unique_ptr<rd_kafka_t, HandleDeleter>(rk);
}

// The topic's configuration as the broker reports it: the entries set on the topic itself
// (dynamic) and the effective message.timestamp.type. With `alter`, first replaces the topic's
// dynamic entries with `alter` (AlterConfigs is not incremental in librdkafka 2.0).
struct TopicConfig {
  std::map<std::string, std::string> dynamic;
  std::string timestamp_type;
};
StatusOr<TopicConfig> TopicConfigRequest(rd_kafka_t* rk, const std::string& topic,
                                         const std::map<std::string, std::string>* alter) {
  rd_kafka_ConfigResource_t* resource =
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
  if (alter != nullptr) {
    for (const auto& [k, v] : *alter) {
      rd_kafka_ConfigResource_set_config(resource, k.c_str(), v.c_str());
    }
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_ANY);
  char err[512];
  rd_kafka_AdminOptions_set_request_timeout(options, 15000, err, sizeof err);
  if (alter != nullptr) {
    rd_kafka_AlterConfigs(rk, &resource, 1, options, queue);
  } else {
    rd_kafka_DescribeConfigs(rk, &resource, 1, options, queue);
  }
  EventPtr ev(rd_kafka_queue_poll(queue, 20000));
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(queue);
  rd_kafka_ConfigResource_destroy(resource);
  const std::string what = (alter ? "altering" : "describing") + std::string(" topic ") + topic;
  if (!ev) return Unavailable(what + ": no answer from the broker");
  if (rd_kafka_event_error(ev.get())) return FromC(rd_kafka_event_error(ev.get()), what);
  size_t n = 0;
  const rd_kafka_ConfigResource_t** results =
      alter != nullptr
          ? rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev.get()), &n)
          : rd_kafka_DescribeConfigs_result_resources(
                rd_kafka_event_DescribeConfigs_result(ev.get()), &n);
  if (n != 1) return Internal(what + ": " + std::to_string(n) + " results");
  if (rd_kafka_ConfigResource_error(results[0])) {
    return FromC(rd_kafka_ConfigResource_error(results[0]),
                 what + ": " + rd_kafka_ConfigResource_error_string(results[0]));
  }
  TopicConfig out;
  size_t entries = 0;
  const rd_kafka_ConfigEntry_t** config = rd_kafka_ConfigResource_configs(results[0], &entries);
  for (size_t i = 0; i < entries; ++i) {
    const char* name = rd_kafka_ConfigEntry_name(config[i]);
    const char* value = rd_kafka_ConfigEntry_value(config[i]);
    if (value == nullptr) continue;
    if (std::string_view(name) == "message.timestamp.type") out.timestamp_type = value;
    if (rd_kafka_ConfigEntry_source(config[i]) == RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG) {
      out.dynamic[name] = value;
    }
  }
  return out;
}

// Sets message.timestamp.type=LogAppendTime on `topic`, keeping its other settings, and waits
// until the broker reports it.
Status UseLogAppendTime(const kafka::Settings& settings, const std::string& topic) {
  CONSENTRY_ASSIGN_OR_RETURN(auto rk, AdminHandle(settings));
  CONSENTRY_ASSIGN_OR_RETURN(TopicConfig config, TopicConfigRequest(rk.get(), topic, nullptr));
  if (config.timestamp_type == "LogAppendTime") return Status::Ok();
  config.dynamic["message.timestamp.type"] = "LogAppendTime";
  CONSENTRY_RETURN_IF_ERROR(TopicConfigRequest(rk.get(), topic, &config.dynamic).status());
  const auto deadline = steady_clock::now() + std::chrono::seconds(15);
  while (steady_clock::now() < deadline) {
    CONSENTRY_ASSIGN_OR_RETURN(config, TopicConfigRequest(rk.get(), topic, nullptr));
    if (config.timestamp_type == "LogAppendTime") return Status::Ok();
    std::this_thread::sleep_for(milliseconds(100));
  }
  return Unavailable(topic + ": message.timestamp.type is still " + config.timestamp_type);
}

// ---- The alert reader (a thread of its own).

// What the alert reader saw. Written by its thread only; read after it is joined, except the
// atomics.
struct AlertTally {
  explicit AlertTally(size_t messages) : ack_micros(messages, -1), detected_micros(messages, -1) {}
  // Per message sent: broker append time and detected_at of its first alert, or -1.
  std::vector<int64_t> ack_micros;
  std::vector<int64_t> detected_micros;
  std::map<std::string, int64_t> by_detector;  // every record read, ours or not
  int64_t retractions = 0;
  int64_t repeated = 0;  // a second alert for a message (at least once may repeat)
  int64_t not_ours = 0;  // alerts whose event is not one this run sent
  Status error;
  std::atomic<bool> failed{false};  // `error` is set
  std::atomic<bool> assigned{false};
  std::atomic<int64_t> measured_seen{0};
};

// The string value of `"field":"..."` in one alert (alert.v1 as alerts/alert.cc writes it:
// compact, and our ids need no escapes); empty when absent.
std::string_view Field(std::string_view json, std::string_view field) {
  std::string key(1, '"');
  key.append(field).append("\":\"");
  const size_t at = json.find(key);
  if (at == std::string_view::npos) return {};
  const size_t start = at + key.size();
  const size_t end = json.find('"', start);
  return end == std::string_view::npos ? std::string_view() : json.substr(start, end - start);
}

// Notes one alert record of the alerts topic.
void Tally(const kafka::Record& r, const std::string& id_prefix, const Schedule& schedule,
           AlertTally& tally) {
  const std::string_view kind = Field(r.value, "kind");
  ++tally.by_detector[std::string(Field(r.value, "detector"))];
  if (kind == "retraction") ++tally.retractions;
  if (kind != "alert") return;
  const std::string_view event = Field(r.value, "event_id");
  const int64_t seq = event.starts_with(id_prefix)
                          ? std::atoll(std::string(event.substr(id_prefix.size())).c_str())
                          : -1;
  if (seq < 0 || seq >= schedule.total() || !r.timestamp) {
    ++tally.not_ours;
    return;
  }
  int64_t& ack = tally.ack_micros[static_cast<size_t>(seq)];
  if (ack >= 0) {
    ++tally.repeated;
    return;
  }
  ack = ToMicros(*r.timestamp);
  if (auto detected = ParseRfc3339(Field(r.value, "detected_at")); detected.ok()) {
    tally.detected_micros[static_cast<size_t>(seq)] = ToMicros(*detected);
  }
  if (seq >= schedule.measured_from() && seq < schedule.measured_to()) ++tally.measured_seen;
}

void ReadAlerts(const kafka::Settings& settings, const std::string& topic,
                const std::string& id_prefix, const Schedule& schedule,
                const std::atomic<bool>& stop, AlertTally& tally) {
  kafka::ConsumerHooks hooks;
  hooks.on_assign = [&](const std::vector<kafka::TopicPartition>& parts)
      -> StatusOr<std::map<kafka::TopicPartition, std::optional<int64_t>>> {
    std::map<kafka::TopicPartition, std::optional<int64_t>> starts;
    for (const auto& tp : parts) starts[tp] = RdKafka::Topic::OFFSET_END;
    tally.assigned = !parts.empty();
    return starts;
  };
  auto consumer =
      kafka::GroupConsumer::Create(settings, "latency-bench-" + id_prefix, {topic}, hooks);
  if (!consumer.ok()) {
    tally.error = consumer.status();
    tally.failed = true;
    return;
  }
  while (!stop.load()) {
    auto polled = (*consumer)->Poll(10000, milliseconds(50));
    if (!polled.ok()) {
      tally.error = polled.status();
      tally.failed = true;
      return;
    }
    for (const auto& r : polled->records) Tally(r, id_prefix, schedule, tally);
  }
}

// ---- Producing.

std::string OutboundRecord(const std::string& event_id, const std::string& subject,
                           const std::string& sender, Timestamp sent_at) {
  // DK: no quiet hours and no frequency caps; sms: no unsubscribe rule; no campaign: no
  // purpose or data-source rule; no fingerprint: no content.fanout; not AI-generated.
  return "{\"schema\":\"outbound.v1\",\"event_id\":\"" + event_id + "\",\"sent_at\":\"" +
         FormatRfc3339(sent_at) + "\",\"tenant\":\"acme\",\"subject\":\"" + subject +
         "\",\"channel\":\"sms\",\"purpose\":\"marketing.communications.sms\",\"sender_id\":\"" +
         sender +
         "\",\"jurisdiction\":\"DK\",\"content\":{\"template_id\":\"t-latency\","
         "\"has_unsubscribe\":true,\"ai_generated\":false,\"length\":120}}";
}

// Sender ids, kSendersPerPartition for each partition of the by-sender topic (which has the
// inputs' partition count), interleaved: taken in turn, they load its partitions evenly. (One
// sender alone at thousands of records/s overflows the sender stage's changelog records.)
constexpr size_t kSendersPerPartition = 4;
std::vector<std::string> Senders(int32_t partitions) {
  std::vector<std::vector<std::string>> by_partition(static_cast<size_t>(partitions));
  size_t filled = 0;
  for (int k = 0; filled < by_partition.size(); ++k) {
    std::string name = "latency-sender-" + std::to_string(k);
    auto& mine = by_partition[static_cast<size_t>(KafkaPartition(name, partitions))];
    if (mine.size() == kSendersPerPartition) continue;
    mine.push_back(std::move(name));
    if (mine.size() == kSendersPerPartition) ++filled;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < kSendersPerPartition; ++i) {
    for (const auto& names : by_partition) out.push_back(names[i]);
  }
  return out;
}

double CpuSeconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// What was sent, and how the sending went.
struct Sent {
  std::vector<int64_t> micros;                     // sent_at per record
  std::vector<int32_t> partition;                  // per record
  std::vector<std::vector<int64_t>> by_partition;  // each partition's records, in send order
  double seconds = 0;                              // from the first record to the last
  double measured_rate = 0;                        // records/s in the measured window
  double max_behind_ms = 0;                        // the most the producer lagged its schedule
  double cpu_share = 0;                            // of one core, while sending
};

// Produces every record of `schedule` on time (keyed by subject, on its key's partition).
Sent Produce(const kafka::Settings& settings, const Options& o, const Schedule& schedule,
             int32_t partitions, const std::string& run, const std::string& id_prefix) {
  // A producer as an upstream service would run one, lingering 1 ms rather than the wrapper's 5.
  kafka::Settings producer_settings = settings;
  producer_settings["linger.ms"] = "1";
  auto producer = kafka::Producer::Create(producer_settings);
  bench::Die(producer.status(), "producer");
  const std::vector<std::string> senders = Senders(partitions);
  const auto total = static_cast<size_t>(schedule.total());
  Sent out;
  out.micros.resize(total);
  out.partition.resize(total);
  out.by_partition.resize(static_cast<size_t>(partitions));
  const SystemClock clock;
  const double cpu_start = CpuSeconds();
  const auto start = steady_clock::now();
  steady_clock::time_point measured_start, measured_end;
  int64_t last_micros = 0;
  for (size_t i = 0; i < total;) {
    const double elapsed = bench::Seconds(start);
    const size_t due = std::min(total, static_cast<size_t>(schedule.Due(elapsed)) + 1);
    if (i < due) {
      out.max_behind_ms = std::max(
          out.max_behind_ms, (elapsed - schedule.DueAt(static_cast<int64_t>(i))) * 1000);
    }
    for (; i < due; ++i) {
      const auto seq = static_cast<int64_t>(i);
      if (seq == schedule.measured_from()) measured_start = steady_clock::now();
      if (seq == schedule.measured_to()) measured_end = steady_clock::now();
      const std::string subject = "lat-" + run + "-" + std::to_string(i);
      const int32_t partition = KafkaPartition(subject, partitions);
      // Never backwards, so each partition's sent_at order is its send order.
      last_micros = std::max(last_micros, ToMicros(clock.Now()));
      out.micros[i] = last_micros;
      out.partition[i] = partition;
      out.by_partition[static_cast<size_t>(partition)].push_back(seq);
      bench::Die((*producer)->Produce(o.outbound, partition, subject,
                                      OutboundRecord(id_prefix + std::to_string(i), subject,
                                                     senders[i % senders.size()],
                                                     FromMicros(last_micros))),
                 "produce");
    }
    // Sleep to the next millisecond of the schedule.
    std::this_thread::sleep_until(
        start + milliseconds(static_cast<int64_t>(bench::Seconds(start) * 1000) + 1));
  }
  out.seconds = bench::Seconds(start);
  out.cpu_share = (CpuSeconds() - cpu_start) / out.seconds;
  out.measured_rate =
      static_cast<double>(schedule.measured_to() - schedule.measured_from()) /
      std::chrono::duration<double>(measured_end - measured_start).count();
  bench::Die((*producer)->Flush(), "flush");
  return out;
}

// ---- Figures.

// Nearest-rank percentiles of a sample of microseconds, in milliseconds.
struct Figures {
  explicit Figures(std::vector<int64_t> micros) {
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) {
      if (micros.empty()) return 0.0;
      const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(micros.size())));
      return static_cast<double>(micros[std::clamp<size_t>(rank, 1, micros.size()) - 1]) / 1000;
    };
    p50 = at(0.5);
    p99 = at(0.99);
    p999 = at(0.999);
    max = at(1);
  }
  void Print(const char* what) const {
    std::printf("%-32s p50 %7.1f  p99 %7.1f  p99.9 %7.1f  max %7.1f ms\n", what, p50, p99, p999,
                max);
  }
  double p50, p99, p999, max;
};

// Prints the figures of the measured window; returns the exit status.
int Report(const Options& o, const Schedule& schedule, int32_t partitions, const Sent& sent,
           const std::vector<int64_t>& append_micros, const AlertTally& tally) {
  std::vector<int64_t> latency, judgeable, minus_lateness, to_append, to_detected, to_ack, run;
  const int64_t lateness = std::llround(o.lateness * 1e6);
  int64_t missing = 0;
  for (int64_t i = schedule.measured_from(); i < schedule.measured_to(); ++i) {
    const auto n = static_cast<size_t>(i);
    const int64_t ack = tally.ack_micros[n];
    if (ack < 0) {
      ++missing;
      continue;
    }
    const int64_t sent_at = sent.micros[n];
    // The first record of the partition sent at or after sent_at + lateness.
    const auto& order = sent.by_partition[static_cast<size_t>(sent.partition[n])];
    const auto it = std::partition_point(order.begin(), order.end(), [&](int64_t seq) {
      return sent.micros[static_cast<size_t>(seq)] < sent_at + lateness;
    });
    CONSENTRY_CHECK(it != order.end());  // the schedule's tail covers the allowed lateness
    const auto moved = static_cast<size_t>(*it);
    latency.push_back(ack - sent_at);
    minus_lateness.push_back(ack - sent_at - lateness);
    judgeable.push_back(ack - sent.micros[moved]);
    const int64_t appended = append_micros[moved];
    const int64_t detected = tally.detected_micros[n];
    if (appended >= 0 && detected >= 0) {
      to_append.push_back(appended - sent.micros[moved]);
      to_detected.push_back(detected - appended);
      to_ack.push_back(ack - detected);
      run.push_back(ack - appended);
    }
  }
  const int64_t measured = schedule.measured_to() - schedule.measured_from();
  int64_t other = 0;
  std::string detectors;
  for (const auto& [name, n] : tally.by_detector) {
    if (name != "consent.missing") other += n;
    detectors += " " + name + "=" + std::to_string(n);
  }
  const Figures e(latency), j(judgeable), m(minus_lateness), u(to_append), d(to_detected),
      a(to_ack), r(run);
  std::printf("topics: %s (%d partitions) -> %s (LogAppendTime)\n", o.outbound.c_str(),
              partitions, o.alerts.c_str());
  std::printf("sent: %lld records in %.1f s, %.0f records/s in the measured window (target %.0f);"
              " producer at most %.1f ms behind schedule; bench CPU %.0f%% of a core\n",
              static_cast<long long>(schedule.total()), sent.seconds, sent.measured_rate, o.rate,
              sent.max_behind_ms, 100 * sent.cpu_share);
  std::printf("measured: %lld messages sent from %.1f s to %.1f s; alerts seen for %lld, missing "
              "%lld, repeated %lld, retractions %lld, not ours %lld\n",
              static_cast<long long>(measured), o.warmup, o.warmup + o.seconds,
              static_cast<long long>(measured - missing), static_cast<long long>(missing),
              static_cast<long long>(tally.repeated), static_cast<long long>(tally.retractions),
              static_cast<long long>(tally.not_ours));
  std::printf("alerts read by detector:%s\n", detectors.c_str());
  e.Print("event->alert (append - sent_at)");
  std::printf("judgeable: from the sent_at of the record that moved the watermark past the "
              "message (allowed lateness %.3g s)\n", o.lateness);
  j.Print("judgeable->ack");
  u.Print("  sent->input append");
  d.Print("  input append->detected_at");
  a.Print("  detected_at->ack");
  r.Print("input append->ack (consentry)");
  if (o.lateness > 0) m.Print("event->alert - allowed lateness");
  std::printf("RESULT rate=%.0f alerts=%lld missing=%lld p50_ms=%.1f p99_ms=%.1f p999_ms=%.1f "
              "max_ms=%.1f judgeable_p50_ms=%.1f judgeable_p99_ms=%.1f judgeable_p999_ms=%.1f "
              "judgeable_max_ms=%.1f run_p50_ms=%.1f run_p99_ms=%.1f run_p999_ms=%.1f "
              "detect_p99_ms=%.1f ack_p99_ms=%.1f other_alerts=%lld\n",
              sent.measured_rate, static_cast<long long>(measured - missing),
              static_cast<long long>(missing), e.p50, e.p99, e.p999, e.max, j.p50, j.p99, j.p999,
              j.max, r.p50, r.p99, r.p999, d.p99, a.p99, static_cast<long long>(other));
  return missing == 0 && other == 0 ? 0 : 1;
}

void WriteCsv(const char* path, const Sent& sent, const std::vector<int64_t>& append_micros,
              const AlertTally& tally) {
  std::FILE* f = std::fopen(path, "w");
  if (f == nullptr) bench::Die(Unavailable(std::string("cannot write ") + path), "csv");
  std::fprintf(f, "seq,partition,sent_at_us,append_us,detected_us,ack_us\n");
  for (size_t i = 0; i < sent.micros.size(); ++i) {
    std::fprintf(f, "%zu,%d,%lld,%lld,%lld,%lld\n", i, sent.partition[i],
                 static_cast<long long>(sent.micros[i]), static_cast<long long>(append_micros[i]),
                 static_cast<long long>(tally.detected_micros[i]),
                 static_cast<long long>(tally.ack_micros[i]));
  }
  std::fclose(f);
}

// The broker's append time of each record this run sent to the outbound topic (-1 if unseen).
std::vector<int64_t> InputAppendTimes(const kafka::Settings& settings, const std::string& topic,
                                      int32_t partitions, const std::string& key_prefix,
                                      size_t records) {
  std::vector<int64_t> out(records, -1);
  for (int32_t p = 0; p < partitions; ++p) {
    auto read = kafka::ReadPartition(settings, topic, p, 0, [&](const kafka::Record& r) {
      if (r.key.starts_with(key_prefix) && r.timestamp) {
        const auto seq = std::strtoull(r.key.c_str() + key_prefix.size(), nullptr, 10);
        if (seq < records) out[seq] = ToMicros(*r.timestamp);
      }
      return Status::Ok();
    });
    bench::Die(read.status(), "reading the outbound topic back");
  }
  return out;
}

int Main(int argc, char** argv) {
  Options o;
  if (argc > 1) o.rate = std::atof(argv[1]);
  if (argc > 2) o.seconds = std::atof(argv[2]);
  if (argc > 3) o.warmup = std::atof(argv[3]);
  if (argc > 4) o.lateness = std::atof(argv[4]);
  if (argc > 5) o.outbound = argv[5];
  if (argc > 6) o.alerts = argv[6];
  if (argc > 7) o.timeout = std::atof(argv[7]);
  const char* bootstrap = std::getenv("CONSENTRY_BOOTSTRAP");
  if (bootstrap == nullptr || o.rate <= 0 || o.seconds <= 0 || o.warmup < 0 || o.lateness < 0) {
    std::fprintf(stderr,
                 "usage: CONSENTRY_BOOTSTRAP=HOST:PORT latency_bench [RATE] [SECONDS] [WARMUP] "
                 "[LATENESS] [OUTBOUND_TOPIC] [ALERTS_TOPIC] [TIMEOUT]\n");
    return 2;
  }
  const kafka::Settings settings = {{"bootstrap.servers", bootstrap}};
  auto counts = kafka::PartitionCounts(settings, {o.outbound, o.alerts});
  bench::Die(counts.status(), "partition counts");
  const int32_t partitions = (*counts)[o.outbound];
  bench::Die(UseLogAppendTime(settings, o.alerts), "LogAppendTime on the alerts topic");
  bench::Die(UseLogAppendTime(settings, o.outbound), "LogAppendTime on the outbound topic");

  const Schedule schedule(o);
  const std::string run = std::to_string(ToMicros(SystemClock().Now()) / 1000);
  const std::string id_prefix = "m-" + run + "-";
  AlertTally tally(static_cast<size_t>(schedule.total()));
  std::atomic<bool> stop_reading{false};
  std::thread reader(
      [&] { ReadAlerts(settings, o.alerts, id_prefix, schedule, stop_reading, tally); });
  const auto assign_deadline = steady_clock::now() + std::chrono::seconds(30);
  while (!tally.assigned.load() && !tally.failed.load() &&
         steady_clock::now() < assign_deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  if (!tally.assigned.load()) {
    stop_reading = true;
    reader.join();
    bench::Die(tally.error.ok() ? Unavailable("no partition of the alerts topic assigned in 30 s")
                                : tally.error,
               "alert reader");
  }

  const Sent sent = Produce(settings, o, schedule, partitions, run, id_prefix);
  const int64_t measured = schedule.measured_to() - schedule.measured_from();
  const auto wait_deadline =
      steady_clock::now() + milliseconds(static_cast<int64_t>(o.timeout * 1000));
  while (tally.measured_seen.load() < measured && !tally.failed.load() &&
         steady_clock::now() < wait_deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  stop_reading = true;
  reader.join();
  bench::Die(tally.error, "alert reader");
  const std::vector<int64_t> appended = InputAppendTimes(
      settings, o.outbound, partitions, "lat-" + run + "-", sent.micros.size());
  if (const char* csv = std::getenv("LATENCY_BENCH_CSV")) WriteCsv(csv, sent, appended, tally);
  return Report(o, schedule, partitions, sent, appended, tally);
}

}  // namespace
}  // namespace consentry

int main(int argc, char** argv) { return consentry::Main(argc, argv); }
