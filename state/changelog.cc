#include "state/changelog.h"

#include "core/partitioner.h"
#include "state/keys.h"

namespace consentry {
namespace {

// The changelog partition of a key; nullopt when the instance alone owns it.
StatusOr<std::optional<int32_t>> PartitionOf(std::string_view key, int32_t partitions) {
  CONSENTRY_ASSIGN_OR_RETURN(const KeyOwner owner, OwnerOf(key));
  switch (owner.kind) {
    case KeyOwner::Kind::kSubject:
      return std::optional<int32_t>(KafkaPartition(owner.subject, partitions));
    case KeyOwner::Kind::kPartition:
      return std::optional<int32_t>(owner.partition);
    case KeyOwner::Kind::kInstance:
      return std::optional<int32_t>();
  }
  return Internal("unknown key owner");
}

}  // namespace

std::string ChangelogKey(Family family, std::string_view state_key) {
  std::string key;
  key.reserve(1 + state_key.size());
  key.push_back(static_cast<char>(family));
  key += state_key;
  return key;
}

StatusOr<std::vector<ChangelogRecord>> ChangelogRecords(Store& store, const StoreBatch& batch,
                                                        int32_t partitions) {
  CONSENTRY_CHECK(partitions > 0);
  CONSENTRY_ASSIGN_OR_RETURN(std::vector<KeyChange> changes, store.Changes(batch));
  std::vector<ChangelogRecord> out;
  out.reserve(changes.size());
  for (auto& change : changes) {
    auto partition = PartitionOf(change.key, partitions);
    if (!partition.ok()) {
      return Internal("changelog: a state write in family " +
                      std::string(FamilyName(change.family)) + " has a malformed key: " +
                      partition.status().message());
    }
    if (!*partition) continue;
    out.push_back({**partition, ChangelogKey(change.family, change.key), std::move(change.value)});
  }
  return out;
}

Status ApplyChangelogRecord(std::string_view key, const std::string* value, int32_t partition,
                            int32_t partitions, StoreBatch& out) {
  const auto where = [&] { return "changelog partition " + std::to_string(partition) + ": "; };
  if (key.empty() || static_cast<uint8_t>(key[0]) >= kFamilyCount) {
    return DataLoss(where() + "a record whose key does not start with a column family");
  }
  const auto family = static_cast<Family>(static_cast<uint8_t>(key[0]));
  const std::string_view state_key = key.substr(1);
  auto owner = PartitionOf(state_key, partitions);
  if (!owner.ok()) {
    return DataLoss(where() + "a record of family " + std::string(FamilyName(family)) +
                    " whose key does not parse (" + owner.status().message() + ")");
  }
  if (!*owner) {
    return DataLoss(where() + "a record of family " + std::string(FamilyName(family)) +
                    " with a key only an instance keeps, which is never mirrored");
  }
  if (**owner != partition) {
    return DataLoss(where() + "a record that belongs on partition " + std::to_string(**owner) +
                    " of " + std::to_string(partitions) +
                    "; the changelog must have as many partitions as the inputs");
  }
  if (value == nullptr) {
    out.Delete(family, state_key);
  } else {
    out.Put(family, state_key, *value);
  }
  return Status::Ok();
}

}  // namespace consentry
