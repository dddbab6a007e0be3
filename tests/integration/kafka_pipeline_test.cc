// consentry end to end on a real Kafka broker (started by the ctest fixture through
// scripts/kafka) and a real RocksDB: generated traffic on all five input topics in, with every
// detector on, the exact labelled net alerts out (alerts minus retractions), malformed records in
// the DLQ with reasons, replay agreeing with the Kafka run in file order and in another arrival
// order, a crash mid-stream that loses no alert, and startup refusing topics that are not
// co-partitioned.

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "alerts/alert.h"
#include "gen/traffic.h"
#include "tests/integration/arrival_order.h"
#include "kafka/admin.h"
#include "kafka/topic_reader.h"
#include "tests/testing/subprocess.h"

namespace consentry {
namespace {

using std::chrono::seconds;
using testing::Process;
using testing::RunProcess;

// The value of "field":"..." in a JSON line written by our own JsonWriter.
std::string Field(const std::string& json, const std::string& field) {
  const std::string needle = "\"" + field + "\":\"";
  const size_t at = json.find(needle);
  if (at == std::string::npos) return "";
  const size_t start = at + needle.size();
  return json.substr(start, json.find('"', start) - start);
}

class KafkaPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* kafka_dir = std::getenv("CONSENTRY_TEST_KAFKA_DIR");
    ASSERT_NE(kafka_dir, nullptr) << "run through ctest: the kafka fixture starts the broker";
    bootstrap_ = testing::ReadFile(std::string(kafka_dir) + "/bootstrap");
    while (!bootstrap_.empty() && std::isspace(bootstrap_.back())) bootstrap_.pop_back();
    ASSERT_FALSE(bootstrap_.empty()) << "no broker address in " << kafka_dir << "/bootstrap";
    name_ = std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid());
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
                          "dlq", "changelog", "by_sender"}) {
      out << "  " << t << ": " << Topic(t) << "\n";
    }
    out << "partitions: 4\nstate_dir: " << Path("state") << "\n"
        << "processing:\n  allowed_lateness: 1s\n  idle_timeout: 1s\n  batch_size: " << batch_size
        << "\ndetectors:\n";
    // Every built-in detector, with its defaults.
    for (const char* d : {"consent.missing", "consent.expired", "consent.third_party_unnamed",
                          "consent.withdrawn", "purpose.mismatch", "purpose.undeclared",
                          "data_source.unconsented", "ai.undisclosed", "unsubscribe.missing",
                          "suppression.hit"}) {
      out << "  " << d << ": {}\n";
    }
    return Path("consentry.yaml");
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
    auto topics = Consentry({"topics", "create", "--config", config}, "topics");
    ASSERT_EQ(topics.exit_code, 0) << topics.err;
    auto produce = Consentry({"produce", "--config", config, "--input", Path("traffic.jsonl")}, "produce");
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
    EXPECT_EQ(c->committed(parts, 10000), RdKafka::ERR_NO_ERROR);
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

  // The NET alerts on the alerts topic (alerts without a later retraction of the same
  // alert_id) as "detector|event_id"; `deliveries` counts the alert records (not retractions).
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
  static std::set<std::string> NetAlertIds(const std::vector<std::string>& values) {
    std::set<std::string> alerts, retracted;
    for (const auto& v : values) {
      (Field(v, "kind") == "retraction" ? retracted : alerts).insert(Field(v, "alert_id"));
    }
    std::set<std::string> net;
    for (const auto& id : alerts) {
      if (!retracted.contains(id)) net.insert(id);
    }
    return net;
  }
  std::set<std::string> NetAlertIdsInFile(const std::string& path) {
    return NetAlertIds(testing::ReadLines(path));
  }
  std::set<std::string> NetAlertIdsOnTopic() { return NetAlertIds(ReadValues(Topic("alerts"))); }

  std::string bootstrap_, name_;
  std::filesystem::path dir_;
  std::set<std::string> expected_ids_;
  std::multiset<std::string> expected_dlq_;
  int64_t records_ = 0;
};

TEST_F(KafkaPipelineTest, AllFiveInputsGiveTheLabelledNetAlertsInAnyArrivalOrder) {
  const std::string config = WriteConfig(500);
  GenOptions options;
  options.seed = 3;
  options.subjects = 1500;
  options.malformed = 14;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  ASSERT_GT(expected_ids_.size(), 300u);

  auto run = Consentry({"run", "--config", config, "--until-idle", "3"}, "run");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("0 still held"), std::string::npos) << run.err;

  size_t deliveries = 0;
  const auto ids = AlertIds(&deliveries);
  EXPECT_EQ(ids, expected_ids_) << "net alerts differ from the generator's labels";
  std::set<std::string> distinct;
  for (const auto& v : ReadValues(Topic("alerts"))) {
    if (Field(v, "kind") == "alert") distinct.insert(Field(v, "alert_id"));
  }
  EXPECT_EQ(deliveries, distinct.size()) << "a clean run delivers each alert once";

  std::multiset<std::string> dlq_reasons;
  for (const auto& v : ReadValues(Topic("dlq"))) {
    dlq_reasons.insert(Field(v, "reason_code"));
    EXPECT_NE(Field(v, "reason"), "") << v;
    EXPECT_NE(Field(v, "source_topic"), "") << v;
    EXPECT_NE(v.find("\"source_offset\":"), std::string::npos) << v;
    EXPECT_NE(Field(v, "raw_base64"), "") << v;
  }
  EXPECT_EQ(dlq_reasons, expected_dlq_);

  // The same records replayed from the file give the same net alert ids.
  const std::set<std::string> run_ids = NetAlertIdsOnTopic();
  auto replay = Consentry({"replay", "--config", config, "--input", Path("traffic.jsonl"),
                           "--alerts-out", Path("replay-alerts.jsonl")}, "replay");
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_EQ(NetAlertIdsInFile(Path("replay-alerts.jsonl")), run_ids);

  // And in another arrival order, which moves inputs far past the allowed lateness but keeps
  // them inside the correction horizon.
  {
    std::ofstream out(Path("shuffled.jsonl"));
    for (const auto& line : testing::ShuffledWithinADay(testing::ReadLines(Path("traffic.jsonl")))) {
      out << line << '\n';
    }
  }
  auto shuffled = Consentry({"replay", "--config", config, "--input", Path("shuffled.jsonl"),
                             "--alerts-out", Path("shuffled-alerts.jsonl")}, "shuffled");
  ASSERT_EQ(shuffled.exit_code, 0) << shuffled.err;
  EXPECT_EQ(NetAlertIdsInFile(Path("shuffled-alerts.jsonl")), run_ids);
}

TEST_F(KafkaPipelineTest, CrashMidStreamLosesNoAlert) {
  const std::string config = WriteConfig(50);  // small batches: many commits to crash between
  GenOptions options;
  options.seed = 5;
  options.subjects = 3000;
  options.malformed = 0;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));

  size_t seen_at_crash = 0;
  {
    Process first({CONSENTRY_BIN, "run", "--config", config, "--progress", "1"}, Path("first"));
    const auto deadline = std::chrono::steady_clock::now() + seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      seen_at_crash = AlertIds().size();
      if (seen_at_crash > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    first.Kill(SIGKILL);  // no chance to finish the batch, flush or commit
    first.Wait(seconds(10));
  }
  ASSERT_GT(seen_at_crash, 0u) << "the first run never published an alert";
  ASSERT_LT(seen_at_crash, expected_ids_.size()) << "the crash came too late to test anything";

  auto second = Consentry({"run", "--config", config, "--until-idle", "3"}, "second");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  size_t deliveries = 0;
  EXPECT_EQ(AlertIds(&deliveries), expected_ids_);
  std::cerr << "alerts before the crash: " << seen_at_crash << " of " << expected_ids_.size()
            << "; duplicate deliveries after the restart: " << deliveries - expected_ids_.size()
            << "\n";
  ::testing::Test::RecordProperty("alerts_before_crash", static_cast<int>(seen_at_crash));
  ::testing::Test::RecordProperty("duplicate_deliveries",
                                  static_cast<int>(deliveries - expected_ids_.size()));
}

TEST_F(KafkaPipelineTest, SigtermFinishesTheBatchAndExitsCleanly) {
  const std::string config = WriteConfig(200);
  GenOptions options;
  options.subjects = 300;
  options.malformed = 0;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  Process run({CONSENTRY_BIN, "run", "--config", config}, Path("run"));
  const auto deadline = std::chrono::steady_clock::now() + seconds(90);
  while (AlertIds().size() < expected_ids_.size() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  run.Kill(SIGTERM);
  auto result = run.Wait(seconds(30));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("done in"), std::string::npos) << result.err;
  EXPECT_EQ(AlertIds(), expected_ids_);

  // It left the group with its offsets committed: every input record counted as consumed.
  EXPECT_EQ(CommittedRecords(), records_);

  // Restarting reads no input twice: every input offset was stored with the state. Only the
  // campaign table is read again, whole, as at every start.
  auto again = Consentry({"run", "--config", config, "--until-idle", "2"}, "again");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("(0 messages, 0 consent decisions, 0 feedback, 0 suppression entries"),
            std::string::npos)
      << again.err;
  EXPECT_NE(again.err.find(" 0 alerts"), std::string::npos) << again.err;
}

// Inputs that reach the broker after the verdicts they change were published: a grant made
// before a flagged message retracts its alert, a withdrawal made before a message that passed
// raises a late alert, each with the alert_id the on-time verdict would have had.
TEST_F(KafkaPipelineTest, LateInputsOnTheBrokerRetractAndRaiseAlerts) {
  const std::string config = WriteConfig(100);
  auto topics = Consentry({"topics", "create", "--config", config}, "topics");
  ASSERT_EQ(topics.exit_code, 0) << topics.err;
  const auto write = [&](const std::string& file, const std::vector<std::string>& lines) {
    std::ofstream out(Path(file));
    for (const auto& line : lines) out << line << '\n';
  };
  const std::string message =
      R"({"schema":"outbound.v1","tenant":"acme","channel":"sms","jurisdiction":"DK",)"
      R"("purpose":"marketing.communications.sms","sender_id":"crm",)";
  const std::string decision = R"({"schema":"consent.v1","tenant":"acme","channels":["sms"],)"
                               R"("purposes":["marketing"],)";
  write("first.jsonl",
        {decision + R"("event_id":"g-b","subject":"b","action":"grant","recorded_at":"2026-03-01T00:00:00Z"})",
         message + R"("event_id":"m-a","subject":"a","sent_at":"2026-03-10T10:00:00Z"})",
         message + R"("event_id":"m-b","subject":"b","sent_at":"2026-03-10T10:00:00Z"})"});
  auto produce = Consentry({"produce", "--config", config, "--input", Path("first.jsonl")}, "p1");
  ASSERT_EQ(produce.exit_code, 0) << produce.err;
  auto first = Consentry({"run", "--config", config, "--until-idle", "3"}, "run1");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(AlertIds(), std::set<std::string>{"consent.missing|m-a"});

  // a's grant and b's withdrawal, both made a week before the messages, arrive now.
  write("late.jsonl",
        {decision + R"("event_id":"g-a","subject":"a","action":"grant","recorded_at":"2026-03-03T00:00:00Z"})",
         decision + R"("event_id":"w-b","subject":"b","action":"withdraw","recorded_at":"2026-03-03T00:00:00Z"})"});
  produce = Consentry({"produce", "--config", config, "--input", Path("late.jsonl")}, "p2");
  ASSERT_EQ(produce.exit_code, 0) << produce.err;
  auto second = Consentry({"run", "--config", config, "--until-idle", "3"}, "run2");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("1 retractions, 1 late alerts"), std::string::npos) << second.err;

  std::vector<std::string> kinds;
  std::string alert_id_of_a;
  for (const auto& v : ReadValues(Topic("alerts"))) {
    kinds.push_back(Field(v, "kind") + " " + Field(v, "detector") + " " + Field(v, "event_id") +
                    (v.find("\"late\":true") != std::string::npos ? " late" : ""));
    if (Field(v, "event_id") == "m-a") {
      if (alert_id_of_a.empty()) alert_id_of_a = Field(v, "alert_id");
      EXPECT_EQ(Field(v, "alert_id"), alert_id_of_a) << "a retraction carries the alert's id";
    }
  }
  std::sort(kinds.begin(), kinds.end());
  EXPECT_EQ(kinds, (std::vector<std::string>{"alert consent.missing m-a",
                                             "alert consent.withdrawn m-b late",
                                             "retraction consent.missing m-a late"}));
  EXPECT_EQ(AlertIds(), std::set<std::string>{"consent.withdrawn|m-b"});
}

TEST_F(KafkaPipelineTest, RefusesToStartWithoutItsTopics) {
  const std::string config = WriteConfig(100);
  auto run = Consentry({"run", "--config", config, "--until-idle", "1"}, "run", seconds(60));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("topic '" + Topic("outbound") + "' does not exist"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("consentry topics create"), std::string::npos) << run.err;
}

TEST_F(KafkaPipelineTest, RefusesInputsThatAreNotCoPartitioned) {
  const std::string config = WriteConfig(100);
  ASSERT_TRUE(kafka::CreateTopics(Kafka(), {{Topic("outbound"), 4, false},
                                            {Topic("consent"), 4, false},
                                            {Topic("feedback"), 4, false},
                                            {Topic("suppression"), 3, false},
                                            {Topic("campaigns"), 1, true},
                                            {Topic("alerts"), 4, false},
                                            {Topic("dlq"), 4, false}})
                  .ok());
  auto run = Consentry({"run", "--config", config, "--until-idle", "1"}, "run", seconds(60));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("not co-partitioned"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(Topic("suppression") + " has 3 partitions"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace consentry
