#pragma once
// The contract the config fuzzer checks (and config_corpus_test replays) on any text given as a
// configuration file: ParseConfig never throws or crashes; a rejection names the file (every
// message starts with it, so a person knows where to look); an accepted config builds every
// detector it enabled (their factories validated the parameters once, at load). Returns whether
// the text was accepted; traps on a broken contract.

#include <string_view>

namespace consentry::fuzz {

bool CheckConfigText(std::string_view text);

}  // namespace consentry::fuzz
