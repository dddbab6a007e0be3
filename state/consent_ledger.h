#pragma once
// The consent ledger of one subject: every decision the person made, across tenants, ordered by
// (recorded_at, event_id, tenant). It is versioned by event time, so a decision that arrives late still
// lands where it happened and "the consent as it stood at sent_at" is a scan up to sent_at.
// Stored as one RocksDB value per subject (column family `consent`), so one MultiGet key per
// subject per batch loads all of it.

#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/status.h"

namespace consentry {

class ConsentLedger {
 public:
  // Inserts `decision` at its event-time position. Returns false (and changes nothing) if a
  // decision with the same (tenant, event_id) is already present: inserting is idempotent.
  // Event ids are unique per tenant only: two tenants may reuse one id.
  bool Insert(ConsentEvent decision);

  // Ordered by (recorded_at, event_id, tenant).
  const std::vector<ConsentEvent>& decisions() const { return decisions_; }
  bool empty() const { return decisions_.empty(); }

  // Rough heap bytes held, for the overlay's memory-bounded cache (state/heap_bytes.h).
  size_t ApproxBytes() const;
  // Binary encoding with a leading format version byte. Decode returns DataLoss on any
  // truncated or malformed input (never crashes).
  std::string Encode() const;
  static StatusOr<ConsentLedger> Decode(std::string_view bytes);

 private:
  std::vector<ConsentEvent> decisions_;
};

}  // namespace consentry
