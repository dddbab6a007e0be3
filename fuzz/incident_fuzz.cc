// libFuzzer entry point for DecodeIncident (the incidents `serve` stores); the invariant is in
// incident_checks.cc.
//
//   build-fuzz/fuzz/incident_fuzz -max_len=4096 /tmp/incident-corpus fuzz/corpus/incident

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/incident_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckIncidentBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
