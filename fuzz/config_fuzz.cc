// libFuzzer entry point for the configuration loader (app/config.h ParseConfig: YAML parsing
// and screening in app/yaml_load.cc, every section's reader); the contract is in
// config_checks.cc.
//
//   build-fuzz/fuzz/config_fuzz -dict=fuzz/config.dict -max_len=4096 /tmp/config-corpus \
//       fuzz/corpus/config

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/config_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckConfigText(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
