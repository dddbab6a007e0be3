#pragma once
// Times for tests.

#include <gtest/gtest.h>

#include <string_view>

#include "core/time.h"

namespace consentry::testing {

// The instant an RFC 3339 text names. A text that does not parse fails the test (naming it)
// and gives the epoch.
inline Timestamp At(std::string_view rfc3339) {
  const StatusOr<Timestamp> t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.ok()) << rfc3339;
  return t.ok() ? *t : Timestamp();
}

}  // namespace consentry::testing
