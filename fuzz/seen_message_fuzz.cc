// libFuzzer entry point for SeenMessage::Decode; the invariants are in state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/seen_message_fuzz -max_len=64 /tmp/seen-message-corpus fuzz/corpus/seen_message

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckSeenMessageBytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
