// Store's readers of family meta: offsets, times and the instance id kept beside the state.

#include <openssl/rand.h>

#include <string>

#include "state/codec.h"
#include "state/store.h"

namespace consentry {
namespace {

// An 8-byte big-endian value, or nullopt if absent.
StatusOr<std::optional<uint64_t>> ReadFixed64(Store& store, const std::string& key,
                                              std::string_view what) {
  std::optional<std::string> value;
  CONSENTRY_RETURN_IF_ERROR(store.Get(Family::kMeta, key, &value));
  if (!value) return std::optional<uint64_t>();
  ByteReader r(*value);
  uint64_t v;
  if (!r.ReadFixed64BE(&v) || !r.empty()) {
    return DataLoss("meta: stored " + std::string(what) + " is not 8 bytes");
  }
  return std::optional<uint64_t>(v);
}

}  // namespace

StatusOr<std::optional<int64_t>> Store::ReadInputOffset(std::string_view topic,
                                                         int32_t partition) {
  CONSENTRY_ASSIGN_OR_RETURN(const auto v,
                             ReadFixed64(*this, InputOffsetKey(topic, partition), "input offset"));
  if (!v) return std::optional<int64_t>();
  return std::optional<int64_t>(static_cast<int64_t>(*v));
}

StatusOr<std::optional<Timestamp>> Store::ReadJudgedThrough(int32_t partition) {
  CONSENTRY_ASSIGN_OR_RETURN(
      const auto v, ReadFixed64(*this, JudgedThroughKey(partition), "judged-through time"));
  if (!v) return std::optional<Timestamp>();
  return std::optional<Timestamp>(FromMicros(static_cast<int64_t>(*v)));
}

StatusOr<int64_t> Store::ReadChangelogOffset(std::string_view topic, int32_t partition) {
  CONSENTRY_ASSIGN_OR_RETURN(const auto v, ReadFixed64(*this, ChangelogOffsetKey(topic, partition),
                                                       "changelog offset"));
  return v ? static_cast<int64_t>(*v) : 0;
}

StatusOr<std::string> Store::InstanceId() {
  std::optional<std::string> value;
  CONSENTRY_RETURN_IF_ERROR(Get(Family::kMeta, InstanceIdKey(), &value));
  if (value) return *value;
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Internal("no random bytes for an instance id");
  std::string id;
  for (unsigned char b : bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  StoreBatch batch;
  batch.Put(Family::kMeta, InstanceIdKey(), id);
  CONSENTRY_RETURN_IF_ERROR(Write(batch));
  return id;
}

}  // namespace consentry
