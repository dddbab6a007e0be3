// consentry run: the streaming job. Consumes the co-partitioned input topics in a consumer
// group, runs the engine batch by batch, publishes alerts and DLQ records, and commits input
// offsets only after a batch's alerts and state are durable (at-least-once).
//
// With sender-level detectors enabled, the same consumer also reads `consentry.by-sender`, which
// the engine fills, and runs the sender stage on it: a second sub-topology in the same group,
// as in Kafka Streams. Its partitions, state and offsets are its own.

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>

#include "app/command_util.h"
#include "app/commands.h"
#include "app/run_report.h"
#include "kafka/admin.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "kafka/table_follower.h"
#include "pipeline/engine.h"
#include "pipeline/sender_stage.h"
#include "app/kafka_sink.h"
#include "state/store.h"

namespace consentry {
namespace {

// Fault injection for tests (tests/integration/): with CONSENTRY_FAULT_EXIT_AFTER_SENDER_PUBLISH=N
// the process dies (exit code 137, no cleanup) right after the N-th flush that published
// records for the sender stage, i.e. after the subject stage made a batch's by-sender records
// durable and before it wrote its own state: the crash between the two stages, on demand.
class CrashAfterSenderPublish final : public Sink {
 public:
  CrashAfterSenderPublish(Sink& inner, int64_t after) : inner_(inner), left_(after) {}
  Status Emit(const Alert& alert) override { return inner_.Emit(alert); }
  Status Emit(const DlqEntry& entry) override { return inner_.Emit(entry); }
  Status Emit(const SenderRecord& record) override {
    if (std::holds_alternative<SenderMessage>(record.body)) published_ = true;
    return inner_.Emit(record);
  }
  Status Flush() override {
    CONSENTRY_RETURN_IF_ERROR(inner_.Flush());
    if (published_ && --left_ == 0) {
      std::fprintf(stderr, "consentry run: fault injection: exiting after a sender publish\n");
      std::_Exit(137);
    }
    published_ = false;
    return Status::Ok();
  }

 private:
  Sink& inner_;
  int64_t left_;
  bool published_ = false;
};

// Every topic must exist (the outputs too: a missing alerts topic must stop us before we
// consume anything), and the co-partitioned inputs must agree on their partition count, or
// subject n of one topic would be judged by another instance than its consent decisions.
// Returns the partition counts of every topic the job reads or writes.
StatusOr<std::map<std::string, int>> CheckTopics(const Config& config, const InputTable& inputs) {
  const std::vector<std::string> keyed = inputs.SubjectKeyedTopics();
  std::vector<std::string> all = keyed;
  for (const auto& t : {inputs.For(InputKind::kCampaign).topic, config.topics.alerts,
                        config.topics.dlq, config.topics.by_sender}) {
    all.push_back(t);
  }
  CONSENTRY_ASSIGN_OR_RETURN(auto counts, kafka::PartitionCounts(config.kafka, all));
  for (const auto& topic : keyed) {
    if (counts[topic] != counts[keyed[0]]) {
      return FailedPrecondition(
          "input topics are not co-partitioned: " + keyed[0] + " has " +
          std::to_string(counts[keyed[0]]) + " partitions but " + topic + " has " +
          std::to_string(counts[topic]) +
          " partitions; every input keyed by subject needs the same count (recreate them with "
          "`consentry topics create`)");
    }
  }
  return counts;
}

// The global campaign table, read to its end before anything is judged: a message judged
// before its campaign's declaration is known would be flagged as undeclared.
StatusOr<std::unique_ptr<kafka::TableFollower>> LoadCampaignTable(const Config& config,
                                                                  const InputTable& inputs,
                                                                  Engine& engine) {
  const std::string& topic = inputs.For(InputKind::kCampaign).topic;
  CONSENTRY_ASSIGN_OR_RETURN(auto follower, kafka::TableFollower::Create(config.kafka, topic));
  CONSENTRY_ASSIGN_OR_RETURN(auto records, follower->ReadToEnd(std::chrono::minutes(2)));
  CONSENTRY_RETURN_IF_ERROR(engine.Process(records).status());
  std::fprintf(stderr, "consentry run: read %zu campaign declarations from %s\n", records.size(),
               topic.c_str());
  return follower;
}

Status Run(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfigFromFlags(flags));
  CONSENTRY_ASSIGN_OR_RETURN(const int64_t until_idle_s, flags.Int("until-idle", 0));
  CONSENTRY_ASSIGN_OR_RETURN(const int64_t progress_s, flags.Int("progress", 5));
  if (!config.kafka.contains("bootstrap.servers")) {
    return FailedPrecondition(config.path +
                              ": no kafka bootstrap.servers; set `kafka: {bootstrap.servers: "
                              "HOST:PORT}`, pass --bootstrap or set CONSENTRY_BOOTSTRAP");
  }
  EngineOptions options = EngineOptionsFor(config);
  const DetectorEnv env{config.taxonomy, config.policies};
  options.env = &env;
  const InputTable inputs(options.topics);
  CONSENTRY_ASSIGN_OR_RETURN(const auto counts, CheckTopics(config, inputs));
  CONSENTRY_ASSIGN_OR_RETURN(auto store, Store::Open(config.state_dir, StoreOptions{}));
  CONSENTRY_ASSIGN_OR_RETURN(auto detectors, MakeDetectors(config));
  CONSENTRY_ASSIGN_OR_RETURN(auto sender_detectors, MakeSenderDetectors(config));
  CONSENTRY_ASSIGN_OR_RETURN(auto producer, kafka::Producer::Create(config.kafka));
  const std::string& by_sender = config.topics.by_sender;
  KafkaSink kafka_sink(*producer, config.topics.alerts, config.topics.dlq, by_sender);
  std::optional<CrashAfterSenderPublish> fault;
  if (const char* n = std::getenv("CONSENTRY_FAULT_EXIT_AFTER_SENDER_PUBLISH")) {
    fault.emplace(kafka_sink, std::max<int64_t>(1, std::atoll(n)));
  }
  Sink& sink = fault ? static_cast<Sink&>(*fault) : kafka_sink;
  SystemClock clock;
  const bool two_stages = !sender_detectors.empty();
  if (two_stages) options.sender_partitions = counts.at(by_sender);
  options.input_partitions = counts.at(inputs.SubjectKeyedTopics().front());
  SenderStage stage(*store, std::move(sender_detectors), sink, clock,
                    {.sources = counts.at(inputs.SubjectKeyedTopics().front()), .topic = by_sender});
  Engine engine(*store, std::move(detectors), sink, clock, options);
  CONSENTRY_ASSIGN_OR_RETURN(auto campaigns, LoadCampaignTable(config, inputs, engine));

  // --until-idle counts only while partitions are assigned: waiting for the group is not idle.
  bool assigned = false;
  std::map<kafka::TopicPartition, int64_t> processed;  // next offsets, durable in RocksDB
  auto last_input = std::chrono::steady_clock::now();
  kafka::ConsumerHooks hooks;
  // Partitions of the by-sender topic go to the sender stage, the rest to the engine.
  const auto split = [&](const std::vector<kafka::TopicPartition>& parts) {
    std::pair<std::vector<kafka::TopicPartition>, std::vector<kafka::TopicPartition>> out;
    for (const auto& tp : parts) (tp.first == by_sender ? out.second : out.first).push_back(tp);
    return out;
  };
  hooks.on_assign = [&](const std::vector<kafka::TopicPartition>& parts)
      -> StatusOr<std::map<kafka::TopicPartition, std::optional<int64_t>>> {
    std::fprintf(stderr, "consentry run: assigned %zu partitions\n", parts.size());
    assigned = !parts.empty();
    last_input = std::chrono::steady_clock::now();
    const auto [subject_parts, sender_parts] = split(parts);
    CONSENTRY_ASSIGN_OR_RETURN(auto starts, engine.Assign(subject_parts));
    CONSENTRY_ASSIGN_OR_RETURN(auto sender_starts, stage.Assign(sender_parts));
    starts.merge(sender_starts);
    return starts;
  };
  hooks.on_revoke = [&](const std::vector<kafka::TopicPartition>& parts) {
    std::fprintf(stderr, "consentry run: revoked %zu partitions\n", parts.size());
    assigned = false;
    for (const auto& tp : parts) processed.erase(tp);
    const auto [subject_parts, sender_parts] = split(parts);
    engine.Revoke(subject_parts);
    stage.Revoke(sender_parts);
  };
  std::vector<std::string> topics = inputs.SubjectKeyedTopics();
  if (two_stages) topics.push_back(by_sender);
  CONSENTRY_ASSIGN_OR_RETURN(
      auto consumer, kafka::GroupConsumer::Create(config.kafka, config.group_id, topics, hooks));
  // Commits what a stage made durable; a failed commit only means a restart reads from
  // RocksDB's offsets anyway, so it is reported, not fatal.
  const auto commit = [&](const std::map<kafka::TopicPartition, int64_t>& next) {
    for (const auto& [tp, offset] : next) processed[tp] = offset;
    if (Status s = consumer->Commit(next); !s.ok()) {
      std::fprintf(stderr, "consentry run: offset commit failed (state is safe): %s\n",
                   s.ToString().c_str());
    }
  };

  const auto& stop = InstallStopSignals();
  RunReport report(engine.stats(), std::chrono::seconds(progress_s));
  if (two_stages) report.AddSenderStage(stage.stats());
  Status result;
  while (!stop.load()) {
    // Campaign declarations that arrived meanwhile go first: they may govern this batch.
    auto declarations = campaigns->Poll(config.batch_size);
    if (!declarations.ok()) {
      result = declarations.status();
      break;
    }
    if (!declarations->empty()) {
      if (Status s = engine.Process(*declarations).status(); !s.ok()) {
        result = s;
        break;
      }
    }
    auto polled = consumer->Poll(config.batch_size, std::chrono::milliseconds(200));
    if (!polled.ok()) {
      result = polled.status();
      break;
    }
    std::vector<InputRecord> subject_records, sender_records;
    for (auto& record : polled->records) {
      (record.topic == by_sender ? sender_records : subject_records).push_back(std::move(record));
    }
    if (!subject_records.empty()) {
      last_input = std::chrono::steady_clock::now();
      auto next = engine.Process(subject_records);
      if (!next.ok()) {
        result = next.status();
        break;
      }
      report.NoteBatch();
      commit(*next);
    }
    if (!sender_records.empty()) {
      const int64_t counted = stage.stats().messages + stage.stats().feedback;
      auto next = stage.Process(sender_records);
      if (!next.ok()) {
        result = next.status();
        break;
      }
      // Watermark reports alone keep coming while idle; they are not input.
      if (stage.stats().messages + stage.stats().feedback > counted) {
        last_input = std::chrono::steady_clock::now();
      }
      commit(*next);
    }
    engine.CaughtUp(polled->caught_up);  // after the records that came before each end
    if (subject_records.empty()) {
      if (Status s = engine.Tick(); !s.ok()) {
        result = s;
        break;
      }
    }
    report.MaybePrint(engine.held());
    // The sender stage is done once its watermark has passed its latest input by more than any
    // window (an hour) lasts.
    const bool sender_done = !two_stages || stage.latest_input() == Timestamp::min() ||
                             stage.watermark() > stage.latest_input() + std::chrono::hours(2);
    if (until_idle_s > 0 && assigned && engine.held() == 0 && sender_done &&
        std::chrono::steady_clock::now() - last_input > std::chrono::seconds(until_idle_s)) {
      std::fprintf(stderr, "consentry run: no input for %llds and nothing held; stopping\n",
                   static_cast<long long>(until_idle_s));
      break;
    }
  }
  // Leave the group with its committed offsets matching the state (lag tools read them).
  if (result.ok()) {
    if (Status s = consumer->Commit(processed, kafka::GroupConsumer::Wait::kYes); !s.ok()) {
      std::fprintf(stderr, "consentry run: final offset commit failed (state is safe): %s\n",
                   s.ToString().c_str());
    }
  }
  consumer->Close();
  if (Status s = producer->Flush(); result.ok()) result = s;
  report.PrintSummary(engine.held());
  return result;
}

}  // namespace

int RunCommand(const Args& args) {
  auto flags = Flags::Parse(args, {"config", "bootstrap", "state-dir", "until-idle", "progress"});
  if (!flags.ok()) return Fail("run", flags.status(), /*usage=*/true);
  Status s = Run(*flags);
  return s.ok() ? 0 : Fail("run", s);
}

}  // namespace consentry
