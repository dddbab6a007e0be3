#include "fuzz/incident_checks.h"

#include "alerts/incident.h"

namespace consentry::fuzz {

bool CheckIncidentBytes(std::string_view bytes) {
  auto decoded = DecodeIncident(bytes);
  if (!decoded.ok()) return false;
  if (Name(decoded->state).empty()) __builtin_trap();
  const std::string encoded = EncodeIncident(*decoded);
  auto again = DecodeIncident(encoded);
  if (!again.ok() || EncodeIncident(*again) != encoded) __builtin_trap();
  return true;
}

}  // namespace consentry::fuzz
