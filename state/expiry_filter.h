#pragma once
// Expiry by event time for the families that only matter within the correction horizon:
// `verdicts` (judged messages kept for late corrections), `dedup` (message ids seen) and
// `sketches` (sender stage entries, whose value starts with their own expiry time). The
// engine moves the floor forward (its watermarks minus the horizon); compaction then drops every
// entry whose event time is older. Readers skip entries below the floor themselves, so a verdict
// never depends on whether a compaction has run yet.
//
// Thread safety: the floor is an atomic shared between the engine thread and RocksDB's
// compaction threads.

#include <atomic>
#include <cstdint>
#include <memory>

#include "core/time.h"

namespace rocksdb {
class CompactionFilterFactory;
}

namespace consentry {

// Microseconds since the epoch; INT64_MIN keeps everything.
using ExpiryFloor = std::atomic<int64_t>;

// The factory for family `verdicts` (the time is in the key), `dedup` (in the value) or
// `sketches` (a SenderStateKey's value starts with its expiry: 8 bytes big-endian, sign-flipped
// microseconds).
enum class ExpiringFamily { kVerdicts, kDedup, kSketches };
// `kept_beyond` moves the floor back by that much for this family (verdicts kept longer for the
// subject access view).
std::shared_ptr<rocksdb::CompactionFilterFactory> MakeExpiryFilterFactory(
    ExpiringFamily family, std::shared_ptr<const ExpiryFloor> floor,
    Duration kept_beyond = Duration(0));

}  // namespace consentry
