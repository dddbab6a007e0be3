// libFuzzer entry point for DecodeAlert (alert.v1 records `serve` consumes) and QuotedDecisions
// (the consent decisions their evidence quotes); the invariants are in alert_checks.cc.
//
//   build-fuzz/fuzz/alert_fuzz -dict=fuzz/alert.dict -max_len=4096 /tmp/alert-corpus \
//       fuzz/corpus/alert

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/alert_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckAlertBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
