#pragma once
// The invariant the incident fuzzer checks (and incident_corpus_test replays): any bytes either
// fail to decode with a Status, or decode to an incident whose encoding decodes to the same
// encoding again; the same for the bytes read as a stored alert placement and as a queued
// webhook message. Returns whether the bytes decoded as an incident; traps on a broken
// invariant.

#include <string_view>

namespace consentry::fuzz {

bool CheckIncidentBytes(std::string_view bytes);

}  // namespace consentry::fuzz
