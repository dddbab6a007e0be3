#pragma once
// SHA-256 for deterministic identifiers (alert ids) and integrity checks.

#include <string>
#include <string_view>

namespace consentry {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace consentry
