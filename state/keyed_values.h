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
      e.value = std::move(values[i]);
      e.loaded = true;
    }
    loaded_ += wanted_.size();
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

  size_t loaded() const { return loaded_; }
  uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    Value value;
    bool loaded = false;
    bool dirty = false;
  };

  Family family_;
  KeyFn key_;
  std::unordered_map<Id, Entry> entries_;
  std::vector<const Id*> wanted_;  // keys of entries_, not loaded yet
  // Dirty entries in the order they were first changed, so Flush is O(changes), not O(cache).
  std::vector<const Id*> dirty_;
  size_t loaded_ = 0;
  mutable uint64_t misses_ = 0;
};

}  // namespace consentry
