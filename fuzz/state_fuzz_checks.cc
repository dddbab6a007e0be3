#include "fuzz/state_fuzz_checks.h"

#include <cstdio>
#include <set>
#include <string>
#include <tuple>

#include "core/status.h"
#include "state/campaign_codec.h"
#include "state/consent_ledger.h"

namespace consentry::fuzz {
namespace {

// A trap, not an exception or exit(): libFuzzer and the sanitizers report it as a crash and
// save the input. The message says which invariant broke.
[[noreturn]] void Violated(const char* invariant) {
  std::fprintf(stderr, "state fuzz invariant violated: %s\n", invariant);
  __builtin_trap();
}

#define FUZZ_INVARIANT(cond)      \
  do {                            \
    if (!(cond)) Violated(#cond); \
  } while (0)

bool StrictlyOrdered(const ConsentLedger& ledger) {
  const auto& d = ledger.decisions();
  for (size_t i = 1; i < d.size(); ++i) {
    if (!(std::tie(d[i - 1].recorded_at, d[i - 1].event_id) <
          std::tie(d[i].recorded_at, d[i].event_id))) {
      return false;
    }
  }
  return true;
}

bool UniqueEventIds(const ConsentLedger& ledger) {
  std::set<std::string_view> ids;
  for (const ConsentEvent& d : ledger.decisions()) {
    if (!ids.insert(d.event_id.value()).second) return false;
  }
  return true;
}

}  // namespace

bool CheckLedgerBytes(std::string_view bytes) {
  StatusOr<ConsentLedger> first = ConsentLedger::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  FUZZ_INVARIANT(StrictlyOrdered(*first));
  FUZZ_INVARIANT(UniqueEventIds(*first));

  // Not `encoded == bytes`: the input may spell a varint with redundant bytes, which decodes
  // fine and re-encodes shorter. The canonical encoding must be a fixed point.
  const std::string encoded = first->Encode();
  StatusOr<ConsentLedger> second = ConsentLedger::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->decisions().size() == first->decisions().size());
  FUZZ_INVARIANT(StrictlyOrdered(*second));
  FUZZ_INVARIANT(second->Encode() == encoded);

  // Insert must place every decision where Decode expects it, whatever the arrival order.
  ConsentLedger rebuilt;
  const auto& decisions = first->decisions();
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    FUZZ_INVARIANT(rebuilt.Insert(*it));
  }
  if (!decisions.empty()) FUZZ_INVARIANT(!rebuilt.Insert(decisions.front()));
  FUZZ_INVARIANT(rebuilt.Encode() == encoded);
  return true;
}

bool CheckCampaignBytes(std::string_view bytes) {
  StatusOr<CampaignDeclaration> first = DecodeCampaign(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  const std::string encoded = EncodeCampaign(*first);
  StatusOr<CampaignDeclaration> second = DecodeCampaign(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->campaign_id == first->campaign_id);
  FUZZ_INVARIANT(second->channels.has_value() == first->channels.has_value());
  FUZZ_INVARIANT(EncodeCampaign(*second) == encoded);
  return true;
}

}  // namespace consentry::fuzz
