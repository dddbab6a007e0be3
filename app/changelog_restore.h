#pragma once
// Restore from a changelog topic (state/changelog.h): before a partition's first record is
// processed, its state is brought up to date by reading changelog (topic, partition) from the
// offset this store applied last to the end, read_committed. Records are written in batches,
// each with the offset it reached, without the write-ahead log and flushed at the end (a crash
// midway loses a consistent tail: the restore resumes from an older offset). Logs progress to
// stderr while it takes long.

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "kafka/client_config.h"
#include "state/store.h"

namespace consentry {

struct RestoreStats {
  int64_t records = 0;
  double seconds = 0;
};

// `partitions` is the changelog's partition count (the inputs' count).
StatusOr<RestoreStats> RestoreFromChangelog(Store& store, const kafka::Settings& kafka,
                                            const std::string& topic, int32_t partitions,
                                            const std::vector<int32_t>& which);

}  // namespace consentry
