// libFuzzer entry point for FrequencyWindow::Decode (frequency.cap counters and the merge operands
// of family windows); the invariants are in state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/frequency_window_fuzz -max_len=4096 /tmp/frequency-window-corpus \
//       fuzz/corpus/frequency_window

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckFrequencyWindowBytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
