#include "core/digest.h"

#include <openssl/evp.h>

#include "core/status.h"

namespace consentry {

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const int ok = EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  CONSENTRY_CHECK(ok == 1 && len == 32);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (unsigned i = 0; i < 32; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 0xF];
  }
  return out;
}

}  // namespace consentry
