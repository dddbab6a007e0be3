// libFuzzer entry point for the report decoders: DecodeManifest (a report directory's signed
// manifest, read by `consentry verify`) and DecodeStatsRecord (the stats.v1 aggregates `consentry
// report` reads); the invariants are in manifest_checks.cc.
//
//   build-fuzz/fuzz/manifest_fuzz -max_len=4096 /tmp/manifest-corpus fuzz/corpus/manifest

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/manifest_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  consentry::fuzz::CheckManifestBytes(bytes);
  consentry::fuzz::CheckStatsRecordBytes(bytes);
  return 0;
}
