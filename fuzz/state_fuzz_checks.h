#pragma once
// The invariants the state fuzzers check on every input, shared by the libFuzzer entry points
// (ledger_fuzz.cc, campaign_fuzz.cc) and state_decoders_corpus_test, which replays the seed
// corpora in every ctest run.
//
// Each function decodes arbitrary bytes and returns whether the decoder accepted them. It never
// returns on a violated invariant: it prints what broke and traps, which libFuzzer reports as a
// crash with the input attached.

#include <string_view>

namespace consentry::fuzz {

// ConsentLedger::Decode. On success: decisions are strictly ordered by (recorded_at, event_id)
// with no event_id twice; Encode() decodes again to the same encoding; and inserting the
// decisions one by one, in reverse, builds a ledger with that same encoding.
bool CheckLedgerBytes(std::string_view bytes);

// DecodeCampaign. On success: EncodeCampaign() decodes again to the same encoding.
bool CheckCampaignBytes(std::string_view bytes);

}  // namespace consentry::fuzz
