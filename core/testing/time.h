#pragma once
// Times for tests.

#include <string_view>

#include "core/time.h"

namespace consentry::testing {

// The instant an RFC 3339 text names; the text must be valid.
inline Timestamp At(std::string_view rfc3339) { return ParseRfc3339(rfc3339).value(); }

}  // namespace consentry::testing
