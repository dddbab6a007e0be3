// consentry run: the streaming job. Consumes the co-partitioned input topics in a consumer
// group, runs the engine batch by batch, publishes alerts and DLQ records, and commits input
// offsets only after a batch's alerts and state are durable (at-least-once).

#include <cstdio>
#include <thread>

#include "app/command_util.h"
#include "app/commands.h"
#include "app/run_report.h"
#include "kafka/admin.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "kafka/table_follower.h"
#include "pipeline/engine.h"
#include "app/kafka_sink.h"
#include "state/store.h"

namespace consentry {
namespace {

// Every topic must exist (the outputs too: a missing alerts topic must stop us before we
// consume anything), and the co-partitioned inputs must agree on their partition count, or
// subject n of one topic would be judged by another instance than its consent decisions.
Status CheckTopics(const Config& config, const InputTable& inputs) {
  const std::vector<std::string> keyed = inputs.SubjectKeyedTopics();
  std::vector<std::string> all = keyed;
  for (const auto& t : {inputs.For(InputKind::kCampaign).topic, config.topics.alerts,
                        config.topics.dlq}) {
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
  return Status::Ok();
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
  CONSENTRY_RETURN_IF_ERROR(CheckTopics(config, inputs));
  CONSENTRY_ASSIGN_OR_RETURN(auto store, Store::Open(config.state_dir, StoreOptions{}));
  CONSENTRY_ASSIGN_OR_RETURN(auto detectors, MakeDetectors(config));
  CONSENTRY_ASSIGN_OR_RETURN(auto producer, kafka::Producer::Create(config.kafka));
  KafkaSink sink(*producer, config.topics.alerts, config.topics.dlq);
  SystemClock clock;
  Engine engine(*store, std::move(detectors), sink, clock, options);
  CONSENTRY_ASSIGN_OR_RETURN(auto campaigns, LoadCampaignTable(config, inputs, engine));

  // --until-idle counts only while partitions are assigned: waiting for the group is not idle.
  bool assigned = false;
  std::map<kafka::TopicPartition, int64_t> processed;  // next offsets, durable in RocksDB
  auto last_input = std::chrono::steady_clock::now();
  kafka::ConsumerHooks hooks;
  hooks.on_assign = [&](const std::vector<kafka::TopicPartition>& parts) {
    std::fprintf(stderr, "consentry run: assigned %zu partitions\n", parts.size());
    assigned = !parts.empty();
    last_input = std::chrono::steady_clock::now();
    return engine.Assign(parts);
  };
  hooks.on_revoke = [&](const std::vector<kafka::TopicPartition>& parts) {
    std::fprintf(stderr, "consentry run: revoked %zu partitions\n", parts.size());
    assigned = false;
    for (const auto& tp : parts) processed.erase(tp);
    engine.Revoke(parts);
  };
  CONSENTRY_ASSIGN_OR_RETURN(
      auto consumer,
      kafka::GroupConsumer::Create(config.kafka, config.group_id, inputs.SubjectKeyedTopics(),
                                   hooks));

  const auto& stop = InstallStopSignals();
  RunReport report(engine.stats(), std::chrono::seconds(progress_s));
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
    if (!polled->records.empty()) {
      last_input = std::chrono::steady_clock::now();
      auto next = engine.Process(polled->records);
      if (!next.ok()) {
        result = next.status();
        break;
      }
      report.NoteBatch();
      // State already holds these offsets; a failed commit only means a restart reads from
      // RocksDB's offsets anyway, so it is reported, not fatal.
      for (const auto& [tp, offset] : *next) processed[tp] = offset;
      if (Status s = consumer->Commit(*next); !s.ok()) {
        std::fprintf(stderr, "consentry run: offset commit failed (state is safe): %s\n",
                     s.ToString().c_str());
      }
    }
    engine.CaughtUp(polled->caught_up);  // after the records that came before each end
    if (polled->records.empty()) {
      if (Status s = engine.Tick(); !s.ok()) {
        result = s;
        break;
      }
    }
    report.MaybePrint(engine.held());
    if (until_idle_s > 0 && assigned && engine.held() == 0 &&
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
