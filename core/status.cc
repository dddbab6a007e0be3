#include "core/status.h"

#include <cstdio>
#include <cstdlib>

namespace consentry {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kNotFound: return "NOT_FOUND";
    case StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case StatusCode::kUnavailable: return "UNAVAILABLE";
    case StatusCode::kAborted: return "ABORTED";
    case StatusCode::kDataLoss: return "DATA_LOSS";
    case StatusCode::kInternal: return "INTERNAL";
  }
  return "UNKNOWN";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string m(context);
  m += ": ";
  m += message_;
  return Status(code_, std::move(m));
}

void DieOnBadStatusOrAccess(const Status& status) {
  std::fprintf(stderr, "consentry: value() on a failed StatusOr: %s\n", status.ToString().c_str());
  std::abort();
}

void DieOnFailedCheck(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "consentry: check failed at %s:%d: %s\n", file, line, cond);
  std::abort();
}

}  // namespace consentry
