#pragma once
// The invariant the alert fuzzer checks (and alert_corpus_test replays): any bytes either fail
// to decode with a Status, or decode to an alert whose JSON decodes to the same JSON again.
// Returns whether the bytes decoded; traps on a broken invariant.

#include <string_view>

namespace consentry::fuzz {

bool CheckAlertBytes(std::string_view bytes);

}  // namespace consentry::fuzz
