// libFuzzer entry point for DecodeCampaign; the invariants are in state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/campaign_fuzz -max_len=1024 /tmp/campaign-corpus fuzz/corpus/campaign

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckCampaignBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
