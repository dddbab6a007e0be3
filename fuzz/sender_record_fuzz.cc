// libFuzzer entry point for DecodeSenderRecord (records of consentry.by-sender); the invariant
// is in sender_record_checks.cc.
//
//   build-fuzz/fuzz/sender_record_fuzz -max_len=256 /tmp/sender-record-corpus \
//       fuzz/corpus/sender_record

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/sender_record_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckSenderRecordBytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
