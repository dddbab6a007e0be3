#pragma once
// Where the engine's output goes: Kafka topics in `consentry run`, files in `consentry replay`.
// Emit() may only queue; Commit() is the batch's commit point (see there). The engine and the
// sender stage write a batch's state and input offsets to RocksDB only after Commit returned OK.
//
// Sender records (pipeline/sender_record.h) go to `consentry.by-sender` in a Kafka run, or
// straight to the in-process sender stage in a replay; the engine emits them only when it was
// told the by-sender partition count (EngineOptions::sender_partitions).

#include <map>

#include "alerts/alert.h"
#include "core/record.h"
#include "core/status.h"
#include "ingest/dlq_record.h"
#include "pipeline/sender_record.h"
#include "state/stats_cell.h"
#include "state/store.h"

namespace consentry {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status Emit(const Alert& alert) = 0;
  virtual Status Emit(const DlqEntry& entry) = 0;
  virtual Status Emit(const SenderRecord& record) = 0;
  // A report aggregate cell a batch changed (pipeline/report_stats.h), whole: to the compacted
  // `consentry.stats` topic in a Kafka run, to a file or nowhere in a replay.
  virtual Status Emit(const StatsRecord& record) = 0;
  // Returns OK once everything emitted since the last Commit is durable: flushed (a Kafka run at
  // least once, a replay's files) or, exactly once, committed in one Kafka transaction with the
  // changelog of `writes` (state/changelog.h) and the input offsets `next_offsets`. It may add
  // its own bookkeeping to `writes` (how far the changelog got) for the caller to write with the
  // rest. On an error nothing of the batch counts: the caller must not write `writes` and drops
  // what the batch changed in memory.
  virtual Status Commit(StoreBatch& writes,
                        const std::map<TopicPartition, int64_t>& next_offsets) = 0;
};

}  // namespace consentry
