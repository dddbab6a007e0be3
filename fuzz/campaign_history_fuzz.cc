// libFuzzer entry point for CampaignHistory::Decode; the invariants are in state_fuzz_checks.cc.
//
//   build-fuzz/fuzz/campaign_history_fuzz -max_len=4096 /tmp/campaign-history-corpus \
//       fuzz/corpus/campaign_history

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  consentry::fuzz::CheckCampaignHistoryBytes(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
