#pragma once
// An outbound message already seen (column family `dedup`), keyed by (input partition, tenant,
// event id): event ids are unique per tenant; the partition owns the entry (state/keys.h). The digest of its content tells a redelivery (same content: absorbed)
// from a reused id (other content: dead-lettered as duplicate_event_id, never judged silently).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/status.h"
#include "core/time.h"

namespace consentry {

struct MessageRef {
  int32_t partition = 0;
  TenantId tenant;
  EventId event_id;
  friend bool operator==(const MessageRef&, const MessageRef&) = default;
};

// The key of `ref` in family dedup.
std::string SeenKey(const MessageRef& ref);

struct SeenMessage {
  uint64_t digest = 0;  // of the decoded content, see pipeline/message_digest.h
  Timestamp sent_at;    // for expiry by event time
  bool known = false;   // false: never seen

  bool empty() const { return !known; }
  size_t ApproxBytes() const { return 0; }  // nothing on the heap
  std::string Encode() const;
  static StatusOr<SeenMessage> Decode(std::string_view bytes);
};

}  // namespace consentry

template <>
struct std::hash<consentry::MessageRef> {
  size_t operator()(const consentry::MessageRef& r) const noexcept {
    return (static_cast<size_t>(r.partition) * 31 + std::hash<std::string>{}(r.tenant.value())) *
               31 +
           std::hash<std::string>{}(r.event_id.value());
  }
};
