#pragma once
// SHA-256 for deterministic identifiers (alert ids) and integrity checks.

#include <string>
#include <string_view>

namespace consentry {

// Lower-case hex of `bytes`, and back (false on an odd length or a character that is not
// lower-case hex).
std::string HexEncode(std::string_view bytes);
bool HexDecode(std::string_view hex, std::string* bytes);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// The 32 raw bytes of HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

// Standard base64 (RFC 4648, with padding).
std::string Base64Encode(std::string_view bytes);
// False on anything that is not standard padded base64.
bool Base64Decode(std::string_view text, std::string* bytes);

}  // namespace consentry
