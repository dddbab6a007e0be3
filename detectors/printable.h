#pragma once
// Printable: input text made safe to show a person, in alert reason sentences and in
// `consentry explain`. Every reason builder passes the ids and words it quotes from a record
// (tenant, campaign, sender, purpose, source, ...) through it.
//
// The decoder already rejects C0 control characters, but ids are otherwise any valid UTF-8, and
// some valid characters change how text around them reads without being seen: a right-to-left
// override (U+202E) can make "acme" display as "emca" or reorder the rest of a sentence,
// zero-width characters make two different ids look the same. JSON escaping does not help: the
// characters are valid JSON and a viewer renders them. So these are written as escapes a
// reviewer can see:
//   - C0 and C1 control characters and DEL, as \u0000..\u009f;
//   - bidirectional controls U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069;
//   - invisible and zero-width characters U+180E, U+200B..U+200D, U+2028, U+2029,
//     U+2060..U+2064, U+206A..U+206F, U+FEFF, U+FFF9..U+FFFB, and the tag characters
//     U+E0000..U+E007F, as \uXXXX or \U000XXXXX;
//   - a byte that is not part of valid UTF-8, as \xNN.
// Everything else passes unchanged, backslashes included, so Printable is idempotent: a
// sentence built from Printable pieces can go through it again (explain does) unchanged. Alert
// ids, evidence and the alert's own id fields keep the raw ids: only text for people is
// escaped.

#include <string>
#include <string_view>

namespace consentry {

std::string Printable(std::string_view text);

}  // namespace consentry
