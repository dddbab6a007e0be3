#pragma once
// Topic administration: create topics with the right partition counts and cleanup policy, and
// read partition counts (for the co-partitioning check at startup).

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "kafka/client_config.h"

namespace consentry::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 1;
  bool compacted = false;
};

// Creates each topic; one that already exists is fine if its partition count matches, and a
// FailedPrecondition naming it otherwise.
Status CreateTopics(const Settings& settings, const std::vector<TopicSpec>& topics,
                    std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Partition count of each named topic; NotFound (naming it) when one does not exist.
StatusOr<std::map<std::string, int>> PartitionCounts(
    const Settings& settings, const std::vector<std::string>& topics,
    std::chrono::milliseconds timeout = std::chrono::seconds(15));

}  // namespace consentry::kafka
