#pragma once
// KeyedValues: the overlay's cache of one column family whose values are whole objects (a
// subject's ledger, a campaign's history): gather the keys a batch needs, load them with one
// MultiGet, read and change them in memory, and flush the changed ones into a WriteBatch.
//
// Value must provide `std::string Encode() const`, `bool empty() const`,
// `size_t ApproxBytes() const` (its heap bytes, state/heap_bytes.h) and
// `static StatusOr<Value> Decode(std::string_view)`. An empty value is flushed as a Delete.
//
// Between batches the values stay as a cache, bounded by memory: Trim (or TrimTogether, for
// several families under one budget) forgets the least recently wanted values once their bytes
// pass the budget. A value's bytes are measured when it is loaded, put or flushed, and after a
// MutableCached change, at the next Flush.
//
// Thread-compatible. References returned by Find()/Mutable() stay valid until Clear() (entries
// of an unordered_map never move).

#include <algorithm>
#include <array>
#include <functional>
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

// Recency in a cache is counted in batches, up to this many (older values share the last slot).
inline constexpr uint32_t kCacheAges = 64;
using CacheBytesByAge = std::array<size_t, kCacheAges>;

template <typename Id, typename Value>
class KeyedValues {
 public:
  using KeyFn = std::function<std::string(const Id&)>;
  KeyedValues(Family family, KeyFn key) : family_(family), key_(std::move(key)) {}
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
      Measure(e);
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
    Measure(e);
    if (!e.dirty) {
      e.dirty = true;
      dirty_.push_back(&it->first);
    }
  }

  // The value of a loaded key, changed in the cache only: not marked dirty, so Flush writes
  // nothing for it (it measures it again). For values whose changes the caller writes itself
  // (merge operands). Asking for one that was not loaded aborts, as Mutable does.
  Value& MutableCached(const Id& id) {
    auto it = entries_.find(id);
    CONSENTRY_CHECK(it != entries_.end() && it->second.loaded);
    if (!it->second.changed_in_cache) {
      it->second.changed_in_cache = true;
      changed_in_cache_.push_back(&it->first);
    }
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
      Measure(e);
    }
    dirty_.clear();
    for (const Id* id : changed_in_cache_) {
      Entry& e = entries_.at(*id);
      e.changed_in_cache = false;
      Measure(e);
    }
    changed_in_cache_.clear();
  }

  // Forgets one value, so the next Want and Load read it from the store again. Nothing may be
  // wanted, dirty or changed in the cache (a change would be lost).
  void Forget(const Id& id) {
    CONSENTRY_CHECK(wanted_.empty() && dirty_.empty() && changed_in_cache_.empty());
    const auto it = entries_.find(id);
    if (it == entries_.end()) return;
    bytes_ -= it->second.bytes;
    if (it->second.loaded) --loaded_;
    entries_.erase(it);
  }

  // Forgets everything, dirty changes included.
  void Clear() {
    entries_.clear();
    wanted_.clear();
    dirty_.clear();
    changed_in_cache_.clear();
    loaded_ = 0;
    bytes_ = 0;
    misses_ = 0;
  }

  // Between batches (nothing wanted, dirty or changed in the cache): when the values take more
  // than `max_bytes`, forgets the least recently wanted until at most half of `max_bytes`
  // remain, but never the values this batch wanted. TrimTogether does the same for several
  // families under one budget. References to forgotten values become invalid, as with Clear().
  void Trim(size_t max_bytes);

  // The parts of a trim (TrimTogether). Recency is counted in batches: EndBatch starts the next
  // one and returns the number of the one that ended; AddBytesByAge adds each value's bytes
  // under its age in batches (capped: the oldest share the last slot); ForgetFrom forgets the
  // values at least `cut` batches old.
  uint32_t EndBatch() {
    CONSENTRY_CHECK(wanted_.empty() && dirty_.empty() && changed_in_cache_.empty());
    return epoch_++;
  }
  void AddBytesByAge(uint32_t now, CacheBytesByAge& by_age) const {
    for (const auto& [id, e] : entries_) {
      by_age[std::min<uint32_t>(now - e.last_used, kCacheAges - 1)] += e.bytes;
    }
  }
  void ForgetFrom(uint32_t now, uint32_t cut) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (now - it->second.last_used >= cut) {
        bytes_ -= it->second.bytes;
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
    loaded_ = entries_.size();
  }

  // The bytes of the values held, with an estimate of the map's own cost per entry.
  size_t bytes() const { return bytes_; }
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
    bool changed_in_cache = false;
    uint32_t last_used = 0;  // the epoch_ of the latest Want
    size_t bytes = 0;        // as last measured
  };

  // The entry's share of bytes_: its value's heap bytes, the key's, and the hash node's.
  void Measure(Entry& e) {
    const size_t now =
        e.value.ApproxBytes() + sizeof(std::pair<const Id, Entry>) + 4 * sizeof(void*);
    bytes_ = bytes_ - e.bytes + now;
    e.bytes = now;
  }

  Family family_;
  KeyFn key_;
  std::unordered_map<Id, Entry> entries_;
  std::vector<const Id*> wanted_;  // keys of entries_, not loaded yet
  // Dirty entries in the order they were first changed, so Flush is O(changes), not O(cache).
  std::vector<const Id*> dirty_;
  std::vector<const Id*> changed_in_cache_;  // MutableCached since the last Flush
  size_t loaded_ = 0;
  size_t bytes_ = 0;
  mutable uint64_t misses_ = 0;
  uint64_t wants_ = 0;
  uint64_t held_ = 0;
  uint32_t epoch_ = 0;  // Trim calls so far
};

// Trims several caches under one budget of `max_bytes` (see KeyedValues::Trim): the cut by age
// is the same for all of them, so the values wanted least recently go first whatever their
// family.
template <typename... Caches>
void TrimTogether(size_t max_bytes, Caches&... caches) {
  const std::array<uint32_t, sizeof...(Caches)> nows{caches.EndBatch()...};
  if ((caches.bytes() + ...) <= max_bytes) return;
  CacheBytesByAge by_age{};
  size_t i = 0;
  (caches.AddBytesByAge(nows[i++], by_age), ...);
  size_t kept = by_age[0];
  uint32_t cut = 1;  // values at least this many batches old go
  while (cut < kCacheAges && kept + by_age[cut] <= max_bytes / 2) kept += by_age[cut++];
  i = 0;
  (caches.ForgetFrom(nows[i++], cut), ...);
}

template <typename Id, typename Value>
void KeyedValues<Id, Value>::Trim(size_t max_bytes) {
  TrimTogether(max_bytes, *this);
}

}  // namespace consentry
