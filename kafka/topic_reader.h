#pragma once
// Reads a whole topic, every partition from the beginning up to the end offsets seen when the
// call starts, outside any consumer group (nothing is committed). For tools and tests: dumping
// the alerts or DLQ topic.

#include <chrono>
#include <string>
#include <vector>

#include "core/status.h"
#include "kafka/client_config.h"
#include "kafka/record.h"

namespace consentry::kafka {

StatusOr<std::vector<Record>> ReadTopic(const Settings& settings, const std::string& topic,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace consentry::kafka
