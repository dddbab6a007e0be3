#include "state/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/options.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <numeric>

#include "state/codec.h"
#include "state/expiry_filter.h"
#include "state/frequency_merge.h"
#include "state/rocksdb_status.h"
#include "state/store_batch_rep.h"
#include "state/store_impl.h"
#include "state/windows_filter.h"

namespace consentry {

// ---------------------------------------------------------------------------------------------
// Store

namespace {

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

bool IsHot(Family f) {
  switch (f) {
    case Family::kIncidents:
    case Family::kAudit:
    case Family::kMeta:
      return false;
    default:
      return true;
  }
}

bool Supported(rocksdb::CompressionType type) {
  const auto all = rocksdb::GetSupportedCompressions();
  return std::find(all.begin(), all.end(), type) != all.end();
}

// RocksDB's own recovery from a full disk (its SstFileManager) waits until the free space
// exceeds the largest write buffer (64 MB), checking every 5 s, and refuses a manual Resume()
// meanwhile: on a small or nearly full disk it never ends. Store::Write resumes instead, as soon
// as a write can succeed.
class ManualNoSpaceRecovery final : public rocksdb::EventListener {
 public:
  const char* Name() const override { return "ConsentryManualNoSpaceRecovery"; }
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason /*reason*/, rocksdb::Status bg_error,
                            bool* auto_recovery) override {
    if (bg_error.IsNoSpace()) *auto_recovery = false;
  }
};

std::string EncodeSchemaVersion(uint32_t v) {
  std::string out;
  ByteWriter(&out).PutFixed32BE(v);
  return out;
}

}  // namespace

Status Store::Impl::CheckSchemaVersion() {
  std::string value;
  const std::string key = SchemaVersionKey();
  rocksdb::Status s = db->Get(read_options, Handle(Family::kMeta), key, &value);
  if (s.IsNotFound() && options.read_only) {
    return FailedPrecondition("state store " + dir +
                              " has no schema version: it is not a consentry state directory");
  }
  if (s.IsNotFound()) {
    s = db->Put(write_options, Handle(Family::kMeta), key,
                EncodeSchemaVersion(kStoreSchemaVersion));
    return FromRocksDb(s, "writing the schema version");
  }
  CONSENTRY_RETURN_IF_ERROR(FromRocksDb(s, "reading the schema version"));
  ByteReader r(value);
  uint32_t version;
  if (!r.ReadFixed32BE(&version) || !r.empty()) {
    return DataLoss("state store " + dir + ": schema version value is malformed");
  }
  if (version > kStoreSchemaVersion) {
    return FailedPrecondition("state store " + dir + " has schema version " +
                              std::to_string(version) + " but this build understands up to " +
                              std::to_string(kStoreSchemaVersion) +
                              "; run a newer consentry or restore the state from the changelog "
                              "into an empty directory");
  }
  if (version < kStoreSchemaVersion) {
    // No older version exists yet; when one does, its migration goes here.
    return FailedPrecondition("state store " + dir + " has schema version " +
                              std::to_string(version) + " and no migration to " +
                              std::to_string(kStoreSchemaVersion) + " exists");
  }
  return Status::Ok();
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->write_options.sync = options.sync;
  impl->write_options.disableWAL = false;

  const bool lz4 = Supported(rocksdb::kLZ4Compression);
  const bool zstd = Supported(rocksdb::kZSTD);
  impl->hot_compression = (options.hot_compression == StoreOptions::Compression::kLz4 && lz4)
                              ? StoreOptions::Compression::kLz4
                              : StoreOptions::Compression::kNone;
  const rocksdb::CompressionType hot_type = impl->hot_compression == StoreOptions::Compression::kLz4
                                                ? rocksdb::kLZ4Compression
                                                : rocksdb::kNoCompression;
  const rocksdb::CompressionType cold_type = zstd ? rocksdb::kZSTD : hot_type;

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  db_options.keep_log_file_num = 5;
  // No preallocated WAL and table files: a full disk shows at the write that needs the space
  // (and Store::Write pauses there), not one write-buffer later, after RocksDB quietly used up a
  // preallocated file.
  db_options.allow_fallocate = false;
  db_options.listeners.push_back(std::make_shared<ManualNoSpaceRecovery>());

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_mb << 20);
  // Keep index and filter blocks with the table readers (see StoreOptions::block_cache_mb).
  table.cache_index_and_filter_blocks = false;
  if (options.bloom_bits_per_key > 0) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(options.bloom_bits_per_key));
  }
  table.format_version = 5;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  rocksdb::ColumnFamilyOptions default_cf;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, default_cf);
  for (Family f : AllFamilies()) {
    rocksdb::ColumnFamilyOptions cf;
    cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    cf.compression = IsHot(f) ? hot_type : cold_type;
    cf.level_compaction_dynamic_level_bytes = true;
    // A bloom filter over each memtable's whole keys: most point lookups of the hot path miss the
    // memtable (a new message id, a subject not written lately) and then skip its skip list.
    cf.memtable_prefix_bloom_size_ratio = 0.1;
    cf.memtable_whole_key_filtering = true;
    // 16 MB memtables (RocksDB's default is 64 MB): a shorter skip list to insert into and
    // search, and less memory held across the eleven families.
    cf.write_buffer_size = 16 << 20;
    if (f == Family::kVerdicts) {
      cf.compaction_filter_factory =
          MakeExpiryFilterFactory(ExpiringFamily::kVerdicts, impl->expiry_floor,
                                  options.verdicts_kept_beyond_floor);
    } else if (f == Family::kDedup) {
      cf.compaction_filter_factory =
          MakeExpiryFilterFactory(ExpiringFamily::kDedup, impl->expiry_floor);
    } else if (f == Family::kSketches) {
      // Sender stage entries carry their own expiry (pipeline/sender_stage.h).
      cf.compaction_filter_factory =
          MakeExpiryFilterFactory(ExpiringFamily::kSketches, impl->expiry_floor);
    } else if (f == Family::kWindows) {
      // Frequency windows: merge operands, trimmed by event time (state/windows_filter.h).
      cf.merge_operator = MakeFrequencyMergeOperator();
      impl->merge_operators[static_cast<size_t>(f)] = cf.merge_operator;
      cf.compaction_filter_factory =
          MakeWindowsFilterFactory(impl->expiry_floor, impl->longest_window);
    }
    descriptors.emplace_back(std::string(FamilyName(f)), cf);
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (options.read_only && !std::filesystem::is_directory(dir)) {
    return FailedPrecondition("state directory " + dir + " does not exist");
  }
  rocksdb::Status s =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors, &handles, &raw)
          : rocksdb::DB::Open(db_options, dir, descriptors, &handles, &raw);
  if (!s.ok()) {
    Status st = FromRocksDb(s, "opening the state store " + dir);
    // A missing or unreadable directory is an operator's fix, not a retry.
    if (st.code() == StatusCode::kUnavailable || st.code() == StatusCode::kInvalidArgument) {
      st = Status(StatusCode::kFailedPrecondition, st.message());
    }
    return st;
  }
  impl->db.reset(raw);
  CONSENTRY_CHECK(handles.size() == descriptors.size());
  impl->default_handle = handles[0];
  impl->handles.assign(handles.begin() + 1, handles.end());

  CONSENTRY_RETURN_IF_ERROR(impl->CheckSchemaVersion());
  std::unique_ptr<Store> store(new Store(std::move(impl)));
  CONSENTRY_RETURN_IF_ERROR(store->LoadExpiryFloor());
  return store;
}

Status Store::MultiGet(Family family, const std::vector<std::string>& keys,
                       std::vector<std::optional<std::string>>* values) {
  values->assign(keys.size(), std::nullopt);
  if (keys.empty()) return Status::Ok();
  // RocksDB's batched MultiGet is fastest on sorted input; sort indices, not the keys.
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&keys](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<rocksdb::Slice> sorted(keys.size());
  for (size_t i = 0; i < order.size(); ++i) sorted[i] = rocksdb::Slice(keys[order[i]]);

  std::vector<rocksdb::PinnableSlice> found(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(impl_->read_options, impl_->Handle(family), keys.size(), sorted.data(),
                      found.data(), statuses.data(), /*sorted_input=*/true);
  for (size_t i = 0; i < order.size(); ++i) {
    const rocksdb::Status& st = statuses[i];
    if (st.IsNotFound()) continue;
    if (!st.ok()) {
      values->assign(keys.size(), std::nullopt);
      return FromRocksDb(st, "multiget in " + std::string(FamilyName(family)));
    }
    (*values)[order[i]].emplace(found[i].data(), found[i].size());
  }
  return Status::Ok();
}

Status Store::Get(Family family, std::string_view key, std::optional<std::string>* value) {
  value->reset();
  std::string out;
  const rocksdb::Status s = impl_->db->Get(impl_->read_options, impl_->Handle(family),
                                           ToSlice(key), &out);
  if (s.IsNotFound()) return Status::Ok();
  CONSENTRY_RETURN_IF_ERROR(FromRocksDb(s, "get in " + std::string(FamilyName(family))));
  *value = std::move(out);
  return Status::Ok();
}

Status Store::ScanPrefix(
    Family family, std::string_view prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& visit,
    std::string_view start) {
  CONSENTRY_CHECK(start.empty() || start.starts_with(prefix));
  rocksdb::ReadOptions ro = impl_->read_options;
  // Upper bound: the prefix with its last non-0xFF byte incremented; none if all bytes are 0xFF.
  std::string upper(prefix);
  while (!upper.empty() && static_cast<uint8_t>(upper.back()) == 0xFF) upper.pop_back();
  rocksdb::Slice upper_slice;
  if (!upper.empty()) {
    upper.back() = static_cast<char>(static_cast<uint8_t>(upper.back()) + 1);
    upper_slice = rocksdb::Slice(upper);
    ro.iterate_upper_bound = &upper_slice;
  }
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->Handle(family)));
  for (it->Seek(ToSlice(start.empty() ? prefix : start)); it->Valid(); it->Next()) {
    const std::string_view key = ToView(it->key());
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!visit(key, ToView(it->value()))) return Status::Ok();
  }
  return FromRocksDb(it->status(), "scan in " + std::string(FamilyName(family)));
}

void Store::SetLongestFrequencyWindow(Duration window) {
  impl_->longest_window->store(std::max(window.count(), int64_t{0}), std::memory_order_relaxed);
}

std::optional<Duration> Store::longest_frequency_window() const {
  const int64_t micros = impl_->longest_window->load(std::memory_order_relaxed);
  return micros < 0 ? std::nullopt : std::optional<Duration>(Duration(micros));
}

Status Store::Write(const StoreBatch& batch) { return WriteWith(batch, impl_->write_options); }

Status Store::WriteUnlogged(const StoreBatch& batch) {
  rocksdb::WriteOptions options = impl_->write_options;
  options.disableWAL = true;
  options.sync = false;
  return WriteWith(batch, options);
}

// After a failed write (ENOSPC above all) RocksDB refuses writes until its background error is
// cleared. Resume() does that by flushing every memtable, so it needs room for them; and
// librocksdb 7.8 can abort (a debug assertion left on in distribution builds) when the flush hits
// the full disk again. So resume only once there is room (a no-op when RocksDB has nothing to
// recover from).
Status Store::ResumeAfterFailedWrite() {
  uint64_t memtables = 0;
  for (auto* h : impl_->handles) {
    uint64_t bytes = 0;
    if (impl_->db->GetIntProperty(h, rocksdb::DB::Properties::kCurSizeAllMemTables, &bytes)) {
      memtables += bytes;
    }
  }
  const uint64_t needed = memtables + (8u << 20);
  std::error_code error;
  const std::filesystem::space_info space = std::filesystem::space(impl_->dir, error);
  if (!error && space.available < needed) {
    return Unavailable("state store " + impl_->dir + ": " + std::to_string(space.available >> 20) +
                       " MB free, resuming after a failed write needs " +
                       std::to_string(needed >> 20) + " MB");
  }
  CONSENTRY_RETURN_IF_ERROR(
      FromRocksDb(impl_->db->Resume(), "resuming the state store after a failed write"));
  impl_->write_failed = false;
  return Status::Ok();
}

Status Store::WriteWith(const StoreBatch& batch, const rocksdb::WriteOptions& options) {
  if (batch.empty()) return Status::Ok();
  const StoreBatch::Rep& rep = *batch.rep_;
  // In key order per family: the memtable's skip list then inserts each key next to the last
  // one instead of searching from the top for every key (a batch's keys are scattered: subjects,
  // event ids). Stable, so the operations on one key keep their order; the batch is atomic, so
  // the order across keys means nothing else.
  std::vector<uint32_t> order(rep.ops.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&rep](uint32_t a, uint32_t b) {
    const auto& x = rep.ops[a];
    const auto& y = rep.ops[b];
    if (x.family != y.family) return x.family < y.family;
    return rep.Slice(x.key_offset, x.key_size) < rep.Slice(y.key_offset, y.key_size);
  });
  rocksdb::WriteBatch wb(rep.arena.size() + rep.ops.size() * 16);
  for (const uint32_t i : order) {
    const auto& op = rep.ops[i];
    rocksdb::ColumnFamilyHandle* h = impl_->Handle(op.family);
    const rocksdb::Slice key = ToSlice(rep.Slice(op.key_offset, op.key_size));
    const rocksdb::Slice value = ToSlice(rep.Slice(op.value_offset, op.value_size));
    rocksdb::Status s;
    switch (op.kind) {
      case StoreBatch::Rep::Op::Kind::kPut:
        s = wb.Put(h, key, value);
        break;
      case StoreBatch::Rep::Op::Kind::kDelete:
        s = wb.Delete(h, key);
        break;
      case StoreBatch::Rep::Op::Kind::kMerge:
        s = wb.Merge(h, key, value);
        break;
    }
    CONSENTRY_RETURN_IF_ERROR(FromRocksDb(s, "building a write batch"));
  }
  if (impl_->write_failed) CONSENTRY_RETURN_IF_ERROR(ResumeAfterFailedWrite());
  Status s = FromRocksDb(impl_->db->Write(options, &wb), "writing a batch");
  impl_->write_failed = !s.ok();
  return s;
}

StatusOr<std::vector<FamilyStats>> Store::Stats() {
  std::vector<FamilyStats> out;
  out.reserve(kFamilyCount);
  for (Family f : AllFamilies()) {
    FamilyStats st{.family = f};
    uint64_t sst = 0, mem = 0, keys = 0;
    auto* h = impl_->Handle(f);
    // Properties are best-effort estimates; a missing one reads as zero.
    if (impl_->db->GetIntProperty(h, rocksdb::DB::Properties::kTotalSstFilesSize, &sst)) {
      st.approximate_bytes += sst;
    }
    if (impl_->db->GetIntProperty(h, rocksdb::DB::Properties::kCurSizeAllMemTables, &mem)) {
      st.approximate_bytes += mem;
    }
    if (impl_->db->GetIntProperty(h, rocksdb::DB::Properties::kEstimateNumKeys, &keys)) {
      st.approximate_keys = keys;
    }
    out.push_back(st);
  }
  return out;
}

ReadCounters Store::ReadCountersOfThisThread() const {
  const rocksdb::PerfContext* perf = rocksdb::get_perf_context();
  return {perf->block_cache_hit_count, perf->block_read_count, perf->block_read_byte};
}

Store::Size Store::ApproximateSize() const {
  Size size;
  for (auto* h : impl_->handles) {
    uint64_t value = 0;
    if (impl_->db->GetIntProperty(h, "rocksdb.live-sst-files-size", &value)) {
      size.table_bytes += value;
    }
    if (impl_->db->GetIntProperty(h, "rocksdb.cur-size-all-mem-tables", &value)) {
      size.memtable_bytes += value;
    }
  }
  return size;
}

Status Store::FlushMemTables() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  std::vector<rocksdb::ColumnFamilyHandle*> all(impl_->handles.begin(), impl_->handles.end());
  return FromRocksDb(impl_->db->Flush(fo, all), "flushing memtables");
}

Status Store::CompactFamily(Family family) {
  rocksdb::CompactRangeOptions co;
  // Rewrite the last level too, so every entry passes the filter even if its file only moved.
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocksDb(impl_->db->CompactRange(co, impl_->Handle(family), nullptr, nullptr),
                     "compacting " + std::string(FamilyName(family)));
}

const std::string& Store::dir() const { return impl_->dir; }

StoreOptions::Compression Store::hot_compression() const { return impl_->hot_compression; }

}  // namespace consentry
