#pragma once
// The invariants the sender-state fuzzer (sender_state_fuzz.cc) checks on every input, also
// replayed over its seed corpus by state_decoders_corpus_test.
//
// Input layout: byte 0 picks the detector (0 sender.velocity, 1 content.fanout, 2
// complaint.rate, modulo 3), then a varint-length-prefixed state key, then the state value (the
// rest). The function decodes key and value with that detector's codec and hands them to a fresh
// detector's Restore; it traps (never returns) when an invariant breaks.

#include <string_view>

namespace consentry::fuzz {

// On success of the codec: Encode is a fixed point (decode(encode(x)) encodes to the same
// bytes), Restore accepts exactly what the codec accepts, and the restored detector survives an
// Add, a Close far in the future and a TakeChanges whose values decode again.
// Returns whether the entry was accepted.
bool CheckSenderStateBytes(std::string_view bytes);

}  // namespace consentry::fuzz
