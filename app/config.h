#pragma once
// The YAML configuration of a consentry instance (see configs/consentry.yaml for every key).
// Loading validates everything once; every error names the file, the line and the fix, e.g.
//   configs/x.yaml:14: unknown key 'detecors' in the top level; fix: use one of: ...

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/serve_config.h"
#include "core/log.h"
#include "core/status.h"
#include "core/time.h"
#include "detectors/policy.h"
#include "detectors/registry.h"
#include "detectors/sender/sender_registry.h"
#include "detectors/taxonomy.h"
#include "ingest/decoder.h"
#include "kafka/client_config.h"
#include "state/store.h"

namespace consentry {

struct TopicNames {
  std::string outbound = "comms.outbound";
  std::string consent = "consent.events";
  std::string campaigns = "purpose.declarations";
  std::string feedback = "comms.feedback";
  std::string suppression = "suppression.lists";
  std::string alerts = "consentry.alerts";
  std::string dlq = "consentry.dlq";
  std::string changelog = "consentry.changelog";
  std::string by_sender = "consentry.by-sender";
  // The sender stage's own changelog (each stage mirrors its state to a topic of its own, so
  // every changelog partition has one writer).
  std::string sender_changelog = "consentry.by-sender.changelog";
  // Report aggregates (compacted, one record per cell; reports/stats_record.h).
  std::string stats = "consentry.stats";
};

struct Config {
  std::string path;       // where it was read from, for messages
  std::string sha256;     // of the file: each alert names the config that judged it
  kafka::Settings kafka;  // passed through to librdkafka (TLS, SASL, tuning)
  std::string group_id = "consentry";
  TopicNames topics;
  int partitions = 4;  // of every co-partitioned input topic
  std::string state_dir = ".consentry/state";
  Duration allowed_lateness = std::chrono::seconds(5);
  Duration idle_timeout = std::chrono::seconds(2);
  // Event times further ahead of their record's timestamp go to the DLQ (future_timestamp).
  Duration max_future_skew = std::chrono::hours(1);
  // How long in event time verdicts stay open to correction by late inputs (0: never).
  Duration correction_horizon = std::chrono::hours(24 * 7);
  // How long in event time judged messages are kept for the subject access view (`explain
  // --from --to`): at least the correction horizon, which keeps them anyway.
  Duration subject_access_retention = std::chrono::hours(24 * 400);
  size_t batch_size = 20000;
  // processing.max_batch_bytes: a batch (of `replay`, and of each poll of `run`) is cut when its
  // records hold this many bytes, even before batch_size records.
  size_t max_batch_bytes = 16 * 1024 * 1024;
  // processing.engines: how many engines `run` drives, each on its own thread with its own
  // consumer and producer in the group and its share of the partitions (as Kafka Streams'
  // stream threads), over one store. At most the input partition count is used.
  int engines = 1;
  // processing.max_waiting_per_partition: outbound messages a partition may hold that wait only
  // for its other streams to catch up in event time; past it `run` stops fetching the
  // partition's outbound records until half of them are judged (app/outbound_pacer.h). 0: never.
  size_t max_waiting_per_partition = 20000;
  // processing.state_cache_bytes: the memory the engines' state caches may use between batches
  // (EngineOptions::cache_bytes, split evenly between the engines); 0 turns the cache off.
  size_t state_cache_bytes = size_t{64} << 20;
  // processing.block_cache_bytes: RocksDB's block cache (StoreOptions::block_cache_mb).
  size_t block_cache_bytes = size_t{192} << 20;
  // processing.limits: what one input record may cost before it is dead-lettered.
  DecodeLimits decode_limits;
  // processing.guarantee: exactly_once (the default: each batch's alerts, DLQ and by-sender
  // records, changelog and input offsets in one Kafka transaction) or at_least_once.
  bool exactly_once = true;
  // A keyed input record on another partition than Kafka's default partitioner gives its key:
  // dead-lettered (false, the default) or the run stops (true). processing.misrouted.
  bool refuse_misrouted = false;
  // logging.level and logging.format; unset: the environment's (core/log.h) or info and text.
  std::optional<log::Level> log_level;
  std::optional<log::Format> log_format;
  // http.listen: where `run` serves /healthz, /readyz and /metrics ("ADDRESS:PORT"); empty: not
  // served. `run --http` overrides it.
  std::string http_listen;
  // serve: `consentry serve` (app/serve_config.h).
  ServeConfig serve;
  std::vector<std::pair<std::string, DetectorParams>> detectors;  // enabled, in config order
  // Enabled sender-level detectors (run in the sender stage), in config order.
  std::vector<std::pair<std::string, DetectorParams>> sender_detectors;
  Taxonomy taxonomy = Taxonomy::Default();
  PolicySet policies = PolicySet::Default();
};

StatusOr<Config> LoadConfig(const std::string& path);

// The settings of `a` and `b` that `run` reads only when it starts (Kafka, topics, partitions,
// state, processing, http, the sender-level detectors), by config name, where they differ. A
// reload may change everything else: the detectors on each message, taxonomy, policies, regions,
// calendars, frequency caps and logging.
std::vector<std::string> RestartOnlyDifferences(const Config& a, const Config& b);

// How long in event time judged messages are kept: the subject access retention, and never less
// than the correction horizon, which keeps them anyway.
Duration JudgedMessagesKept(const Config& config);
// The store options the config asks for (how long judged messages are kept).
StoreOptions StoreOptionsFor(const Config& config);
// As LoadConfig, from text; `path` is only used in messages.
StatusOr<Config> ParseConfig(const std::string& yaml, const std::string& path);

// Builds the enabled detectors. Their factories validated the parameters; the Config must
// outlive the detectors (they keep references to its taxonomy and policies).
StatusOr<std::vector<std::unique_ptr<Detector>>> MakeDetectors(const Config& config);
// Builds the enabled sender-level detectors (empty: no sender stage).
StatusOr<std::vector<std::unique_ptr<SenderDetector>>> MakeSenderDetectors(const Config& config);

}  // namespace consentry
