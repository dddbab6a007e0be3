#include "app/restore_positions.h"

#include "state/keys.h"

namespace consentry {

Status RestorePositions::Release(const Partitions& partitions) {
  StoreBatch forget;
  for (const auto& [topic, numbers] : partitions) {
    for (int32_t partition : numbers) {
      CONSENTRY_ASSIGN_OR_RETURN(const int64_t position,
                                 store_.ReadChangelogOffset(topic, partition));
      released_[{topic, partition}] = position;
      forget.Delete(Family::kMeta, ChangelogOffsetKey(topic, partition));
    }
  }
  return forget.empty() ? Status::Ok() : store_.Write(forget);
}

Status RestorePositions::Resume(const Partitions& partitions) {
  StoreBatch kept;
  bool arrived = false;
  for (const auto& [topic, numbers] : partitions) {
    for (int32_t partition : numbers) {
      const auto it = released_.find({topic, partition});
      if (it == released_.end()) {
        arrived = true;
      } else {
        kept.PutChangelogOffset(topic, partition, it->second);
      }
    }
  }
  released_.clear();
  // The floor first: the restore that follows writes entries the old floor may expire.
  if (arrived) CONSENTRY_RETURN_IF_ERROR(store_.ResetExpiryFloor(engine_));
  return kept.empty() ? Status::Ok() : store_.Write(kept);
}

}  // namespace consentry
