#include "fuzz/manifest_checks.h"

#include "reports/manifest.h"

namespace consentry::fuzz {

bool CheckManifestBytes(std::string_view bytes) {
  auto decoded = DecodeManifest(bytes);
  if (!decoded.ok()) return false;
  auto again = DecodeManifest(EncodeManifest(*decoded));
  if (!again.ok() || !(*again == *decoded)) __builtin_trap();
  return true;
}

}  // namespace consentry::fuzz
