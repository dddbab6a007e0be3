// libFuzzer entry point for ApplyChangelogRecord (restore from consentry.changelog); the input
// layout and the invariants are in state_fuzz_checks.h.
//
//   build-fuzz/fuzz/changelog_record_fuzz -max_len=512 /tmp/changelog-corpus \
//       fuzz/corpus/changelog_record

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckChangelogRecordBytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
