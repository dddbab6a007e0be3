#pragma once
// The stored form of an OutboundEvent (column family `verdicts`): a format version byte, then
// every field. Decode returns DataLoss on truncated or malformed bytes and never crashes.

#include <string>
#include <string_view>

#include "core/events.h"
#include "core/status.h"

namespace consentry {

std::string EncodeOutbound(const OutboundEvent& message);
StatusOr<OutboundEvent> DecodeOutbound(std::string_view bytes);

}  // namespace consentry
