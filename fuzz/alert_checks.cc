#include "fuzz/alert_checks.h"

#include "alerts/alert_decode.h"

namespace consentry::fuzz {

bool CheckAlertBytes(std::string_view bytes) {
  auto decoded = DecodeAlert(bytes);
  if (!decoded.ok()) return false;
  const std::string json = ToJson(*decoded);
  auto again = DecodeAlert(json);
  if (!again.ok() || ToJson(*again) != json) __builtin_trap();
  return true;
}

}  // namespace consentry::fuzz
