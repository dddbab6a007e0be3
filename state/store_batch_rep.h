#pragma once
// StoreBatch's buffer, shared by store_batch.cc (which fills it) and store.cc (which turns it
// into one rocksdb::WriteBatch). Internal to state/.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state/store.h"

namespace consentry {

struct StoreBatch::Rep {
  struct Op {
    enum class Kind : uint8_t { kPut, kDelete, kMerge };
    Family family;
    Kind kind;
    uint32_t key_offset;
    uint32_t key_size;
    uint32_t value_offset;
    uint32_t value_size;
  };
  std::vector<Op> ops;
  std::string arena;  // keys and values, back to back

  uint32_t Append(std::string_view s) {
    // A batch past 4 GiB is a runaway caller, not a workload.
    CONSENTRY_CHECK(arena.size() + s.size() < (uint64_t{1} << 32));
    const auto offset = static_cast<uint32_t>(arena.size());
    arena.append(s);
    return offset;
  }
  std::string_view Slice(uint32_t offset, uint32_t size) const {
    return std::string_view(arena).substr(offset, size);
  }
};

}  // namespace consentry
