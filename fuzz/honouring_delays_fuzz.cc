// libFuzzer entry point for DelayHistogram::Decode; the invariants are in state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/honouring_delays_fuzz -max_len=256 /tmp/honouring-delays-corpus \
//       fuzz/corpus/honouring_delays

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckDelayHistogramBytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
