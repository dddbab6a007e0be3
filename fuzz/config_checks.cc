#include "fuzz/config_checks.h"

#include <string>

#include "app/config.h"
#include "app/config_file.h"
#include "core/status.h"

namespace consentry::fuzz {

bool CheckConfigText(std::string_view text) {
  // LoadConfig never hands ParseConfig more than this.
  if (text.size() > kMaxConfigBytes) return false;
  constexpr std::string_view kPath = "fuzz.yaml";
  const StatusOr<Config> config = ParseConfig(std::string(text), std::string(kPath));
  if (!config.ok()) {
    CONSENTRY_CHECK(config.status().message().starts_with(kPath));
    return false;
  }
  CONSENTRY_CHECK(MakeDetectors(*config).ok());
  CONSENTRY_CHECK(MakeSenderDetectors(*config).ok());
  const DecodeLimits& limits = config->decode_limits;
  CONSENTRY_CHECK(limits.max_string_bytes <= limits.max_record_bytes);
  CONSENTRY_CHECK(limits.max_depth >= 3 && limits.max_array_items >= 1);
  return true;
}

}  // namespace consentry::fuzz
