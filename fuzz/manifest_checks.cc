#include "fuzz/manifest_checks.h"

#include "reports/manifest.h"
#include "reports/stats_record.h"

namespace consentry::fuzz {

bool CheckManifestBytes(std::string_view bytes) {
  auto decoded = DecodeManifest(bytes);
  if (!decoded.ok()) return false;
  auto again = DecodeManifest(EncodeManifest(*decoded));
  if (!again.ok() || !(*again == *decoded)) __builtin_trap();
  return true;
}

bool CheckStatsRecordBytes(std::string_view bytes) {
  auto row = DecodeStatsRecord(bytes);
  if (!row.ok()) return false;
  int64_t buckets = 0;
  for (int64_t b : row->honoured_buckets) buckets += b;
  if (row->ai_disclosed > row->ai_generated || row->ai_generated > row->screened ||
      buckets != row->honoured_count || row->honoured_max_us > row->honoured_total_us) {
    __builtin_trap();
  }
  for (const auto& [detector, count] : row->violations) {
    if (count < 1) __builtin_trap();
  }
  return true;
}

}  // namespace consentry::fuzz
