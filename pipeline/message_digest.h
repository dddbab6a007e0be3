#pragma once
// A 64-bit digest of an outbound message's decoded content, to tell a redelivery (same content)
// from a second message that reuses the (tenant, event id) of the first. Computed on decoded
// fields, not raw bytes, so a producer that re-serialises a record (other field order, spacing)
// is still a redelivery.

#include <cstdint>

#include "core/events.h"

namespace consentry {

uint64_t ContentDigest(const OutboundEvent& message);

}  // namespace consentry
