#include "fuzz/incident_checks.h"

#include "alerts/incident.h"
#include "alerts/incident_store.h"
#include "alerts/webhook.h"

namespace consentry::fuzz {

bool CheckIncidentBytes(std::string_view bytes) {
  // The same bytes as a stored alert placement: decoded, it encodes back to what decodes alike.
  if (auto placement = DecodePlacement(bytes); placement.ok()) {
    auto again = DecodePlacement(EncodePlacement(*placement));
    if (!again.ok() || !(*again == *placement)) __builtin_trap();
  }
  // And as a queued webhook message.
  if (auto message = DecodeWebhookMessage(bytes); message.ok()) {
    const std::string encoded = EncodeWebhookMessage(*message);
    auto again = DecodeWebhookMessage(encoded);
    if (!again.ok() || EncodeWebhookMessage(*again) != encoded) __builtin_trap();
  }
  auto decoded = DecodeIncident(bytes);
  if (!decoded.ok()) return false;
  if (Name(decoded->state).empty()) __builtin_trap();
  const std::string encoded = EncodeIncident(*decoded);
  auto again = DecodeIncident(encoded);
  if (!again.ok() || EncodeIncident(*again) != encoded) __builtin_trap();
  return true;
}

}  // namespace consentry::fuzz
