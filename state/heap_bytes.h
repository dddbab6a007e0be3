#pragma once
// Rough heap bytes of the values the overlay caches between batches (state/keyed_values.h), so
// the cache is bounded by memory, not by a count of subjects whose values may be 100 bytes or
// 100 kilobytes. Estimates, not accounting: a string's block once it outgrows the small-string
// buffer, a vector's capacity, a tree node's payload plus its four words of links and colour.
// They only need to be right to within a small factor, and cheap: each is computed once per
// value a batch loaded or changed.

#include <cstddef>
#include <string>
#include <vector>

#include "core/ids.h"

namespace consentry {

// libstdc++ keeps up to 15 chars inside the string object.
inline size_t HeapBytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

template <typename Tag>
size_t HeapBytes(const StrongId<Tag>& id) {
  return HeapBytes(id.value());
}

template <typename T>
size_t HeapBytes(const std::vector<T>& v) {
  size_t bytes = v.capacity() * sizeof(T);
  for (const T& item : v) bytes += HeapBytes(item);
  return bytes;
}

// A std::map or std::set node around a value of `payload` bytes.
constexpr size_t TreeNodeBytes(size_t payload) { return payload + 4 * sizeof(void*); }

}  // namespace consentry
