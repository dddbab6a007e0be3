// libFuzzer entry point for ConsentLedger::Decode; the invariants are in state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/ledger_fuzz -max_len=4096 /tmp/ledger-corpus fuzz/corpus/ledger

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckLedgerBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
