#pragma once
// The invariant the incident fuzzer checks (and incident_corpus_test replays): any bytes either
// fail to decode with a Status, or decode to an incident whose encoding decodes to the same
// encoding again. Returns whether the bytes decoded; traps on a broken invariant.

#include <string_view>

namespace consentry::fuzz {

bool CheckIncidentBytes(std::string_view bytes);

}  // namespace consentry::fuzz
