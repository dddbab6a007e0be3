#pragma once
// Strong identifier types: a SubjectId cannot be passed where a TenantId goes.

#include <compare>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace consentry {

template <typename Tag>
class StrongId {
 public:
  StrongId() = default;
  explicit StrongId(std::string value) : value_(std::move(value)) {}

  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend auto operator<=>(const StrongId&, const StrongId&) = default;
  friend bool operator==(const StrongId&, const StrongId&) = default;

 private:
  std::string value_;
};

using SubjectId = StrongId<struct SubjectIdTag>;    // pseudonymous recipient
using TenantId = StrongId<struct TenantIdTag>;      // brand / legal entity
using EventId = StrongId<struct EventIdTag>;        // idempotency key of an input record
using CampaignId = StrongId<struct CampaignIdTag>;
using SenderId = StrongId<struct SenderIdTag>;
using AlertId = StrongId<struct AlertIdTag>;

}  // namespace consentry

template <typename Tag>
struct std::hash<consentry::StrongId<Tag>> {
  size_t operator()(const consentry::StrongId<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.value());
  }
};
