#pragma once
// The one place librdkafka error codes become consentry Status values.

#include <librdkafka/rdkafkacpp.h>

#include <string_view>

#include "core/status.h"

namespace consentry::kafka {

// Transient broker/network errors map to Unavailable (retry); authorisation, unknown topic and
// configuration errors to FailedPrecondition (a person must fix them); the rest to Internal.
Status FromKafka(RdKafka::ErrorCode code, std::string_view context);

}  // namespace consentry::kafka
