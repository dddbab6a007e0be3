#include "state/rocksdb_status.h"

#include <string>

namespace consentry {
namespace {

StatusCode CodeOf(const rocksdb::Status& s) {
  using C = rocksdb::Status::Code;
  switch (s.code()) {
    case C::kOk: return StatusCode::kOk;
    case C::kNotFound: return StatusCode::kNotFound;
    case C::kCorruption: return StatusCode::kDataLoss;
    case C::kInvalidArgument: return StatusCode::kInvalidArgument;
    case C::kNotSupported: return StatusCode::kFailedPrecondition;
    case C::kIOError:
      // A full disk included: space may come back (a cleanup, a compaction, a person), and the
      // store resumes writing then (Store::Write); until then the job pauses and retries.
      return StatusCode::kUnavailable;
    case C::kBusy:
    case C::kTryAgain:
    case C::kTimedOut:
    case C::kAborted:
    case C::kIncomplete:
    case C::kShutdownInProgress:
    case C::kMergeInProgress:
      return StatusCode::kUnavailable;
    default:
      return StatusCode::kInternal;
  }
}

}  // namespace

Status FromRocksDb(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return Status::Ok();
  std::string m(context);
  m += ": rocksdb: ";
  m += s.ToString();
  return Status(CodeOf(s), std::move(m));
}

}  // namespace consentry
