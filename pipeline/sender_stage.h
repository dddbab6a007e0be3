#pragma once
// The sender stage: the second processing stage, keyed by sender (design sections 3 and 5). It
// reads `consentry.by-sender` (pipeline/sender_record.h), which the subject stage fills with one
// compact record per judged message, one per complaint or bounce naming a sender, and the
// watermark of every subject partition; it runs the sender-level detectors
// (detectors/sender/sender_detector.h) and publishes their window alerts.
//
// Event time, the same in a run and a replay: a window is decided only once every subject
// partition has reported a watermark past its end (the stage watermark is the lowest report of
// all `sources`, over every by-sender partition this instance holds), so its inputs are
// complete. An input whose event time the stage has already closed is late: counted, not added
// (the subject stage judges in watermark order, so only a message that reached it after its own
// watermark can be late here).
//
// Exactly the inputs, once: the subject stage publishes before it writes its own state, so a
// crash between the two repeats records. The stage remembers the hashes of the messages and
// feedback it counted, per minute of event time, until the stage watermark passes that minute
// (after which a repeat is late anyway), and drops repeats before any detector sees them.
//
// Durable with its offsets: per batch, the window alerts are flushed to the sink first, then
// the detectors' changed entries, the stage's own entries (source watermarks, the hashes this
// batch counted, appended as new entries so a batch writes only what it added) and the
// by-sender offsets go to RocksDB in one WriteBatch (family sketches,
// state/keys.h SenderStateKey). A partition assigned here restores its entries before its first
// record.
//
// Thread-compatible: one thread drives a stage.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/record.h"
#include "core/time.h"
#include "detectors/sender/sender_detector.h"
#include "pipeline/sender_record.h"
#include "pipeline/sink.h"
#include "state/stats_cell.h"
#include "state/store.h"

namespace consentry {

struct SenderStageOptions {
  // How many subject partitions report watermarks (the partition count of the subject inputs;
  // 1 in a replay).
  int32_t sources = 1;
  // The by-sender topic, under whose name the stage's input offsets are stored.
  std::string topic = "consentry.by-sender";
};

struct SenderStageStats {
  int64_t records = 0;
  int64_t messages = 0;
  int64_t feedback = 0;
  int64_t watermarks = 0;
  int64_t repeats = 0;     // records counted before (a subject batch redone after a crash)
  int64_t late = 0;        // inputs for event time the stage had closed already
  int64_t malformed = 0;   // records that did not decode (dead-lettered)
  int64_t alerts = 0;
  std::map<std::string, int64_t> alerts_by_detector;

  // Adds another stage's counts (run's engines, reported as one).
  SenderStageStats& operator+=(const SenderStageStats& other);
};

// Adds `from` to `to`; either may be absent (an engine that runs no sender stage).
void AddSenderStats(std::optional<SenderStageStats>& to,
                    const std::optional<SenderStageStats>& from);

class SenderStage {
 public:
  SenderStage(Store& store, std::vector<std::unique_ptr<SenderDetector>> detectors, Sink& sink,
              const Clock& clock, SenderStageOptions options);
  ~SenderStage();

  // By-sender partitions handed to this instance: restores their state and returns where to
  // resume reading each (nullopt: never read).
  StatusOr<std::map<TopicPartition, std::optional<int64_t>>> Assign(
      const std::vector<TopicPartition>& partitions);
  // Partitions taken away: their state stays in RocksDB for whoever gets them.
  void Revoke(const std::vector<TopicPartition>& partitions);

  // One batch of by-sender records from Kafka; returns the next offset of every partition read,
  // durable in RocksDB. After a failed batch every call is refused (FailedPrecondition): build
  // a new stage over the same store.
  StatusOr<std::map<TopicPartition, int64_t>> Process(const std::vector<InputRecord>& records);
  // Records handed over in process (replay), already typed; no offsets.
  Status ProcessLocal(std::vector<SenderRecord> records);

  // The stage watermark: the lowest source report over the held partitions (Timestamp::min()
  // while any is unknown).
  Timestamp watermark() const;
  // The latest event time of a message or feedback added (Timestamp::min() before any).
  Timestamp latest_input() const { return latest_input_; }
  const SenderStageStats& stats() const { return stats_; }

 private:
  struct Partition;
  struct Batch;

  // Counts one record of `partition`: a watermark report, or an input for the detectors unless
  // it is a repeat or late.
  void Apply(int32_t partition, const SenderRecordBody& body);
  // Decides what the watermark allows, publishes, commits, then writes state and offsets. A
  // failure marks the stage failed (FinishLoaded does the work).
  Status Finish(Batch& batch);
  // Adds the batch's window alerts to their report aggregate cells (read from the store: alerts
  // are few) and emits the changed cells.
  Status CountInReport(const std::map<StatsCellKey, std::vector<std::string>>& counted,
                       StoreBatch& writes);
  Status FinishLoaded(Batch& batch);
  // FailedPrecondition once a batch failed: its memory is ahead of RocksDB.
  Status Usable() const;
  Status Restore(int32_t partition);

  Store& store_;
  std::vector<std::unique_ptr<SenderDetector>> detectors_;
  Sink& sink_;
  const Clock& clock_;
  SenderStageOptions options_;
  std::map<int32_t, Partition> partitions_;
  Timestamp latest_input_ = Timestamp::min();
  SenderStageStats stats_;
  Status failed_;  // the error of a failed batch; not OK: every later call is refused
};

}  // namespace consentry
