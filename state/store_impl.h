#pragma once
// Store's private state, shared by the files that implement Store (store.cc, store_changes.cc).
// Internal to state/.

#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "state/expiry_filter.h"
#include "state/store.h"
#include "state/windows_filter.h"

namespace consentry {

struct Store::Impl {
  std::string dir;
  std::shared_ptr<ExpiryFloor> expiry_floor = std::make_shared<ExpiryFloor>(INT64_MIN);
  // Each engine's floor (Store::ShareExpiryFloor), nullopt while it owns no partition. Writes of
  // the floor and changes of `expiry_floor` happen with the mutex held, in that order.
  mutable std::mutex floor_mu;
  std::vector<std::optional<int64_t>> engine_floors{std::optional<int64_t>(INT64_MIN)};
  std::shared_ptr<LongestWindow> longest_window = std::make_shared<LongestWindow>(-1);
  StoreOptions options;
  StoreOptions::Compression hot_compression = StoreOptions::Compression::kNone;
  rocksdb::WriteOptions write_options;
  rocksdb::ReadOptions read_options;
  // Handles are owned here and destroyed before the database.
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // index: Family
  rocksdb::ColumnFamilyHandle* default_handle = nullptr;
  std::unique_ptr<rocksdb::DB> db;
  // Per family, its merge operator (null for families without one).
  std::array<std::shared_ptr<rocksdb::MergeOperator>, kFamilyCount> merge_operators;
  // The last Write failed: RocksDB may hold a background error (read-only) until Resume().
  std::atomic<bool> write_failed{false};  // restores write from several threads

  ~Impl() {
    if (!db) return;
    for (auto* h : handles) {
      if (h != nullptr) (void)db->DestroyColumnFamilyHandle(h);
    }
    if (default_handle != nullptr) (void)db->DestroyColumnFamilyHandle(default_handle);
    // Close() flushes nothing (the WAL has every write) and reports errors we can only drop
    // in a destructor.
    (void)db->Close();
  }

  rocksdb::ColumnFamilyHandle* Handle(Family f) const {
    const auto i = static_cast<size_t>(f);
    CONSENTRY_CHECK(i < handles.size());
    return handles[i];
  }

  Status CheckSchemaVersion();
};

}  // namespace consentry
