// libFuzzer entry point for VerifyAuditExport (`consentry audit verify`); the invariant is in
// audit_export_checks.cc.
//
//   build-fuzz/fuzz/audit_export_fuzz -max_len=8192 /tmp/audit-corpus fuzz/corpus/audit_export

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/audit_export_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckAuditExportBytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
