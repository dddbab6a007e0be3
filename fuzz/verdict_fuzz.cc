// libFuzzer entry point for Verdict::Decode (and DecodeOutbound, for the message inside it); the
// invariants are in state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/verdict_fuzz -max_len=4096 /tmp/verdict-corpus fuzz/corpus/verdict

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckVerdictBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
