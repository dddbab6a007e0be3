// libFuzzer entry point for DelayHistogram::Decode and StatsCell::Decode (the report aggregate
// cells that hold such histograms); the invariants are in state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/honouring_delays_fuzz -max_len=256 /tmp/honouring-delays-corpus \
//       fuzz/corpus/honouring_delays

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  consentry::fuzz::CheckDelayHistogramBytes(bytes);
  consentry::fuzz::CheckStatsCellBytes(bytes);
  return 0;
}
