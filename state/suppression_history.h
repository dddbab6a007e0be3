#pragma once
// Every do-not-contact entry of one subject (column family `suppression`), kept as history so
// "was this subject on a list for this channel at sent_at" is answered in event time even after
// the entry was removed. The topic is not compacted: a subject may be on several lists.
//
// An entry is identified by (list, tenant, added_at). A record for a known entry updates it
// (a removal sets removed_at); redelivering the same record changes nothing.

#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/status.h"

namespace consentry {

class SuppressionHistory {
 public:
  // Inserts or updates the entry; returns false when nothing changed.
  bool Apply(SuppressionEvent entry);

  // The entries in force at `at` that reach (tenant, channel): added_at <= at < removed_at, the
  // entry's tenant empty (every tenant) or equal, its channels absent (every channel) or
  // containing `channel`. Pointers stay valid until the history changes.
  std::vector<const SuppressionEvent*> ActiveAt(const TenantId& tenant, Channel channel,
                                                Timestamp at) const;

  // Ordered by (added_at, list, tenant).
  const std::vector<SuppressionEvent>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

  // Rough heap bytes held, for the overlay's memory-bounded cache (state/heap_bytes.h).
  size_t ApproxBytes() const;
  std::string Encode() const;
  static StatusOr<SuppressionHistory> Decode(std::string_view bytes);

 private:
  std::vector<SuppressionEvent> entries_;
};

}  // namespace consentry
