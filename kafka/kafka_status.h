#pragma once
// The one place librdkafka error codes become consentry Status values.

#include <librdkafka/rdkafkacpp.h>

#include <string_view>

#include "core/status.h"

namespace consentry::kafka {

// Transient broker/network errors map to Unavailable (retry); authorisation, unknown topic,
// configuration errors and a fenced producer to FailedPrecondition (a person must fix them); the
// rest to Internal.
Status FromKafka(RdKafka::ErrorCode code, std::string_view context);

// Whether `code` says a newer producer with the same transactional.id took over.
bool IsFenced(RdKafka::ErrorCode code);

// An error of the transactional API. Fatal errors (the producer is unusable) and fencing are
// FailedPrecondition: the process must stop (fenced: another instance owns the work now);
// otherwise as FromKafka(), Unavailable for a retriable error. Whether the transaction must be
// aborted is for the caller to read from `error` (txn_requires_abort()).
Status FromKafkaError(const RdKafka::Error& error, std::string_view context);

}  // namespace consentry::kafka
