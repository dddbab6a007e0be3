#pragma once
// Builds librdkafka configuration objects from plain key/value settings (passed through from the
// YAML config: TLS, SASL, tuning), reporting the offending key on error.

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>

#include "core/status.h"

namespace consentry::kafka {

using Settings = std::map<std::string, std::string>;

StatusOr<std::unique_ptr<RdKafka::Conf>> MakeConf(const Settings& settings);

}  // namespace consentry::kafka
