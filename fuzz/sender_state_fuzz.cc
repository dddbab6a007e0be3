// libFuzzer entry point for the sender detectors' state (sender.velocity, content.fanout,
// complaint.rate: codecs and Restore); the invariants are in sender_state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/sender_state_fuzz -max_len=8192 /tmp/sender-state-corpus \
//       fuzz/corpus/sender_state

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/sender_state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckSenderStateBytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
