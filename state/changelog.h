#pragma once
// The changelog (design section 5): every state change of a batch, mirrored to
// `consentry.changelog`, so that an instance which crashed after committing a batch to Kafka but
// before writing it to RocksDB, or which is handed a partition another instance owned, gets the
// state back by reading the changelog from where its store stopped.
//
// One record per changed key:
//   key       one byte Family, then the state key (state/keys.h);
//   value     the key's full value after the batch (Store::Changes: merges folded in, never an
//             operand, which compaction of the topic would lose), or null for a delete: a
//             tombstone;
//   partition the owner's (OwnerOf in state/keys.h): a subject's keys go to the partition its
//             subject hashes to, as the inputs are keyed (Kafka's murmur2, core/partitioner.h);
//             a partition's keys to that partition. Keys owned by the instance alone are not
//             mirrored.
// Generic over column families: a new key kind only has to say who owns it.
//
// Records are applied in partition order, and each is a full value, so applying a record
// twice, or a tail that starts before what the store already has, changes nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "state/store.h"

namespace consentry {

struct ChangelogRecord {
  int32_t partition = 0;
  std::string key;
  std::optional<std::string> value;  // nullopt: tombstone
};

// A changelog record's key: the column family byte, then the state key.
std::string ChangelogKey(Family family, std::string_view state_key);

// The changelog records of `batch` (call before store.Write(batch)), for a changelog of
// `partitions` partitions.
StatusOr<std::vector<ChangelogRecord>> ChangelogRecords(Store& store, const StoreBatch& batch,
                                                        int32_t partitions);

// Restore: adds the write of one record read from changelog partition `partition` (of
// `partitions`) to `out`; `value` null is a tombstone. DataLoss, naming what is wrong, for a
// record consentry does not write: an unknown family, a key that does not parse, a key owned by
// the instance alone, or one on another partition than its owner's (a changelog with another
// partition count than the inputs).
Status ApplyChangelogRecord(std::string_view key, const std::string* value, int32_t partition,
                            int32_t partitions, StoreBatch& out);

}  // namespace consentry
