#pragma once
// The fixture of the integration tests on the real broker (started by the ctest fixture through
// scripts/kafka): per-test topics, group and directory, a config with every detector, running
// the real `consentry` binary, reading topics back, and net alerts.

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/partitioner.h"
#include "gen/traffic.h"
#include "kafka/admin.h"
#include "kafka/topic_reader.h"
#include "state/store.h"
#include "tests/testing/http_client.h"
#include "tests/testing/subprocess.h"

namespace consentry {

using std::chrono::seconds;
using testing::Process;
using testing::RunProcess;

// The value of "field":"..." in a JSON line written by our own JsonWriter.
// Whether an alert.v1 line is a sender-level window alert: its top-level `entity` comes before
// `reason` (evidence, which may hold any key, comes after it).
inline bool IsWindowAlert(const std::string& json) {
  const size_t entity = json.find("\"entity\":\"");
  return entity != std::string::npos && entity < json.find("\"reason\":");
}

inline std::string Field(const std::string& json, const std::string& field) {
  const std::string needle = "\"" + field + "\":\"";
  const size_t at = json.find(needle);
  if (at == std::string::npos) return "";
  const size_t start = at + needle.size();
  return json.substr(start, json.find('"', start) - start);
}

// Each test gets topics, a consumer group and a directory of its own on the shared broker.
class KafkaFixture : public ::testing::Test {
 protected:
  // Partitions of every co-partitioned topic WriteConfig's config creates.
  static constexpr int32_t kPartitions = 4;

  void SetUp() override {
    const char* kafka_dir = std::getenv("CONSENTRY_TEST_KAFKA_DIR");
    ASSERT_NE(kafka_dir, nullptr) << "run through ctest: the kafka fixture starts the broker";
    bootstrap_ = testing::ReadFile(std::string(kafka_dir) + "/bootstrap");
    while (!bootstrap_.empty() && std::isspace(bootstrap_.back())) bootstrap_.pop_back();
    ASSERT_FALSE(bootstrap_.empty()) << "no broker address in " << kafka_dir << "/bootstrap";
    name_ = std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid());
    std::replace(name_.begin(), name_.end(), '/', '-');  // a parameterized test's "Name/Param"
    dir_ = std::filesystem::path(::testing::TempDir()) / ("kafka_pipeline_" + name_);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  std::string Path(const std::string& file) const { return (dir_ / file).string(); }
  std::string Topic(const std::string& base) const { return name_ + "." + base; }
  kafka::Settings Kafka() const { return {{"bootstrap.servers", bootstrap_}}; }

  // A config with topics of this test only, short lateness so the test runs quickly.
  std::string WriteConfig(int batch_size) {
    std::ofstream out(Path("consentry.yaml"));
    // A killed member is noticed after the session timeout; keep it short so restarts rejoin
    // quickly (6 s is the broker's minimum).
    out << "kafka:\n  bootstrap.servers: " << bootstrap_ << "\n"
        << "  session.timeout.ms: 6000\n  heartbeat.interval.ms: 1000\n"
        << "group_id: " << name_ << "\n"
        << "topics:\n";
    for (const char* t : {"outbound", "consent", "campaigns", "feedback", "suppression", "alerts",
                          "dlq", "changelog", "by_sender", "sender_changelog", "stats"}) {
      out << "  " << t << ": " << Topic(t) << "\n";
    }
    out << "partitions: " << kPartitions << "\nstate_dir: " << Path("state") << "\n"
        << "processing:\n  allowed_lateness: 1s\n  idle_timeout: 1s\n  batch_size: " << batch_size
        << "\ndetectors:\n";
    // Every built-in detector, with its defaults.
    for (const char* d :
         {"consent.missing", "consent.expired", "consent.third_party_unnamed", "consent.withdrawn",
          "purpose.mismatch", "purpose.undeclared", "data_source.unconsented", "ai.undisclosed",
          "unsubscribe.missing", "suppression.hit", "frequency.cap", "quiet_hours",
          "sender.velocity", "content.fanout", "complaint.rate"}) {
      out << "  " << d << ": {}\n";
    }
    return Path("consentry.yaml");
  }

  // `text`, a config WriteConfig wrote, with `setting` ("key: value") added under the top-level
  // `section` ("kafka", "processing").
  static std::string WithSetting(std::string text, const std::string& section,
                                 const std::string& setting) {
    const std::string head = section + ":\n";
    const size_t at = text.find(head);
    EXPECT_NE(at, std::string::npos) << "no " << section << " in the config";
    if (at != std::string::npos) text.insert(at + head.size(), "  " + setting + "\n");
    return text;
  }

  testing::ProcessResult Consentry(std::vector<std::string> args, const std::string& log,
                                   seconds timeout = seconds(180)) {
    args.insert(args.begin(), CONSENTRY_BIN);
    return RunProcess(args, Path(log), timeout);
  }

  // Generates traffic, writes it to a file, creates the topics and produces it. Records the
  // expected alerts (as "detector|event_id", from the generator's labels: the alert_id formula
  // is pinned by alerts/alert_test.cc) and DLQ reasons.
  void Prepare(const GenOptions& options, const std::string& config) {
    const GeneratedTraffic traffic = GenerateTraffic(options);
    std::ofstream out(Path("traffic.jsonl"));
    for (const auto& line : traffic.lines) out << line << '\n';
    out.close();
    // Records on the subject-keyed inputs (`produce` sends campaign.v1 lines, broken ones too, to
    // the campaign table, which is read outside the group and commits nothing).
    records_ = static_cast<int64_t>(std::count_if(
        traffic.lines.begin(), traffic.lines.end(),
        [](const std::string& l) { return l.find("\"campaign.v1\"") == std::string::npos; }));
    for (const auto& label : traffic.labels) {
      for (const std::string& detector : label.expected) {
        expected_ids_.insert(detector + "|" + label.event_id);
      }
      if (!label.expected_dlq_reason.empty()) expected_dlq_.insert(label.expected_dlq_reason);
    }
    sender_labels_ = traffic.sender_labels;
    auto topics = Consentry({"topics", "create", "--config", config}, "topics");
    ASSERT_EQ(topics.exit_code, 0) << topics.err;
    auto produce =
        Consentry({"produce", "--config", config, "--input", Path("traffic.jsonl")}, "produce");
    ASSERT_EQ(produce.exit_code, 0) << produce.err;
  }

  // The sum of the group's committed offsets over the input topics' partitions.
  int64_t CommittedRecords() {
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    EXPECT_EQ(conf->set("bootstrap.servers", bootstrap_, error), RdKafka::Conf::CONF_OK);
    EXPECT_EQ(conf->set("group.id", name_, error), RdKafka::Conf::CONF_OK);
    std::unique_ptr<RdKafka::KafkaConsumer> c(RdKafka::KafkaConsumer::create(conf.get(), error));
    if (!c) {
      ADD_FAILURE() << error;
      return -1;
    }
    std::vector<RdKafka::TopicPartition*> parts;
    for (const char* t : {"outbound", "consent", "feedback", "suppression"}) {
      for (int p = 0; p < 4; ++p) parts.push_back(RdKafka::TopicPartition::create(Topic(t), p));
    }
    // A process killed mid-transaction leaves offsets pending until the broker aborts it
    // (transaction.timeout.ms, 10 s): the fetch of stable offsets waits that long.
    EXPECT_EQ(c->committed(parts, 30000), RdKafka::ERR_NO_ERROR);
    int64_t sum = 0;
    for (auto* p : parts) sum += std::max<int64_t>(p->offset(), 0);
    RdKafka::TopicPartition::destroy(parts);
    c->close();
    return sum;
  }

  std::vector<std::string> ReadValues(const std::string& topic) {
    auto records = kafka::ReadTopic(Kafka(), topic);
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    std::vector<std::string> out;
    if (records.ok()) {
      for (auto& r : *records) out.push_back(std::move(r.value));
    }
    return out;
  }

  // The NET message alerts on the alerts topic (alerts without a later retraction of the same
  // alert_id) as "detector|event_id"; `deliveries` counts their alert records (not retractions).
  // Window alerts of the sender stage (no event id) are left out: see WindowAlertIds.
  // Each (detector, event) must carry one alert_id, however often it was delivered.
  std::set<std::string> AlertIds(size_t* deliveries = nullptr) {
    return NetAlerts(ReadValues(Topic("alerts")), deliveries);
  }

  static std::set<std::string> NetAlerts(const std::vector<std::string>& values,
                                         size_t* deliveries = nullptr) {
    std::map<std::string, std::string> key_of;  // alert_id -> detector|event_id
    std::set<std::string> retracted, keys;
    size_t alerts = 0;
    for (const auto& v : values) {
      if (IsWindowAlert(v)) continue;
      const std::string id = Field(v, "alert_id");
      const std::string key = Field(v, "detector") + "|" + Field(v, "event_id");
      if (Field(v, "kind") == "retraction") {
        retracted.insert(id);
        continue;
      }
      ++alerts;
      keys.insert(key);
      key_of[id] = key;
    }
    EXPECT_EQ(key_of.size(), keys.size()) << "one alert_id per (detector, event)";
    if (deliveries) *deliveries = alerts;
    std::set<std::string> net;
    for (const auto& [id, key] : key_of) {
      if (!retracted.contains(id)) net.insert(key);
    }
    return net;
  }

  // The net alert ids (alert_ids without a retraction) among alert.v1 records.
  static std::set<std::string> NetAlertIds(const std::vector<std::string>& values,
                                           bool with_windows = true) {
    std::set<std::string> alerts, retracted;
    for (const auto& v : values) {
      if (!with_windows && IsWindowAlert(v)) continue;
      (Field(v, "kind") == "retraction" ? retracted : alerts).insert(Field(v, "alert_id"));
    }
    std::set<std::string> net;
    for (const auto& id : alerts) {
      if (!retracted.contains(id)) net.insert(id);
    }
    return net;
  }
  std::set<std::string> NetAlertIdsInFile(const std::string& path, bool with_windows = true) {
    return NetAlertIds(testing::ReadLines(path), with_windows);
  }

  // The offline answer: `replay` of traffic.jsonl with `config` into replay-alerts.jsonl and the
  // state directory replay-state; its net alert ids (see NetAlertIds).
  std::set<std::string> Replay(const std::string& config, bool with_windows) {
    auto replay = Consentry({"replay", "--config", config, "--input", Path("traffic.jsonl"),
                             "--alerts-out", Path("replay-alerts.jsonl"), "--state-dir",
                             Path("replay-state")},
                            "replay", seconds(600));
    EXPECT_EQ(replay.exit_code, 0) << replay.err;
    return NetAlertIdsInFile(Path("replay-alerts.jsonl"), with_windows);
  }

  // Every key and value of `family` in the store at `dir`, opened read-only.
  static std::map<std::string, std::string> StoreContents(const std::string& dir, Family family) {
    std::map<std::string, std::string> out;
    auto store = Store::Open(dir, StoreOptions{.read_only = true});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return out;
    const Status s = (*store)->ScanPrefix(family, "", [&](std::string_view k, std::string_view v) {
      out.emplace(k, v);
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  // The consent and do-not-contact state in `dir` is the replay's (Replay).
  void ExpectTheReplaysState(const std::string& dir) {
    for (const Family family : {Family::kConsent, Family::kSuppression}) {
      const auto run_state = StoreContents(dir, family);
      const auto replay_state = StoreContents(Path("replay-state"), family);
      EXPECT_FALSE(run_state.empty()) << FamilyName(family);
      EXPECT_TRUE(run_state == replay_state)
          << FamilyName(family) << ": " << run_state.size() << " keys in " << dir << ", "
          << replay_state.size() << " after the replay";
    }
  }
  // The port a background `consentry` logged to `log` after "on http://127.0.0.1:", once it
  // did (0 if it did not within 30 s).
  static uint16_t WaitForServedPort(const std::string& log) {
    constexpr std::string_view kAt = "on http://127.0.0.1:";
    for (int i = 0; i < 300; ++i) {
      const std::string text = testing::ReadFile(log);
      if (const size_t at = text.find(kAt); at != std::string::npos) {
        return static_cast<uint16_t>(std::atoi(text.c_str() + at + kAt.size()));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
  }

  // The sum of the samples whose line starts with `prefix` in a Prometheus text.
  static double MetricSum(const std::string& metrics, const std::string& prefix) {
    double sum = 0;
    std::istringstream lines(metrics);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with(prefix)) sum += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return sum;
  }
  // The /metrics of a `run --http` on `port` once it has read `records` records of the
  // subject-keyed inputs and holds none; empty (and a failure) if that takes over two minutes.
  std::string WaitForRecordsRead(uint16_t port, int64_t records) {
    for (int i = 0; i < 600; ++i) {
      const std::string metrics = testing::HttpGet("127.0.0.1", port, "/metrics").body;
      double read = 0;
      for (const char* input : {"outbound", "consent", "feedback", "suppression"}) {
        read += MetricSum(metrics, "consentry_records_total{topic=\"" + Topic(input) + "\"}");
      }
      if (read == records && MetricSum(metrics, "consentry_held_messages ") == 0) return metrics;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "run did not read " << records << " records";
    return "";
  }

  std::set<std::string> NetAlertIdsOnTopic(bool with_windows = true) {
    return NetAlertIds(ReadValues(Topic("alerts")), with_windows);
  }

  // Every positive sender label has a window alert of its detector on its entity (content
  // labels: any content.fanout alert of the tenant, the scorer matches fingerprints).
  void ExpectSenderLabelsFound() {
    std::set<std::string> found;
    for (const auto& v : ReadValues(Topic("alerts"))) {
      if (!IsWindowAlert(v)) continue;
      found.insert(Field(v, "detector") + " " + Field(v, "tenant") + " " + Field(v, "entity"));
      found.insert(Field(v, "detector") + " " + Field(v, "tenant") + " any");
    }
    for (const auto& label : sender_labels_) {
      if (!label.positive) continue;
      const bool content = label.entity.starts_with("content:");
      EXPECT_TRUE(found.contains(label.detector + " " + label.tenant + " " +
                                 (content ? std::string("any") : label.entity)))
          << label.scenario << ": no " << label.detector << " alert on " << label.entity;
    }
  }

  // Exactly once, checked against a replay: on the alerts topic each alert and each retraction
  // (alert_id, kind; window alerts too) comes once, and the net message alerts are `expected` (a
  // replay's NetAlertIdsInFile(..., false)): none lost, none extra. Returns the net count.
  size_t ExpectTheReplaysAlertsOnceEach(const std::set<std::string>& expected) {
    std::map<std::pair<std::string, std::string>, int> deliveries;
    for (const auto& v : ReadValues(Topic("alerts"))) {
      ++deliveries[{Field(v, "alert_id"), Field(v, "kind")}];
    }
    int duplicates = 0;
    for (const auto& [id_kind, n] : deliveries) {
      if (n > 1 && ++duplicates <= 5) {
        ADD_FAILURE() << id_kind.first << " " << id_kind.second << " x" << n;
      }
    }
    EXPECT_EQ(duplicates, 0);
    const std::set<std::string> got = NetAlertIdsOnTopic(false);
    std::vector<std::string> lost, extra;
    std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(),
                        std::back_inserter(lost));
    std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(),
                        std::back_inserter(extra));
    EXPECT_TRUE(lost.empty()) << lost.size() << " lost, e.g. " << lost.front() << "\n"
                              << Describe(lost, testing::ReadLines(Path("replay-alerts.jsonl")));
    EXPECT_TRUE(extra.empty()) << extra.size() << " extra, e.g. " << extra.front() << "\n"
                               << Describe(extra, ReadValues(Topic("alerts")));
    return got.size();
  }

  // "detector x N" and "partition p x N" (the subject's input partition) for alert ids found in
  // `records`: where a lost or extra alert came from.
  static std::string Describe(const std::vector<std::string>& ids,
                              const std::vector<std::string>& records) {
    const std::set<std::string> wanted(ids.begin(), ids.end());
    std::map<std::string, int> counts;
    for (const auto& r : records) {
      if (!wanted.contains(Field(r, "alert_id"))) continue;
      ++counts["detector " + Field(r, "detector")];
      ++counts["partition " + std::to_string(KafkaPartition(Field(r, "subject"), kPartitions))];
    }
    std::string out;
    for (const auto& [what, n] : counts) out += "  " + what + " x" + std::to_string(n) + "\n";
    return out;
  }

  // The sender stage's window alerts on the alerts topic as "alert_id detector entity start",
  // and how many records carried them (a repeat would be a second record of one id).
  std::set<std::string> WindowAlerts(size_t* records = nullptr) {
    std::set<std::string> out;
    size_t n = 0;
    for (const auto& v : ReadValues(Topic("alerts"))) {
      if (!IsWindowAlert(v)) continue;
      ++n;
      out.insert(Field(v, "alert_id") + " " + Field(v, "detector") + " " + Field(v, "entity") +
                 " " + Field(v, "window_start"));
    }
    if (records) *records = n;
    return out;
  }

  std::string bootstrap_, name_;
  std::filesystem::path dir_;
  std::set<std::string> expected_ids_;
  std::multiset<std::string> expected_dlq_;
  std::vector<SenderLabel> sender_labels_;
  int64_t records_ = 0;
};

}  // namespace consentry
