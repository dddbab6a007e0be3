#pragma once
// The batch engine: decode -> state -> held verdicts -> detectors -> alerts, the same for a Kafka
// run and a file replay.
//
// For each batch: every record is decoded (failures go to the DLQ sink with their source
// coordinates); consent decisions and campaign declarations update state; outbound messages are
// held until their partition's watermark passes sent_at (so a consent decision made before the
// message but delivered after it still counts); held messages the watermark now allows are
// judged by every detector. All keys the batch needs and the cache lacks are loaded with one
// MultiGet per column family into a BatchOverlay; all changes, the held messages and the partitions' next input
// offsets go to RocksDB in one WriteBatch, after the sink has flushed the batch's alerts.
// A crash anywhere therefore repeats work (same deterministic alert ids) but loses none.
//
// Thread-compatible: one thread drives an Engine.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/events.h"
#include "core/time.h"
#include "detectors/detector.h"
#include "ingest/decoder.h"
#include "kafka/record.h"
#include "pipeline/sink.h"
#include "pipeline/watermarks.h"
#include "state/overlay.h"
#include "state/store.h"

namespace consentry {

using TopicPartition = std::pair<std::string, int32_t>;

struct EngineOptions {
  Duration allowed_lateness = std::chrono::seconds(5);
  // Wall time after which a silent input stream stops holding its partition's watermark back.
  Duration idle_timeout = std::chrono::seconds(2);
  // Replay: records come as one mixed stream whose order is arrival order (their topic is
  // empty and their own "schema" field says what they are); wall time never moves a watermark.
  bool replay = false;
  // Subjects whose state stays in memory between batches (this engine is the only writer of
  // its partitions' keys, so the cache is never stale). When more are loaded, the cache starts
  // over after the batch. 0 disables it.
  size_t cached_subjects = 200000;
  // Names of the co-partitioned input topics and of the campaign table.
  std::string outbound_topic = "comms.outbound";
  std::string consent_topic = "consent.events";
  std::string campaigns_topic = "purpose.declarations";
};

struct EngineStats {
  int64_t records = 0;
  int64_t outbound = 0;
  int64_t consent = 0;
  int64_t campaigns = 0;
  int64_t dlq = 0;
  int64_t judged = 0;
  int64_t alerts = 0;
  std::map<std::string, int64_t> alerts_by_detector;
  std::map<std::string, int64_t> dlq_by_reason;
};

class Engine {
 public:
  Engine(Store& store, std::vector<std::unique_ptr<Detector>> detectors, Sink& sink,
         const Clock& clock, EngineOptions options);
  ~Engine();

  // Partitions handed to this instance: loads their held messages and returns where to resume
  // reading each (the next offset stored with the state), or nullopt if never read.
  StatusOr<std::map<TopicPartition, std::optional<int64_t>>> Assign(
      const std::vector<TopicPartition>& partitions);
  // Partitions taken away: their held messages stay in RocksDB for whoever gets them.
  void Revoke(const std::vector<TopicPartition>& partitions);

  // Processes one batch and returns the next offset of every input partition it read, already
  // durable in RocksDB (commit them to Kafka for the group's bookkeeping).
  StatusOr<std::map<TopicPartition, int64_t>> Process(const std::vector<kafka::Record>& records);

  // The consumer reached the end of these partitions (they may now turn idle).
  void CaughtUp(const std::vector<TopicPartition>& partitions);

  // Judges what the watermarks allow now, with no new input (idle partitions move on wall time).
  Status Tick();

  // End of input (replay): judges every held message.
  Status ReleaseAll();

  size_t held() const;
  const EngineStats& stats() const { return stats_; }

 private:
  struct Held;
  struct Batch;
  enum class Stream { kOutbound = 0, kConsent = 1 };

  using HeldMap = std::map<std::pair<Timestamp, std::string>, Held>;  // by (sent_at, event_id)
  using Due = std::pair<int32_t, HeldMap::iterator>;                  // a held message to judge

  Status Run(Batch& batch, bool release_all);
  Status RunLoaded(Batch& batch, const std::vector<Due>& due);
  void Decode(const kafka::Record& record, Batch& batch);
  Status Judge(const OutboundEvent& message, const StateView& state);

  Store& store_;
  std::vector<std::unique_ptr<Detector>> detectors_;
  Sink& sink_;
  const Clock& clock_;
  EngineOptions options_;
  Decoder decoder_;
  Watermarks watermarks_;
  // The state of recent batches' subjects: a batch loads only what is not here yet.
  BatchOverlay overlay_;
  // Held messages per partition, ordered by (sent_at, event_id) like their RocksDB keys.
  std::map<int32_t, HeldMap> held_;
  EngineStats stats_;
};

}  // namespace consentry
