#pragma once
// Status and StatusOr<T>: the error model of every fallible consentry function.
//
// The code tells the caller what to do:
//   kInvalidArgument     bad input (a record, a flag): reject it, do not retry.
//   kNotFound            the thing asked for is absent; often not an error.
//   kFailedPrecondition  the system is not in a state to do this (bad config, mismatched
//                        topics): stop until a person fixes it.
//   kUnavailable         a transient external failure (broker, disk busy): retry with backoff.
//   kAborted             the batch in flight was abandoned (an aborted Kafka transaction):
//                        drop what it changed in memory and redo it from the stored state.
//   kDataLoss            stored data is corrupt: page a person.
//   kInternal            a bug of ours.
// Nothing in consentry throws across a module boundary; exceptions from third-party code are
// caught at the call site and turned into a Status.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace consentry {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kFailedPrecondition,
  kUnavailable,
  kAborted,
  kDataLoss,
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: message", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "context: message"; OK stays OK.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status Aborted(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
inline Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// A value or a non-OK Status. Accessing value() of a non-OK StatusOr aborts (our bug).
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}              // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {       // NOLINT: implicit by design
    if (status_.ok()) status_ = Internal("StatusOr built from an OK Status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { Check(); return *value_; }
  const T& value() const& { Check(); return *value_; }
  T&& value() && { Check(); return std::move(*value_); }
  T* operator->() { Check(); return &*value_; }
  const T* operator->() const { Check(); return &*value_; }
  T& operator*() & { Check(); return *value_; }
  const T& operator*() const& { Check(); return *value_; }

 private:
  void Check() const;
  Status status_;
  std::optional<T> value_;
};

[[noreturn]] void DieOnBadStatusOrAccess(const Status& status);

template <typename T>
void StatusOr<T>::Check() const {
  if (!value_) DieOnBadStatusOrAccess(status_);
}

}  // namespace consentry

// Propagates a non-OK Status to the caller.
#define CONSENTRY_RETURN_IF_ERROR(expr)                  \
  do {                                                   \
    ::consentry::Status consentry_status_ = (expr);      \
    if (!consentry_status_.ok()) return consentry_status_; \
  } while (0)

#define CONSENTRY_CONCAT_INNER(a, b) a##b
#define CONSENTRY_CONCAT(a, b) CONSENTRY_CONCAT_INNER(a, b)
// CONSENTRY_ASSIGN_OR_RETURN(auto x, MakeX()); returns the Status if MakeX failed.
#define CONSENTRY_ASSIGN_OR_RETURN(lhs, expr)                                  \
  auto CONSENTRY_CONCAT(consentry_or_, __LINE__) = (expr);                     \
  if (!CONSENTRY_CONCAT(consentry_or_, __LINE__).ok())                         \
    return CONSENTRY_CONCAT(consentry_or_, __LINE__).status();                 \
  lhs = std::move(CONSENTRY_CONCAT(consentry_or_, __LINE__)).value()

// An invariant that only our own bug can break: always on, also in release builds.
#define CONSENTRY_CHECK(cond)                                                        \
  do {                                                                               \
    if (!(cond)) ::consentry::DieOnFailedCheck(#cond, __FILE__, __LINE__);           \
  } while (0)

namespace consentry {
[[noreturn]] void DieOnFailedCheck(const char* cond, const char* file, int line);
}
