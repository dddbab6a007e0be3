#pragma once
// KeyedValues: the overlay's cache of one column family whose values are whole objects (a
// subject's ledger, a campaign's history): gather the keys a batch needs, load them with one
// MultiGet, read and change them in memory, and flush the changed ones into a WriteBatch.
//
// Value must provide `std::string Encode() const`, `bool empty() const` and
// `static StatusOr<Value> Decode(std::string_view)`. An empty value is flushed as a Delete.
//
// Thread-compatible. References returned by Find()/Mutable() stay valid until Clear() (entries
// of an unordered_map never move).

#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "state/keys.h"
#include "state/store.h"

namespace consentry {

template <typename Id, typename Value>
class KeyedValues {
 public:
  using KeyFn = std::string (*)(const Id&);
  KeyedValues(Family family, KeyFn key) : family_(family), key_(key) {}
  KeyedValues(const KeyedValues&) = delete;
  KeyedValues& operator=(const KeyedValues&) = delete;

  // Remembers a key the batch needs. Cheap if already wanted or loaded.
  void Want(const Id& id) {
    auto [it, inserted] = entries_.try_emplace(id);
    // Pointers to unordered_map keys stay valid across rehashing.
    if (inserted) wanted_.push_back(&it->first);
    ++wants_;
    if (it->second.loaded) ++held_;
    it->second.last_used = epoch_;
  }

  // Loads every wanted key not loaded yet with one MultiGet. A stored value that does not decode
  // is DataLoss naming the family; on any error nothing is marked loaded, so Load can be retried.
  Status Load(Store& store) {
    if (wanted_.empty()) return Status::Ok();
    std::vector<std::string> keys;
    keys.reserve(wanted_.size());
    for (const Id* id : wanted_) keys.push_back(key_(*id));
    std::vector<std::optional<std::string>> stored;
    CONSENTRY_RETURN_IF_ERROR(store.MultiGet(family_, keys, &stored));
    // Decode everything before changing anything, so a failure leaves the cache as it was.
    std::vector<Value> values(stored.size());
    for (size_t i = 0; i < stored.size(); ++i) {
      if (!stored[i]) continue;
      auto decoded = Value::Decode(*stored[i]);
      if (!decoded.ok()) {
        return decoded.status().WithContext("family " + std::string(FamilyName(family_)));
      }
      values[i] = std::move(decoded).value();
    }
    for (size_t i = 0; i < wanted_.size(); ++i) {
      Entry& e = entries_.at(*wanted_[i]);
      if (e.loaded) continue;  // Put meanwhile: that value is newer than the stored one
      e.value = std::move(values[i]);
      e.loaded = true;
      ++loaded_;
    }
    wanted_.clear();
    return Status::Ok();
  }

  // The loaded value of `id`, or nullptr when it was never loaded (a gathering bug, counted).
  const Value* Find(const Id& id) const {
    const auto it = entries_.find(id);
    if (it == entries_.end() || !it->second.loaded) {
      ++misses_;
      return nullptr;
    }
    return &it->second.value;
  }

  // The value of a loaded key, marked dirty. Asking for one that was not loaded is a bug of the
  // caller (the change would overwrite what is stored) and aborts.
  Value& Mutable(const Id& id) {
    auto it = entries_.find(id);
    CONSENTRY_CHECK(it != entries_.end() && it->second.loaded);
    if (!it->second.dirty) {
      it->second.dirty = true;
      dirty_.push_back(&it->first);
    }
    return it->second.value;
  }

  // Sets the whole value of `id` without reading what is stored (a blind write), marked dirty.
  void Put(const Id& id, Value value) {
    auto [it, inserted] = entries_.try_emplace(id);
    Entry& e = it->second;
    if (!e.loaded) {
      e.loaded = true;
      ++loaded_;
    }
    e.value = std::move(value);
    e.last_used = epoch_;
    if (!e.dirty) {
      e.dirty = true;
      dirty_.push_back(&it->first);
    }
  }

  // The value of a loaded key, changed in the cache only: not marked dirty, so Flush writes
  // nothing for it. For values whose changes the caller writes itself (merge operands). Asking
  // for one that was not loaded aborts, as Mutable does.
  Value& MutableCached(const Id& id) {
    auto it = entries_.find(id);
    CONSENTRY_CHECK(it != entries_.end() && it->second.loaded);
    return it->second.value;
  }

  // A Put (or a Delete for an empty value) for every dirty value; clears the dirty flags.
  void Flush(StoreBatch& batch) {
    for (const Id* id : dirty_) {
      Entry& e = entries_.at(*id);
      if (e.value.empty()) {
        batch.Delete(family_, key_(*id));
      } else {
        batch.Put(family_, key_(*id), e.value.Encode());
      }
      e.dirty = false;
    }
    dirty_.clear();
  }

  // Forgets everything, dirty changes included.
  void Clear() {
    entries_.clear();
    wanted_.clear();
    dirty_.clear();
    loaded_ = 0;
    misses_ = 0;
  }

  // Between batches (nothing wanted or dirty): when more than `max` values are held, forgets the
  // least recently wanted until at most half of `max` remain, but never the values this batch
  // wanted. Recency is counted in Trim calls (one per batch), so one pass over the entries finds
  // the cut, and a trim happens once per max/2 new values at most. References to forgotten
  // values become invalid, as with Clear().
  void Trim(size_t max) {
    CONSENTRY_CHECK(wanted_.empty() && dirty_.empty());
    const uint32_t now = epoch_++;
    if (entries_.size() <= max) return;
    // How many entries each age (in batches, capped) has; the oldest ages go first.
    constexpr uint32_t kAges = 64;
    std::array<size_t, kAges> by_age{};
    for (const auto& [id, e] : entries_) ++by_age[std::min(now - e.last_used, kAges - 1)];
    const size_t target = max / 2;
    size_t kept = by_age[0];
    uint32_t cut = 1;  // entries at least this many batches old go
    while (cut < kAges && kept + by_age[cut] <= target) kept += by_age[cut++];
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now - it->second.last_used >= cut ? entries_.erase(it) : std::next(it);
    }
    loaded_ = entries_.size();
  }

  size_t loaded() const { return loaded_; }
  uint64_t misses() const { return misses_; }
  // Want() calls, and those that found the value loaded already (no RocksDB read).
  uint64_t wants() const { return wants_; }
  uint64_t held() const { return held_; }

 private:
  struct Entry {
    Value value;
    bool loaded = false;
    bool dirty = false;
    uint32_t last_used = 0;  // the epoch_ of the latest Want
  };

  Family family_;
  KeyFn key_;
  std::unordered_map<Id, Entry> entries_;
  std::vector<const Id*> wanted_;  // keys of entries_, not loaded yet
  // Dirty entries in the order they were first changed, so Flush is O(changes), not O(cache).
  std::vector<const Id*> dirty_;
  size_t loaded_ = 0;
  mutable uint64_t misses_ = 0;
  uint64_t wants_ = 0;
  uint64_t held_ = 0;
  uint32_t epoch_ = 0;  // Trim calls so far
};

}  // namespace consentry
