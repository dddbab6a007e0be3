#include "fuzz/audit_export_checks.h"

#include "alerts/audit_log.h"
#include "alerts/audit_store.h"

namespace consentry::fuzz {

bool CheckAuditExportBytes(std::string_view bytes) {
  static constexpr std::string_view kPublicPem =
      "-----BEGIN PUBLIC KEY-----\n"
      "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
      "-----END PUBLIC KEY-----\n";
  // The same bytes as a stored entry: decoded, it encodes back to the same bytes.
  if (auto entry = DecodeAuditEntry(bytes); entry.ok()) {
    const std::string encoded = EncodeAuditEntry(*entry);
    auto again = DecodeAuditEntry(encoded);
    if (!again.ok() || EncodeAuditEntry(*again) != encoded) __builtin_trap();
  }
  const AuditCheck check = VerifyAuditExport(bytes, kPublicPem);
  if (check.ok && (check.bad_line != 0 || check.entries < 0)) __builtin_trap();
  if (!check.ok && (check.bad_line <= 0 || check.problem.empty())) __builtin_trap();
  return check.ok;
}

}  // namespace consentry::fuzz
