#pragma once
// Store: the instance's one RocksDB, with one column family per Family (state/keys.h).
//
// Thread safety: thread-compatible. Concurrent const-free use from several threads needs
// external locking; in consentry each partition's runner owns its batches and writes go through
// one thread.
//
// Errors: every method returns a Status translated from RocksDB (state/rocksdb_status.h):
// Unavailable (I/O, busy) may be retried, DataLoss (corruption) needs a person,
// FailedPrecondition (schema too new, full disk) needs a fix before restarting.
//
// RocksDB types never appear here: the database lives behind a pimpl, and StoreBatch buffers its
// operations until Store::Write turns them into one rocksdb::WriteBatch.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "state/keys.h"

namespace rocksdb {
struct WriteOptions;
}

namespace consentry {

// The schema version this build writes. Opening a store written with a newer version fails with
// FailedPrecondition: downgrading would misread data. Stored in family meta at SchemaVersionKey()
// as a 4-byte big-endian integer.
inline constexpr uint32_t kStoreSchemaVersion = 1;

struct StoreOptions {
  // Shared LRU block cache for all families. Index and filter blocks stay with the table readers,
  // not in this cache: a full filter block larger than a cache shard would be evicted and
  // re-read on every lookup. 192 MiB keeps the hot path under 512 MiB of peak RSS over 10M
  // subjects (docs/performance.md); with uniform popularity over 10M keys it hits 11-18% of
  // lookups whatever its size between 160 and 256 MiB.
  size_t block_cache_mb = 192;
  // fsync the WAL on every Write. Off by default: the input offsets are written in the same
  // WriteBatch as the state they produced, so a machine crash that loses the WAL's tail loses
  // both together and the consumer re-reads those records from Kafka (same alert ids).
  bool sync = false;
  // Compression of the hot families (consent, campaigns, suppression, windows, sketches, dedup,
  // pending). LZ4 when this librocksdb supports it, else none. Cold families (incidents, audit,
  // meta) use ZSTD when available.
  enum class Compression { kLz4, kNone };
  Compression hot_compression = Compression::kLz4;
  // Bloom filter bits per key for point lookups (0 = none).
  int bloom_bits_per_key = 10;
  bool create_if_missing = true;
  // Open without taking the directory's lock (rocksdb::DB::OpenForReadOnly), so a reader such as
  // `consentry explain` can run beside the job that owns the store. It sees the data as of the
  // open and never writes: Write and FlushMemTables fail, create_if_missing is ignored, and a
  // directory that does not exist, lacks a family or has no schema version is
  // FailedPrecondition.
  bool read_only = false;
  // How much longer than the expiry floor judged messages (family verdicts) are kept: the
  // subject access view (`consentry explain --from --to`) lists them. Corrections still reach
  // only back to the floor (the correction horizon).
  Duration verdicts_kept_beyond_floor{0};
};

// Read costs counted by RocksDB for one thread (Store::ReadCountersOfThisThread).
struct ReadCounters {
  uint64_t block_cache_hits = 0;
  uint64_t block_reads = 0;  // blocks not in the cache, read from table files
  uint64_t block_read_bytes = 0;
  ReadCounters operator-(const ReadCounters& o) const {
    return {block_cache_hits - o.block_cache_hits, block_reads - o.block_reads,
            block_read_bytes - o.block_read_bytes};
  }
  ReadCounters& operator+=(const ReadCounters& o) {
    block_cache_hits += o.block_cache_hits;
    block_reads += o.block_reads;
    block_read_bytes += o.block_read_bytes;
    return *this;
  }
};

// A set of writes applied atomically by Store::Write. Buffers keys and values in one arena.
class StoreBatch {
 public:
  StoreBatch();
  ~StoreBatch();
  StoreBatch(StoreBatch&&) noexcept;
  StoreBatch& operator=(StoreBatch&&) noexcept;

  void Put(Family family, std::string_view key, std::string_view value);
  void Delete(Family family, std::string_view key);
  // A merge operand for `key` (only family windows has a merge operator: frequency windows,
  // state/frequency_merge.h).
  void Merge(Family family, std::string_view key, std::string_view operand);
  // The next input offset to read for (topic, partition), stored as 8 bytes big-endian in meta.
  void PutInputOffset(std::string_view topic, int32_t partition, int64_t next_offset);
  // The latest sent_at judged in `partition` (8 bytes, microseconds, big-endian, in meta).
  void PutJudgedThrough(int32_t partition, Timestamp sent_at);
  // The expiry floor (see Store::SetExpiryFloor), same encoding.
  void PutExpiryFloor(Timestamp floor);
  // The next offset of changelog (topic, partition) this store has applied (state/changelog.h),
  // same encoding.
  void PutChangelogOffset(std::string_view topic, int32_t partition, int64_t next_offset);

  // Number of operations.
  size_t size() const;
  bool empty() const { return size() == 0; }
  void Clear();

 private:
  friend class Store;
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

// One key a StoreBatch changes, as it stands after the batch.
struct KeyChange {
  Family family;
  std::string key;
  std::optional<std::string> value;  // nullopt: deleted
};

struct FamilyStats {
  Family family;
  uint64_t approximate_bytes = 0;  // SST files + memtables
  uint64_t approximate_keys = 0;   // RocksDB's estimate (counts overwrites until compaction)
};

class Store {
 public:
  // Opens (or creates) the store in `dir`, creating missing column families and writing or
  // checking the schema version.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& dir,
                                               const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Looks up every key in one RocksDB MultiGet. On OK, `values` has one entry per key, in the
  // order of `keys`: the value, or nullopt if absent. Duplicate keys are allowed.
  Status MultiGet(Family family, const std::vector<std::string>& keys,
                  std::vector<std::optional<std::string>>* values);
  // `value` is nullopt if the key is absent.
  Status Get(Family family, std::string_view key, std::optional<std::string>* value);
  // Visits every key starting with `prefix` in key order until `visit` returns false; with
  // `start`, only keys from `start` on (a key starting with the prefix: it is where the scan
  // seeks to).
  Status ScanPrefix(Family family, std::string_view prefix,
                    const std::function<bool(std::string_view key, std::string_view value)>& visit,
                    std::string_view start = {});

  // Applies every operation of `batch` atomically (one WriteBatch, WAL on). The batch is left
  // unchanged; Clear() it to reuse it. A failed write (a full disk: Unavailable) leaves RocksDB
  // read-only; the next Write first asks it to resume (DB::Resume), and fails with Unavailable
  // again while that cannot succeed yet, so callers just retry.
  Status Write(const StoreBatch& batch);
  // As Write, without the write-ahead log: for bulk loads (a restore from the changelog), which
  // write each byte once instead of twice. A crash loses what is not flushed yet, so the loader
  // keeps its own position in the same batches (it then starts again from an older, consistent
  // point) and calls FlushMemTables() before anything written with Write depends on the data.
  Status WriteUnlogged(const StoreBatch& batch);

  // Every key `batch` would change, once each in the order first touched, with its full value
  // after the batch: merge operands are folded into the stored value by the family's merge
  // operator, so no result is an operand (what a changelog must carry: compaction of a
  // compacted topic keeps only the last record of a key). Reads the store for each key the batch
  // merges into without a Put or Delete before; call it before Write(batch).
  StatusOr<std::vector<KeyChange>> Changes(const StoreBatch& batch);

  // Entries of the families that expire by event time (verdicts, dedup; state/expiry_filter.h)
  // older than the floor are dropped by compaction. SetExpiryFloor sets it as it is (tests, the
  // value stored at open); a new store keeps everything.
  void SetExpiryFloor(Timestamp floor);
  Timestamp expiry_floor() const;

  // The engines that share this store (run's processing.engines) each own some input partitions
  // and report the floor their partitions allow (their watermarks minus the horizon); the
  // floor compaction applies is the lowest reported, so no engine's entries are dropped because
  // another one is further ahead. Call before the engines start; 1 by default. Each engine
  // starts from the floor stored at open.
  void ShareExpiryFloor(int engines);
  // Raises `engine`'s floor to `floor` (a lower one is ignored) and, when the lowest floor rises
  // with it, stores the new floor and then applies it, so a reopened store starts from the floor
  // compaction may already have applied. Thread-safe.
  Status AdvanceExpiryFloor(int engine, Timestamp floor);
  // The floor `engine` reported last (or was reset to), which its own decisions follow; the
  // store's floor while it has reported nothing since it was released. Thread-safe.
  Timestamp ExpiryFloorOf(int engine) const;
  // `engine` owns no partition (it was assigned none): it no longer holds the floor back until
  // it reports again. Thread-safe.
  Status ReleaseExpiryFloor(int engine);
  // Moves `engine`'s floor, and so the store's, back to keep everything, now and after a reopen
  // (stored): a partition that arrives at it from another instance or engine may need entries
  // older than the floor its other partitions reached (app/restore_positions.h). The engine
  // moves it forward again as its watermarks pass it. Thread-safe.
  Status ResetExpiryFloor(int engine = 0);

  // The longest frequency.cap window in use: the compaction filter of family windows drops
  // frequency buckets older than expiry_floor() - this (state/windows_filter.h). Unset (a new
  // Store object) keeps every bucket. The engine sets it when it starts, from its policies; it
  // is not stored, so a config with a longer window applies from the next start (buckets already
  // dropped do not come back).
  void SetLongestFrequencyWindow(Duration window);
  // nullopt while unset.
  std::optional<Duration> longest_frequency_window() const;

  // The stored next input offset of (topic, partition), or nullopt if none was stored.
  StatusOr<std::optional<int64_t>> ReadInputOffset(std::string_view topic, int32_t partition);
  // What PutJudgedThrough stored for `partition`, or nullopt if nothing was judged there yet.
  StatusOr<std::optional<Timestamp>> ReadJudgedThrough(int32_t partition);
  // What PutChangelogOffset stored for (topic, partition), or 0 (read it from its start).
  StatusOr<int64_t> ReadChangelogOffset(std::string_view topic, int32_t partition);
  // This store's id: 16 random hex digits made on first use and kept in family meta, so a
  // restarted process is the same instance (it names the Kafka transactional producer, which
  // fences the process it replaces) and two state directories are never the same instance.
  StatusOr<std::string> InstanceId();

  // Approximate size and key count of every family, in Family order.
  StatusOr<std::vector<FamilyStats>> Stats();

  // What this thread's reads cost RocksDB since the thread started (its perf context): block
  // cache hits, blocks read from table files and their bytes. Subtract two readings.
  ReadCounters ReadCountersOfThisThread() const;

  // Bytes the store holds over every family (RocksDB's figures), for monitoring.
  struct Size {
    uint64_t table_bytes = 0;     // live table files on disk
    uint64_t memtable_bytes = 0;  // memtables, their allocated arenas included
  };
  Size ApproximateSize() const;

  // Flushes memtables to table files (benchmarks, tests, before a checkpoint).
  Status FlushMemTables();
  // Flushes `family`'s memtable and compacts all of it down to the last level, waiting until done,
  // so its compaction filter (the expiry of verdicts and dedup) has seen every entry (tests,
  // maintenance). Fails in a read-only store.
  Status CompactFamily(Family family);

  const std::string& dir() const;
  // The compression actually used for hot families (LZ4 may be unavailable).
  StoreOptions::Compression hot_compression() const;

 private:
  struct Impl;
  Status LoadExpiryFloor();
  // With floor_mu held: stores and applies the lowest reported floor if it is above the applied
  // one (or, with `lower`, if it is below).
  Status ApplyLowestExpiryFloor(bool lower);
  Status WriteWith(const StoreBatch& batch, const rocksdb::WriteOptions& options);
  // Clears RocksDB's background error after a failed write, once there is room to.
  Status ResumeAfterFailedWrite();
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace consentry
