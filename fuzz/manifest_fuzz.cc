// libFuzzer entry point for DecodeManifest (a report directory's signed manifest, read by
// `consentry verify`); the invariant is in manifest_checks.cc.
//
//   build-fuzz/fuzz/manifest_fuzz -max_len=4096 /tmp/manifest-corpus fuzz/corpus/manifest

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/manifest_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckManifestBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
