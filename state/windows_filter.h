#pragma once
// The compaction filter of family windows. Frequency windows (state/frequency_window.h) lose
// their buckets that start before
//     cutoff = expiry floor - longest configured frequency window
// (the expiry floor is the one of state/expiry_filter.h: the engine's lowest watermark minus the
// correction horizon). A verdict re-judged inside the correction horizon counts messages from
// its sent_at minus its cap's window on, which is never before the cutoff, so dropping older
// buckets never changes a verdict. A stored value is rewritten without them (removed when
// nothing is left); a merge operand is removed when all of its buckets are older (otherwise
// kept whole, and trimmed once it is folded into the value). A value that a compaction has just
// produced by merging is trimmed by the next compaction that sees it.
//
// Every other key of the family (report aggregates, state/stats_cell.h) is left alone, and so is
// anything that does not decode (a person can look at it). Nothing is dropped while the floor or
// the longest window is unknown (a new store, or before the engine set it): the filter never
// throws and errs on keeping.
//
// Thread safety: the floor and the longest window are atomics shared with the engine thread.

#include <atomic>
#include <cstdint>
#include <memory>

#include "state/expiry_filter.h"

namespace rocksdb {
class CompactionFilterFactory;
}

namespace consentry {

// Microseconds; negative: unknown (keep every bucket).
using LongestWindow = std::atomic<int64_t>;

std::shared_ptr<rocksdb::CompactionFilterFactory> MakeWindowsFilterFactory(
    std::shared_ptr<const ExpiryFloor> floor, std::shared_ptr<const LongestWindow> longest);

}  // namespace consentry
