// consentry run: the streaming job. Consumes the co-partitioned input topics in a consumer
// group and runs the engine batch by batch. Exactly once (the default), each batch's alerts, DLQ
// and by-sender records, the changelog of its state changes and its input offsets are one Kafka
// transaction, and its RocksDB WriteBatch is written after the commit; at least once, they are
// flushed and the input offsets committed after the WriteBatch (app/kafka_sink.h).
//
// A partition handed to this instance is first restored from its stage's changelog
// (app/changelog_restore.h): whatever this store lacks of it, after a crash between a commit and
// its WriteBatch, or because another instance owned it meanwhile.
//
// A failed batch (an aborted transaction, a broker or disk that is unavailable) is not the end:
// the engine, the sender stage, the consumer and the producer are rebuilt from RocksDB (and the
// changelog) and the run goes on, after a backoff that grows to 30 s.
//
// With sender-level detectors enabled, the same consumer also reads `consentry.by-sender`, which
// the engine fills, and runs the sender stage on it: a second sub-topology in the same group,
// as in Kafka Streams. Its partitions, state and offsets are its own.
//
// With processing.engines above 1, each engine does all of the above on its own thread, with its
// own consumer in the group (so its own share of the partitions) and its own producer (its own
// transactional id), over the one store (app/engine_board.h says what they share). Only the
// first engine's consumer reads `consentry.by-sender`: the sender stage sees every by-sender
// partition the group gives this instance, as with one engine. A partition that moves from one
// engine to another is restored as if it came from another instance.

#include <fmt/format.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "app/batch_watchdog.h"
#include "app/changelog_restore.h"
#include "app/command_util.h"
#include "app/commands.h"
#include "app/config_reload.h"
#include "app/engine_board.h"
#include "app/kafka_sink.h"
#include "app/outbound_pacer.h"
#include "app/restore_positions.h"
#include "app/run_metrics.h"
#include "app/run_report.h"
#include "app/run_status.h"
#include "kafka/admin.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "kafka/table_follower.h"
#include "pipeline/config_stamp_sink.h"
#include "pipeline/engine.h"
#include "pipeline/sender_stage.h"
#include "server/http_server.h"
#include "state/store.h"

namespace consentry {
namespace {

// Fault injection for tests (tests/integration/): with CONSENTRY_FAULT_EXIT_AFTER_SENDER_PUBLISH=N
// the process dies (exit code 137, no cleanup) right after the N-th commit that published
// records for the sender stage, i.e. after the subject stage committed a batch's by-sender
// records and before it wrote its own state: the crash between the two stages, on demand.
class CrashAfterSenderPublish final : public Sink {
 public:
  CrashAfterSenderPublish(Sink& inner, int64_t after) : inner_(inner), left_(after) {}
  Status Emit(const Alert& alert) override { return inner_.Emit(alert); }
  Status Emit(const DlqEntry& entry) override { return inner_.Emit(entry); }
  Status Emit(const SenderRecord& record) override {
    if (std::holds_alternative<SenderMessage>(record.body)) published_ = true;
    return inner_.Emit(record);
  }
  Status Emit(const StatsRecord& record) override { return inner_.Emit(record); }
  Status Commit(StoreBatch& writes,
                const std::map<TopicPartition, int64_t>& next_offsets) override {
    CONSENTRY_RETURN_IF_ERROR(inner_.Commit(writes, next_offsets));
    if (published_ && --left_ == 0) {
      log::Warn("run", "fault injection: exiting after a sender publish");
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
  for (const auto& t :
       {inputs.For(InputKind::kCampaign).topic, config.topics.alerts, config.topics.dlq,
        config.topics.by_sender, config.topics.changelog, config.topics.sender_changelog,
        config.topics.stats}) {
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
  // A changelog partition holds the state of the input partition with its number.
  for (const auto& topic :
       {config.topics.changelog, config.topics.by_sender, config.topics.sender_changelog}) {
    if (counts[topic] != counts[keyed[0]]) {
      return FailedPrecondition(topic + " has " + std::to_string(counts[topic]) +
                                " partitions but the inputs have " +
                                std::to_string(counts[keyed[0]]) +
                                "; it needs as many (recreate it with `consentry topics create`)");
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
  log::Info("run", fmt::format("read {} campaign declarations from {}", records.size(), topic));
  return follower;
}

// What stays across the rebuilds of one engine of `run`: the configuration, the store and the
// flags.
struct RunContext {
  const Config& config;
  const InputTable& inputs;
  const std::map<std::string, int>& counts;
  Store& store;
  int engine = 0;                // which of the board's engines
  std::string who;               // prefixes its log lines: "" with one engine, else "engine 2: "
  std::string transactional_id;  // exactly once
  int64_t until_idle_s = 0;
  int64_t progress_s = 5;
  const std::atomic<bool>& stop;
  // Since when the job is degraded (a failed batch, an unreachable broker), until a batch
  // commits again; one line is logged when it starts and one when it ends, not one per retry.
  struct Degraded {
    std::optional<std::chrono::steady_clock::time_point> since;
    std::chrono::steady_clock::time_point logged;
  };
  Degraded* degraded = nullptr;
  RunMetrics* metrics = nullptr;
  RunStatus* status = nullptr;  // null: nothing served over HTTP
  // The rules in force (reloaded on SIGHUP or a changed file); a rebuild keeps them.
  ConfigReloader* reloader = nullptr;
  EngineBoard* board = nullptr;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Logs the start of a degraded spell once; a spell that lasts is reminded every 5 minutes.
void NoteDegraded(const RunContext& ctx, const Status& s, const char* what) {
  auto& [since, logged] = *ctx.degraded;
  const auto now = std::chrono::steady_clock::now();
  if (since && now - logged < std::chrono::minutes(5)) return;
  if (!since) since = now;
  logged = now;
  log::Warn("run", fmt::format("{}degraded{}: {}; {}", ctx.who, now == *since ? "" : " still",
                               s.ToString(), what));
}

// One life of an engine: everything built from the store, run until stopped, idle or failed.
Status RunOnce(const RunContext& ctx) {
  const Config& config = ctx.config;
  const InputTable& inputs = ctx.inputs;
  EngineOptions options = EngineOptionsFor(config);
  options.engine = ctx.engine;
  options.cache_bytes /= static_cast<size_t>(ctx.board->engines());  // the budget is the job's
  // The detectors on each message, their taxonomy and policies come from the rules in force,
  // which a reload replaces between batches; everything else is read once, from `config`.
  std::shared_ptr<const Config> rules = ctx.board->Rules(*ctx.reloader, *ctx.metrics);
  auto env = std::make_unique<DetectorEnv>(DetectorEnv{rules->taxonomy, rules->policies});
  options.env = env.get();
  CONSENTRY_ASSIGN_OR_RETURN(auto detectors, MakeDetectors(*rules));
  CONSENTRY_ASSIGN_OR_RETURN(auto sender_detectors, MakeSenderDetectors(config));
  CONSENTRY_ASSIGN_OR_RETURN(
      auto producer,
      kafka::Producer::Create(
          config.kafka,
          config.exactly_once ? std::optional<std::string>(ctx.transactional_id) : std::nullopt,
          &ctx.stop));
  const std::string& by_sender = config.topics.by_sender;
  const int32_t partitions = ctx.counts.at(inputs.SubjectKeyedTopics().front());
  KafkaSink subject_sink(
      *producer, ctx.store,
      {config.topics.alerts, config.topics.dlq, by_sender, config.topics.stats,
       config.topics.changelog, partitions},
      config.exactly_once);
  KafkaSink sender_sink(*producer, ctx.store,
                        {config.topics.alerts, config.topics.dlq, by_sender, config.topics.stats,
                         config.topics.sender_changelog, partitions},
                        config.exactly_once);
  std::optional<CrashAfterSenderPublish> fault;
  if (const char* n = std::getenv("CONSENTRY_FAULT_EXIT_AFTER_SENDER_PUBLISH")) {
    fault.emplace(subject_sink, std::max<int64_t>(1, std::atoll(n)));
  }
  ConfigStampSink sink(fault ? static_cast<Sink&>(*fault) : subject_sink, rules->sha256);
  ConfigStampSink stamped_sender_sink(sender_sink, rules->sha256);
  SystemClock clock;
  const bool two_stages = !sender_detectors.empty();
  if (two_stages) options.sender_partitions = ctx.counts.at(by_sender);
  // Every engine feeds the sender stage; the first one runs it, over every by-sender partition
  // the group gives this instance, as a single engine does: content.fanout counts across them.
  const bool runs_sender_stage = two_stages && ctx.engine == 0;
  options.input_partitions = partitions;
  SenderStage stage(ctx.store, std::move(sender_detectors), stamped_sender_sink, clock,
                    {.sources = partitions, .topic = by_sender});
  Engine engine(ctx.store, std::move(detectors), sink, clock, options);
  CONSENTRY_ASSIGN_OR_RETURN(auto campaigns, LoadCampaignTable(config, inputs, engine));

  // --until-idle counts only while partitions are assigned: waiting for the group is not idle.
  bool assigned = false;
  // The group gave this engine no partition (more engines than partitions): nothing to wait for.
  bool assigned_none = false;
  // By-sender partitions not read to their end yet: the sender stage is not idle while one is.
  std::set<kafka::TopicPartition> sender_behind;
  // Assigned partitions not read to their end since: not ready while there are any.
  std::set<kafka::TopicPartition> unread;
  std::map<kafka::TopicPartition, int64_t> processed;  // next offsets, durable in RocksDB
  auto last_input = std::chrono::steady_clock::now();
  kafka::ConsumerHooks hooks;
  // Partitions of the by-sender topic go to the sender stage, the rest to the engine.
  const auto split = [&](const std::vector<kafka::TopicPartition>& parts) {
    std::pair<std::vector<kafka::TopicPartition>, std::vector<kafka::TopicPartition>> out;
    for (const auto& tp : parts) (tp.first == by_sender ? out.second : out.first).push_back(tp);
    return out;
  };
  // The changelog partitions that hold the state of `parts`: each stage has its own changelog.
  const auto changelog_partitions = [&](const std::vector<kafka::TopicPartition>& parts) {
    RestorePositions::Partitions out;
    for (const auto& [topic, partition] : parts) {
      out[topic == by_sender ? config.topics.sender_changelog : config.topics.changelog].insert(
          partition);
    }
    return out;
  };
  // Fault injection for tests: with CONSENTRY_FAULT_FIRST_POLL_DELAY_S=N the first poll after
  // each assignment waits N seconds and returns nothing, as a broker slow to serve it would.
  const int64_t first_poll_delay_s = [] {
    const char* n = std::getenv("CONSENTRY_FAULT_FIRST_POLL_DELAY_S");
    return n == nullptr ? 0 : std::atoll(n);
  }();
  bool first_poll_delay = false;
  RestorePositions positions(ctx.store, ctx.engine);
  // Bounds the messages held while the outbound stream runs ahead of its partners.
  OutboundPacer pacer(config.max_waiting_per_partition, inputs.For(InputKind::kOutbound).topic);
  kafka::GroupConsumer* hooked_consumer = nullptr;  // the consumer, once made
  Status revoke_failure;  // the revoke hook cannot fail the poll; the next step does
  bool closing = false;   // partitions given up by a run that ends keep their positions
  hooks.on_assign = [&](const std::vector<kafka::TopicPartition>& parts)
      -> StatusOr<std::map<kafka::TopicPartition, std::optional<int64_t>>> {
    log::Info("run", fmt::format("{}assigned {} partitions", ctx.who, parts.size()));
    assigned = !parts.empty();
    assigned_none = parts.empty();
    // Owning nothing, this engine must not hold the store's expiry floor back.
    if (parts.empty()) CONSENTRY_RETURN_IF_ERROR(ctx.store.ReleaseExpiryFloor(ctx.engine));
    const auto [subject_parts, sender_parts] = split(parts);
    sender_behind.insert(sender_parts.begin(), sender_parts.end());
    unread.insert(parts.begin(), parts.end());
    // Each stage's partitions first get what their changelog holds beyond this store.
    const RestorePositions::Partitions changelogs = changelog_partitions(parts);
    if (ctx.status != nullptr) {
      ctx.status->Busy("restoring the state of " + std::to_string(parts.size()) + " partitions");
    }
    CONSENTRY_RETURN_IF_ERROR(positions.Resume(changelogs));
    for (const auto& [changelog, numbers] : changelogs) {
      CONSENTRY_RETURN_IF_ERROR(RestoreFromChangelog(ctx.store, config.kafka, changelog, partitions,
                                                     {numbers.begin(), numbers.end()})
                                    .status());
    }
    CONSENTRY_ASSIGN_OR_RETURN(auto starts, engine.Assign(subject_parts));
    CONSENTRY_ASSIGN_OR_RETURN(auto sender_starts, stage.Assign(sender_parts));
    starts.merge(sender_starts);
    last_input = std::chrono::steady_clock::now();  // a restore is not idle time
    first_poll_delay = first_poll_delay_s > 0;
    return starts;
  };
  hooks.on_revoke = [&](const std::vector<kafka::TopicPartition>& parts) {
    log::Info("run", fmt::format("{}revoked {} partitions", ctx.who, parts.size()));
    assigned = false;
    assigned_none = false;
    if (!closing && revoke_failure.ok()) {
      revoke_failure = positions.Release(changelog_partitions(parts));
    }
    for (const auto& tp : parts) {
      processed.erase(tp);
      unread.erase(tp);
    }
    if (hooked_consumer != nullptr) {
      if (Status s = pacer.Revoked(*hooked_consumer, parts); !s.ok() && revoke_failure.ok()) {
        revoke_failure = s;
      }
    }
    const auto [subject_parts, sender_parts] = split(parts);
    for (const auto& tp : sender_parts) sender_behind.erase(tp);
    engine.Revoke(subject_parts);
    stage.Revoke(sender_parts);
  };
  std::vector<std::string> topics = inputs.SubjectKeyedTopics();
  if (runs_sender_stage) topics.push_back(by_sender);
  // A static member (group.instance.id) is one per consumer: each engine's is its own.
  kafka::Settings consumer_settings = config.kafka;
  if (const auto it = consumer_settings.find("group.instance.id");
      it != consumer_settings.end() && ctx.engine > 0) {
    it->second += "-" + std::to_string(ctx.engine);
  }
  // Each consumer prefetches up to queued.max.messages.kbytes (librdkafka's 64 MiB by default):
  // unless set, the engines share one consumer's worth, as they share the cache budget.
  if (const int engines = ctx.board->engines(); engines > 1) {
    consumer_settings.try_emplace("queued.max.messages.kbytes",
                                  std::to_string(std::max(65536 / engines, 1024)));
  }
  CONSENTRY_ASSIGN_OR_RETURN(auto consumer, kafka::GroupConsumer::Create(
                                                consumer_settings, config.group_id, topics, hooks));
  hooked_consumer = consumer.get();
  subject_sink.SetConsumer(consumer.get());
  sender_sink.SetConsumer(consumer.get());
  // At least once, commits what the stages made durable, at most once a second (one commit per
  // batch piles up behind the broker when batches are small, and the group's heartbeats queue
  // behind them); a failed or skipped commit only means a restart reads from RocksDB's offsets
  // anyway, so it is reported, not fatal, and the final commit covers everything. Exactly once,
  // the transaction committed them already.
  auto last_commit = std::chrono::steady_clock::time_point();
  const auto commit = [&](const std::map<TopicPartition, int64_t>& next) {
    if (auto& since = ctx.degraded->since) {
      log::Info("run", fmt::format("recovered: committing again after {}s degraded",
                                   std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::steady_clock::now() - *since)
                                       .count()));
      since.reset();
    }
    for (const auto& [tp, offset] : next) processed[tp] = offset;
    if (config.exactly_once) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_commit < std::chrono::seconds(1)) return;
    last_commit = now;
    if (Status s = consumer->Commit(processed); !s.ok()) {
      log::Warn("run", "offset commit failed (state is safe): " + s.ToString());
    }
  };

  RunReport report(engine.stats(), std::chrono::seconds(ctx.progress_s), ctx.who);
  if (runs_sender_stage) report.AddSenderStage(stage.stats());
  Status result;
  BatchWatchdog watchdog(std::chrono::seconds(10));
  // The lag of each subject-keyed partition when it last caught up. Once it grows, records were
  // appended that the consumer has not delivered yet (a stream resuming after a pause, its
  // backlog queued behind another topic's): the partition is behind again, not idle. Compared
  // with its value at the end, not with 0: transaction markers count as lag that never goes.
  std::map<kafka::TopicPartition, int64_t> lag_when_caught_up;
  const auto note_backlogs = [&] {
    if (lag_when_caught_up.empty()) return;
    const auto lag = consumer->Lag();
    std::vector<kafka::TopicPartition> behind;
    for (auto it = lag_when_caught_up.begin(); it != lag_when_caught_up.end();) {
      const auto now = lag.find(it->first);
      if (now == lag.end() || now->second > it->second) {
        if (now != lag.end()) behind.push_back(it->first);
        it = lag_when_caught_up.erase(it);
      } else {
        ++it;
      }
    }
    if (!behind.empty()) engine.Behind(behind);
  };
  // A new config, when one is due and accepted, judges from this batch on.
  const auto reload = [&]() -> Status {
    std::shared_ptr<const Config> fresh = ctx.board->Rules(*ctx.reloader, *ctx.metrics);
    if (fresh == rules) return Status::Ok();
    CONSENTRY_ASSIGN_OR_RETURN(auto fresh_detectors, MakeDetectors(*fresh));
    auto fresh_env = std::make_unique<DetectorEnv>(DetectorEnv{fresh->taxonomy, fresh->policies});
    engine.Reconfigure(std::move(fresh_detectors), fresh_env.get());
    // The old detectors are gone: their config and env may go too.
    env = std::move(fresh_env);
    rules = std::move(fresh);
    sink.SetConfig(rules->sha256);
    stamped_sender_sink.SetConfig(rules->sha256);
    if (ctx.engine == 0) ApplyLogSettings(*rules);
    return Status::Ok();
  };
  const auto step = [&]() -> Status {
    const BatchWatchdog::Batch in_progress(watchdog);
    CONSENTRY_RETURN_IF_ERROR(revoke_failure);
    CONSENTRY_RETURN_IF_ERROR(reload());
    // Campaign declarations that arrived meanwhile go first: they may govern this batch.
    CONSENTRY_ASSIGN_OR_RETURN(auto declarations, campaigns->Poll(config.batch_size));
    if (!declarations.empty()) CONSENTRY_RETURN_IF_ERROR(engine.Process(declarations).status());
    if (std::exchange(first_poll_delay, false)) {
      std::this_thread::sleep_for(std::chrono::seconds(first_poll_delay_s));
      return Status::Ok();
    }
    CONSENTRY_ASSIGN_OR_RETURN(
        auto polled,
        consumer->Poll(config.batch_size, std::chrono::milliseconds(200), config.max_batch_bytes));
    note_backlogs();
    std::vector<InputRecord> subject_records, sender_records;
    for (auto& record : polled.records) {
      if (record.topic == by_sender) sender_behind.insert({record.topic, record.partition});
      (record.topic == by_sender ? sender_records : subject_records).push_back(std::move(record));
    }
    for (const auto& tp : polled.caught_up) {
      sender_behind.erase(tp);
      unread.erase(tp);
    }
    if (!subject_records.empty()) {
      last_input = std::chrono::steady_clock::now();
      const auto started = std::chrono::steady_clock::now();
      CONSENTRY_ASSIGN_OR_RETURN(auto next, engine.Process(subject_records));
      ctx.metrics->NoteBatch("subject", subject_records, SecondsSince(started));
      report.NoteBatch();
      commit(next);
    }
    if (!sender_records.empty()) {
      const int64_t counted = stage.stats().messages + stage.stats().feedback;
      const auto started = std::chrono::steady_clock::now();
      CONSENTRY_ASSIGN_OR_RETURN(auto next, stage.Process(sender_records));
      ctx.metrics->NoteBatch("sender", sender_records, SecondsSince(started));
      // Watermark reports alone keep coming while idle; they are not input.
      if (stage.stats().messages + stage.stats().feedback > counted) {
        last_input = std::chrono::steady_clock::now();
      }
      commit(next);
    }
    engine.CaughtUp(polled.caught_up);  // after the records that came before each end
    if (!polled.caught_up.empty()) {
      const auto lag = consumer->Lag();
      for (const auto& tp : polled.caught_up) {
        if (const auto it = lag.find(tp); it != lag.end()) lag_when_caught_up[tp] = it->second;
      }
    }
    if (subject_records.empty()) CONSENTRY_RETURN_IF_ERROR(engine.Tick());
    return pacer.Update(engine, *consumer);
  };
  // What /metrics and /readyz show, published at most every 250 ms.
  auto last_publish = std::chrono::steady_clock::time_point();
  // (every engine's figures added up).
  const auto publish = [&](std::string not_ready) {
    if (ctx.status == nullptr) return;
    last_publish = std::chrono::steady_clock::now();
    if (not_ready.empty() && ctx.degraded->since) not_ready = "degraded (see the log)";
    if (not_ready.empty() && !assigned && !assigned_none) not_ready = "no partitions assigned yet";
    if (not_ready.empty() && !unread.empty()) {
      not_ready = "reading " + std::to_string(unread.size()) + " partitions to their end";
    }
    ctx.board->Publish(
        ctx.engine,
        {.figures = {.engine = engine.stats(),
                     .sender = runs_sender_stage ? std::optional(stage.stats()) : std::nullopt,
                     .held = engine.held(),
                     .lag = consumer->Lag(),
                     .reads = ctx.store.ReadCountersOfThisThread(),
                     .degraded = ctx.degraded->since.has_value()},
         .not_ready = std::move(not_ready)});
    EngineBoard::Snapshot all = ctx.board->Merged();
    all.figures.store_size = ctx.store.ApproximateSize();
    ctx.status->Publish(ctx.metrics->Render(all.figures), all.not_ready);
  };
  auto last_reachability_check = std::chrono::steady_clock::now();
  while (!ctx.stop.load()) {
    result = step();
    if (!result.ok()) break;
    report.MaybePrint(engine.held());
    if (std::chrono::steady_clock::now() - last_publish > std::chrono::milliseconds(250)) {
      publish("");
    }
    // The sender stage is done once it has read its partitions to their end and its watermark
    // has passed its latest input by more than any window (an hour) lasts.
    const bool sender_done =
        !runs_sender_stage || (sender_behind.empty() &&
                        (stage.latest_input() == Timestamp::min() ||
                         stage.watermark() > stage.latest_input() + std::chrono::hours(2)));
    // No input for a while: is the broker there? (librdkafka retries a lost broker silently; a
    // quiet run says it is degraded, and no input because the broker is away is not idle.)
    const auto now = std::chrono::steady_clock::now();
    const auto quiet_for =
        std::chrono::seconds(ctx.until_idle_s > 0 ? std::min<int64_t>(ctx.until_idle_s, 5) : 5);
    if (now - last_input > quiet_for && now - last_reachability_check > quiet_for) {
      last_reachability_check = now;
      if (Status s = consumer->CheckReachable(std::chrono::seconds(5)); !s.ok()) {
        NoteDegraded(ctx, s, "waiting for the broker");
        last_input = std::chrono::steady_clock::now();
        continue;
      }
    }
    // Idle: every assigned partition read to its end, nothing since and nothing held, or no
    // partition to read. A partition not fetched yet (a slow first fetch after a rebalance) is
    // not idle. The job stops once every engine was idle at once; an engine that has had input
    // since goes on until it is idle again (it then holds the partitions the others gave up).
    if (ctx.until_idle_s > 0) {
      const bool idle = assigned_none || (assigned && unread.empty() && engine.held() == 0 &&
                                          sender_done &&
                                          now - last_input > std::chrono::seconds(ctx.until_idle_s));
      ctx.board->SetIdle(ctx.engine, idle);
      if (idle && ctx.board->AllIdle()) {
        log::Info("run", fmt::format("{}no input for {}s and nothing held; stopping", ctx.who,
                                     ctx.until_idle_s));
        break;
      }
    }
  }
  // A producer that was fenced (another producer registered this transactional id, or the
  // broker bumped its epoch) or failed fatally can never be used again: the next life makes a
  // new one, which fences in turn, and restores from the changelog.
  if (!result.ok() && !producer->FatalError().ok()) {
    result = Aborted(result.message() +
                     "; rebuilding with a new producer (if this repeats, another process uses "
                     "this state directory's instance id: was the state_dir copied?)");
  }
  // Leave the group with its committed offsets matching the state (lag tools read them).
  if (result.ok() && !config.exactly_once) {
    if (Status s = consumer->Commit(processed, kafka::GroupConsumer::Wait::kYes); !s.ok()) {
      log::Warn("run", "final offset commit failed (state is safe): " + s.ToString());
    }
  }
  publish(result.ok() ? "stopping" : "rebuilding after a failed batch");
  closing = true;
  consumer->Close();
  if (result.ok() && !config.exactly_once) result = producer->Flush();
  if (ctx.board->engines() == 1) {
    report.PrintSummary(engine.held());
  } else {
    // Each engine's own; the job's rate is the one over every engine (Run).
    RunReport::Print(report.totals(engine.held()), ctx.who, /*throughput=*/false);
  }
  ctx.board->Finished(ctx.engine, report.totals(engine.held()));
  return result;
}

// A batch that failed for a reason that may pass is redone from the stored state.
bool Recoverable(const Status& s) {
  return s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kAborted;
}

// One engine's lives: rebuilt from the stored state after a batch that failed for a reason that
// may pass, until the job stops, goes idle or fails for good.
Status RunEngine(const RunContext& ctx) {
  auto backoff = std::chrono::seconds(1);
  for (;;) {
    const auto started = std::chrono::steady_clock::now();
    Status s = RunOnce(ctx);
    if (s.ok() || !Recoverable(s) || ctx.stop.load()) return s;
    // A life that lasted a while starts the backoff over.
    if (std::chrono::steady_clock::now() - started > std::chrono::minutes(2)) {
      backoff = std::chrono::seconds(1);
    }
    NoteDegraded(ctx, s,
                 "consumption paused, nothing committed; rebuilding from the stored state with "
                 "a backoff of 1 s to 30 s until it succeeds");
    ctx.metrics->NoteRebuild();
    for (auto waited = std::chrono::milliseconds(0); waited < backoff && !ctx.stop.load();
         waited += std::chrono::milliseconds(100)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (ctx.stop.load()) return Status::Ok();
    backoff = std::min(backoff * 2, std::chrono::seconds(30));
  }
}

Status Run(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfigFromFlags(flags));
  const int64_t until_idle_s = flags.Int("until-idle");
  const int64_t progress_s = flags.Int("progress");
  if (!config.kafka.contains("bootstrap.servers")) {
    return FailedPrecondition(config.path +
                              ": no kafka bootstrap.servers; set `kafka: {bootstrap.servers: "
                              "HOST:PORT}`, pass --bootstrap or set CONSENTRY_BOOTSTRAP");
  }
  const InputTable inputs(EngineOptionsFor(config).topics);
  CONSENTRY_ASSIGN_OR_RETURN(const auto counts, CheckTopics(config, inputs));
  // An engine beyond the partition count would never be given one.
  const int engines = std::min(config.engines, counts.at(inputs.SubjectKeyedTopics().front()));
  if (engines < config.engines) {
    log::Info("run", fmt::format("processing.engines is {} but the inputs have {} partitions: "
                                 "running {} engines",
                                 config.engines, engines, engines));
  }
  CONSENTRY_ASSIGN_OR_RETURN(auto store, Store::Open(config.state_dir, StoreOptionsFor(config)));
  store->ShareExpiryFloor(engines);
  CONSENTRY_ASSIGN_OR_RETURN(const std::string instance, store->InstanceId());
  RunMetrics metrics;
  EngineBoard board(engines);
  ConfigReloader reloader(
      config.path, [&flags] { return ReadConfigFromFlags(flags); }, InstallReloadSignal(),
      std::make_shared<const Config>(config));
  std::optional<RunStatus> status;
  std::unique_ptr<HttpServer> http;
  const std::string listen = flags.Has("http") ? flags.Get("http") : config.http_listen;
  if (!listen.empty()) {
    HttpServerOptions http_options;
    CONSENTRY_RETURN_IF_ERROR(ParseListenAddress(listen, &http_options));
    status.emplace();
    CONSENTRY_ASSIGN_OR_RETURN(
        http, HttpServer::Start(http_options,
                                [&status](const HttpRequest& r) { return status->Handle(r); }));
    log::Info("run", fmt::format("serving /healthz, /readyz and /metrics on http://{}:{}",
                                 http_options.address, http->port()));
  }
  log::Info("run", fmt::format("instance {}, {}, {} engine{}", instance,
                               config.exactly_once ? "exactly once" : "at least once", engines,
                               engines == 1 ? "" : "s"));
  // Every engine stops on SIGINT or SIGTERM, and when another one failed for good.
  const std::atomic<bool>& signalled = InstallStopSignals();
  std::atomic<bool> stop{false};
  std::vector<RunContext::Degraded> degraded(static_cast<size_t>(engines));
  std::vector<Status> results(static_cast<size_t>(engines));
  std::atomic<int> running{engines};
  std::vector<std::thread> threads;
  for (int i = 0; i < engines; ++i) {
    threads.emplace_back([&, i] {
      const auto n = static_cast<size_t>(i);
      const std::string transactional_id = "consentry-" + config.group_id + "-" + instance;
      const RunContext ctx{
          .config = config,
          .inputs = inputs,
          .counts = counts,
          .store = *store,
          .engine = i,
          .who = engines == 1 ? "" : fmt::format("engine {}: ", i + 1),
          // The first engine's is the id a single-engine run has always used.
          .transactional_id = i == 0 ? transactional_id : fmt::format("{}-{}", transactional_id, i),
          .until_idle_s = until_idle_s,
          .progress_s = progress_s,
          .stop = stop,
          .degraded = &degraded[n],
          .metrics = &metrics,
          .status = status ? &*status : nullptr,
          .reloader = &reloader,
          .board = &board};
      results[n] = RunEngine(ctx);
      if (!results[n].ok()) stop = true;
      --running;
    });
  }
  while (running.load() > 0) {
    if (signalled.load()) stop = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& thread : threads) thread.join();
  if (engines > 1) {
    if (const std::optional<RunReport::Totals> total = board.Total()) {
      RunReport::Print(*total, "all engines: ", /*throughput=*/true);
    }
  }
  for (const Status& s : results) CONSENTRY_RETURN_IF_ERROR(s);
  return Status::Ok();
}

}  // namespace

Command RunCommand() {
  return {
      .spec = {.name = "run",
               .summary = "Consume the input topics, judge every message, publish alerts and "
                          "dead letters, keep the state in RocksDB (docs/processing.md). Stops "
                          "on SIGINT or SIGTERM after its batch.",
               .flags = {ConfigFlag(),
                         BootstrapFlag(),
                         StateDirFlag("where the state lives (default: the config's state_dir)"),
                         {.name = "until-idle",
                          .type = FlagType::kInt,
                          .value_name = "SECONDS",
                          .help = "stop once every assigned partition was read to its end "
                                  "and no input came for this long (tests, demos); 0: never",
                          .default_value = "0"},
                         ProgressFlag(),
                         {.name = "http",
                          .value_name = "ADDRESS:PORT",
                          .help = "serve /healthz, /readyz and /metrics there (port 0: any free "
                                  "one; default: the config's http.listen, else none)"}}},
      .run = ExitZero(Run)};
}

}  // namespace consentry
