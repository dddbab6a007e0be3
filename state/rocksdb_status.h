#pragma once
// The one translation of rocksdb::Status into consentry's Status. Internal to state/: it names a
// RocksDB type, so only files that link RocksDB include it.

#include <string_view>

#include <rocksdb/status.h>

#include "core/status.h"

namespace consentry {

// OK -> OK; NotFound -> NotFound; IOError (a full disk too), Busy, TryAgain, TimedOut, Aborted, Incomplete,
// ShutdownInProgress -> Unavailable (retry); Corruption -> DataLoss (page a person);
// InvalidArgument -> InvalidArgument; NotSupported -> FailedPrecondition; anything else ->
// Internal. The message is "context: <rocksdb message>".
Status FromRocksDb(const rocksdb::Status& s, std::string_view context);

}  // namespace consentry
