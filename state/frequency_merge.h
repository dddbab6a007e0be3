#pragma once
// The merge operator of family windows: folds FrequencyWindow operands (state/frequency_window.h)
// into a subject's stored window, so the engine writes only the buckets a batch added (one small
// operand per subject and batch) instead of rewriting the whole value.
//
// Name() is "consentry.FrequencyMerge"; it is on disk (RocksDB's OPTIONS file), never rename it.
// Only frequency keys (KeyKind::kFrequencyWindow) are ever merged; the other keys of family
// windows (honouring delays) are written with Put and never reach it. Defensively, a merge on
// another key behaves as a Put of its last operand.
//
// It never throws and never fails a read or a compaction over bad bytes (a failed merge is a
// Corruption error in RocksDB, and a failed compaction stops every write of the store):
//   - a stored value that does not decode is kept unchanged and the operands on top of it are
//     dropped; reading it then reports DataLoss naming family windows (BatchOverlay::Load), so a
//     person looks at it, and the bytes are still there to look at;
//   - an operand that does not decode is skipped (its counts are lost; it can only come from a
//     bug or a damaged disk, since only FrequencyWindow::Encode writes operands).
// Only running out of memory makes it return false.

#include <memory>

namespace rocksdb {
class MergeOperator;
}

namespace consentry {

std::shared_ptr<rocksdb::MergeOperator> MakeFrequencyMergeOperator();

}  // namespace consentry
