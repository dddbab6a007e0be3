#pragma once
// The batch engine: decode -> state -> held verdicts -> detectors -> alerts, the same for a Kafka
// run and a file replay. It never talks to Kafka itself (records come in as InputRecords and
// results go out through a Sink), so `replay` and the benches do not link librdkafka.
//
// For each batch: every record is decoded (failures go to the DLQ sink with their source
// coordinates); consent decisions, STOP replies, suppression entries and campaign declarations
// update state (pipeline/state_updates.h); outbound messages are held until their partition's
// watermark passes sent_at (so a decision made before the message but delivered after it still
// counts); held messages the watermark now allows are judged by every detector. Every key the
// batch needs and the cache lacks is loaded with one MultiGet per column family into a
// BatchOverlay, and only the state some enabled detector reads (Detector::Needs). All changes
// and the partitions' next input offsets go to RocksDB in one WriteBatch, after the sink has
// committed the batch's alerts (Sink::Commit). Held messages stay in memory: an outbound
// partition's offset stops at its oldest held message, so they are read again after a restart.
// A crash anywhere therefore repeats work (same deterministic alert ids) or, with an
// exactly-once sink, not even that; it never loses any.
//
// A batch that fails (Process, Tick or ReleaseAll returning an error) leaves the engine's memory
// ahead of RocksDB, so the engine refuses every later call with FailedPrecondition: build a new
// one over the same store, which starts from what was stored.
//
// Thread-compatible: one thread drives an Engine.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/events.h"
#include "core/histogram.h"
#include "core/record.h"
#include "core/time.h"
#include "detectors/detector.h"
#include "detectors/registry.h"
#include "ingest/decoder.h"
#include "pipeline/held_messages.h"
#include "pipeline/inputs.h"
#include "pipeline/report_stats.h"
#include "pipeline/sink.h"
#include "pipeline/verdict_keeper.h"
#include "pipeline/watermarks.h"
#include "state/overlay.h"
#include "state/store.h"

namespace consentry {

struct EngineOptions {
  Duration allowed_lateness = std::chrono::seconds(5);
  // Wall time after which a silent input stream stops holding its partition's watermark back.
  Duration idle_timeout = std::chrono::seconds(2);
  // Replay: records come as one mixed stream whose order is arrival order (their topic is
  // empty and their own "schema" field says what they are); wall time never moves a watermark.
  bool replay = false;
  // An event time further ahead than this of its reference (the Kafka record's timestamp in a
  // run, `replay_now` in a replay) goes to the DLQ as future_timestamp: one record dated
  // 9999-12-31 must not move its partition's watermark past every real input.
  Duration max_future_skew = std::chrono::hours(1);
  // Replay's reference time for that bound; the wall clock when the engine starts if unset.
  // Real historical data never exceeds it; pin it to make a backtest of future-dated test data
  // deterministic.
  std::optional<Timestamp> replay_now;
  // The memory the state cache may use between batches (this engine is the only writer of its
  // partitions' keys, so the cache is never stale): subjects' ledgers, suppressions and frequency
  // windows, campaigns and report cells, as estimated by state/heap_bytes.h. Past it the least
  // recently wanted values go after the batch, down to half (BatchOverlay::Trim). 0 disables the
  // cache. A budget in bytes, not in subjects: with Zipf popularity the hottest subjects' windows
  // are large, and a count of subjects let them take the process past its memory target
  // (docs/performance.md).
  size_t cache_bytes = size_t{64} << 20;
  // How long in event time a verdict stays open to correction by a late input (see
  // pipeline/verdict_keeper.h); also how long message ids are remembered. 0 disables both.
  Duration correction_horizon = std::chrono::hours(24 * 7);
  // The taxonomy and policies, to count how long withdrawals took to be honoured for messages
  // sent inside an honouring window (the report aggregates, pipeline/report_stats.h). Nothing
  // is counted when null.
  // Must outlive the engine.
  const DetectorEnv* env = nullptr;
  InputTopics topics;
  // The partition count of `consentry.by-sender`. When positive, the engine feeds the sender
  // stage through the sink (pipeline/sender_record.h): one record per judged message, one per
  // complaint or bounce naming its sender, and each partition's watermark to every by-sender
  // partition. 0: no sender stage.
  int32_t sender_partitions = 0;
  // The partition count of the subject-keyed inputs. When positive, every keyed record on them
  // must sit on the partition Kafka's default partitioner gives its key (core/partitioner.h);
  // one that does not is counted (EngineStats::misrouted), logged, and dead-lettered
  // (`misrouted`) or, with refuse_misrouted, fails the batch. 0: not checked (replay).
  int32_t input_partitions = 0;
  bool refuse_misrouted = false;
  // What one input record may cost before it is dead-lettered (processing.limits). Also applies
  // when messages an older version persisted are restored: lowering a limit below such a
  // message's size makes its restore fail (DataLoss) until the limit is raised again.
  DecodeLimits decode_limits;
  // Which of the engines sharing the store this is (run's processing.engines, each on its own
  // partitions): the floor it reports (Store::AdvanceExpiryFloor) and its copy of the campaign
  // table (state/keys.h CampaignKey) are its own.
  int engine = 0;
};

struct EngineStats {
  int64_t records = 0;
  int64_t outbound = 0;
  int64_t consent = 0;
  int64_t campaigns = 0;
  int64_t feedback = 0;
  int64_t suppression = 0;
  int64_t dlq = 0;
  int64_t judged = 0;
  int64_t alerts = 0;
  int64_t redeliveries = 0;   // inputs seen before with the same content, absorbed
  int64_t late_inputs = 0;    // state updates that arrived after a later message was judged
  int64_t retractions = 0;    // alerts withdrawn after a late input
  int64_t late_alerts = 0;    // alerts raised after a late input
  int64_t inside_window = 0;  // messages sent after a withdrawal, inside its honouring window
  int64_t misrouted = 0;      // keyed input records on another partition than their key's
  std::map<std::string, int64_t> alerts_by_detector;
  std::map<std::string, int64_t> dlq_by_reason;
  // Seconds from each judged message's sent_at to its verdict (the clock's time when judged).
  Histogram verdict_delay{Histogram::LatencyBounds()};

  // Adds another engine's counts (run's engines, reported as one).
  EngineStats& operator+=(const EngineStats& other);
};

class Engine {
 public:
  Engine(Store& store, std::vector<std::unique_ptr<Detector>> detectors, Sink& sink,
         const Clock& clock, EngineOptions options);
  ~Engine();

  // Judges with these detectors and this taxonomy and policies from the next batch on (a config
  // reload between batches). Held messages, watermarks and kept verdicts stay; the state cache
  // is emptied (the new detectors may read state the old ones did not load). State only a newly
  // enabled detector keeps (frequency.cap's counters) counts from here on. `env` must outlive
  // the engine or the next Reconfigure.
  void Reconfigure(std::vector<std::unique_ptr<Detector>> detectors, const DetectorEnv* env);
  // Partitions handed to this instance: returns where to resume reading each (the offset stored
  // with the state: for outbound partitions, their oldest message not judged yet), or nullopt
  // if never read. Loads the held messages an older version persisted.
  StatusOr<std::map<TopicPartition, std::optional<int64_t>>> Assign(
      const std::vector<TopicPartition>& partitions);
  // Partitions taken away: whoever gets them reads their held messages again.
  void Revoke(const std::vector<TopicPartition>& partitions);

  // Processes one batch and returns the next offset of every subject-keyed input partition it
  // read (for outbound partitions, held back to their oldest held message), already durable in
  // RocksDB (commit them to Kafka for the group's bookkeeping).
  // Campaign declarations have no offsets: the global table is read whole at every start.
  StatusOr<std::map<TopicPartition, int64_t>> Process(const std::vector<InputRecord>& records);

  // The consumer reached the end of these partitions (they may now turn idle).
  void CaughtUp(const std::vector<TopicPartition>& partitions);
  // These partitions, caught up before, have records on the broker not delivered yet: they are
  // not idle (Watermarks::Behind).
  void Behind(const std::vector<TopicPartition>& partitions);

  // Judges what the watermarks allow now, with no new input (idle partitions move on wall time).
  Status Tick();

  // End of input (replay): judges every held message.
  Status ReleaseAll();

  size_t held() const { return held_.size(); }
  // Per partition holding messages, how many its outbound stream alone would let through: they
  // wait only for the partition's other streams (consent, feedback, suppression) to catch up in
  // event time. `run` stops fetching a partition's messages while this is large
  // (app/outbound_pacer.h).
  std::map<int32_t, size_t> WaitingForPartners() const;
  const EngineStats& stats() const { return stats_; }
  BatchOverlay::CacheStats cache_stats() const { return overlay_.cache_stats(); }
  const InputTable& inputs() const { return inputs_; }

 private:
  struct Batch;

  // What the detectors read (needs_), and how long frequency counters are kept.
  void NoteDetectors();
  void Decode(const InputRecord& record, Batch& batch);
  // False (and the record dead-lettered, or the batch failed) when a keyed input record is not
  // on its key's partition.
  bool OnItsPartition(const InputRecord& record, Batch& batch);
  // FailedPrecondition once a batch failed.
  Status Usable() const;
  Status Run(Batch& batch, bool release_all);
  Status RunLoaded(Batch& batch, bool release_all);
  void Admit(Batch& batch);
  // The offsets to store and commit for the outbound partitions this batch read or released
  // messages of: never past the oldest message still held, which is read again after a restart
  // (pipeline/held_messages.h). Not in a replay.
  void HoldBackOutboundOffsets(Batch& batch, const std::vector<HeldMessages::Due>& due);
  void ApplyUpdates(Batch& batch);
  void WantJudgeKeys(const OutboundEvent& message);
  // `now`: the batch's detection time (one clock read for all its messages).
  Status Judge(int32_t partition, const OutboundEvent& message, Timestamp now, StoreBatch& writes);
  // The delay since a withdrawal when the message went out inside its honouring window (counted
  // in EngineStats::inside_window); nullopt otherwise.
  std::optional<Duration> HonouringDelay(const Evaluation& evaluation);
  // Adds the batch's report aggregates to their cells and emits the changed cells.
  Status PublishReportStats();
  // Every detector's findings, sharing one Evaluation.
  std::vector<Finding> Evaluate(const Evaluation& evaluation) const;
  Status Correct(StoreBatch& writes);
  // The event time below which verdicts are no longer corrected: the lowest watermark of this
  // instance's partitions minus the horizon (Timestamp::min() while a watermark is unknown).
  Timestamp CorrectionFloor(Timestamp now) const;
  // frequency.cap: buckets older than this leave the cached windows of `partition`'s subjects.
  // On disk the windows family keeps what corrections may need, from the expiry floor minus the
  // longest window (its compaction filter drops the rest). The cache keeps only what a message
  // judged for the first time needs: it is sent after the latest message judged in its
  // partition, or it is late and its subject is corrected, whose window is then read whole
  // from the store (RunLoaded). So a subject who receives a message every second holds the
  // longest cap's span in memory, not the correction horizon's.
  Timestamp FrequencyCacheCutoff(int32_t partition) const;
  void DeadLetter(Batch& batch, std::string_view code, std::string reason,
                  const InputRecord& record);
  // Sender stage feed (EngineOptions::sender_partitions > 0), queued until the batch's flush.
  void QueueForSenderStage(const OutboundEvent& message, const std::vector<Finding>& findings);
  void QueueForSenderStage(const FeedbackEvent& feedback);
  // The partitions whose watermark moved on enough to report to the sender stage.
  std::map<int32_t, Timestamp> SenderMarksDue(bool release_all, Timestamp now) const;

  Store& store_;
  std::vector<std::unique_ptr<Detector>> detectors_;
  StateNeed needs_ = StateNeed::kNone;  // what the enabled detectors read
  Sink& sink_;
  const Clock& clock_;
  EngineOptions options_;
  InputTable inputs_;
  Timestamp replay_now_;
  Decoder decoder_{options_.decode_limits};  // after options_, which the constructor sets
  Watermarks watermarks_;
  // The state of recent batches' subjects: a batch loads only what is not here yet.
  BatchOverlay overlay_{options_.engine};
  // This engine's expiry floor (Store::ExpiryFloorOf, kept here for the per-message checks): a
  // message id older than it is forgotten and a verdict older than it is no longer corrected,
  // whatever the store's floor, which other engines may hold lower, lets compaction drop.
  Timestamp floor_;
  HeldMessages held_;
  // Per outbound partition, the next offset read in this run (what is stored may be lower).
  std::map<int32_t, int64_t> outbound_next_;
  // Per partition, the latest sent_at judged (stored in meta with each batch): a consent,
  // feedback or suppression input at or before it is late, and corrects the verdicts it changes.
  std::map<int32_t, Timestamp> judged_through_;
  VerdictKeeper verdicts_;
  ReportStats report_stats_{options_.input_partitions};  // of this batch, until published
  std::vector<SenderRecord> sender_out_;                 // of this batch, until emitted
  std::map<int32_t, Timestamp> sender_marks_;  // per partition, the watermark last reported
  EngineStats stats_;
  Status failed_;  // the error of a failed batch; not OK: every later call is refused
};

}  // namespace consentry
