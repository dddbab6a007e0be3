#pragma once
// Reading UTF-8 one code point at a time, strictly: what is not well-formed UTF-8 (RFC 3629) is
// reported, never guessed at. Used where text from outside is shown to people (reason
// sentences, configuration errors).

#include <cstddef>
#include <string_view>

namespace consentry {

// The length (1 to 4) of the well-formed UTF-8 sequence at the start of `s`, with its code point
// in *c; 0 when `s` is empty or does not start with one: a stray continuation byte, a truncated
// sequence, an overlong form, a surrogate, a value past U+10FFFF.
size_t DecodeUtf8(std::string_view s, char32_t* c);

}  // namespace consentry
