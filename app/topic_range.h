#pragma once
// A range of topics read from Kafka for a shadow run (`replay --topic A,B --from-offset N
// --to-offset M --baseline-config ...`): every partition of each topic from offset N up to, not
// including, M (or to its end when the read starts), read_committed, outside any group (nothing
// joined or committed). Records come out in the order of their Kafka timestamps (then topic,
// partition and offset): the order they reached the broker, which stands for arrival order across
// topics. Both passes of a shadow run judge the same records, read once.

#include <optional>
#include <string>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "kafka/client_config.h"

namespace consentry {

struct TopicRange {
  std::vector<std::string> topics;
  int64_t from_offset = 0;
  std::optional<int64_t> to_offset;  // exclusive; none: the end when the read starts
  size_t max_records = 5'000'000;    // a larger range is refused: it is held in memory
};

// NotFound naming a topic that does not exist; FailedPrecondition past `max_records`.
StatusOr<std::vector<InputRecord>> ReadTopicRange(const kafka::Settings& settings,
                                                  const TopicRange& range);

}  // namespace consentry
