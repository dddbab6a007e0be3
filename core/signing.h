#pragma once
// Ed25519 signatures (OpenSSL) for what consentry signs: the audit log's head, and reports.
// Keys travel as PEM text: the private key PKCS#8, the public key SubjectPublicKeyInfo, so
// `openssl pkey` reads both. Signatures are 64 bytes, written as lower-case hex.

#include <string>
#include <string_view>

#include "core/status.h"

namespace consentry {

struct Ed25519KeyPair {
  std::string private_pem;
  std::string public_pem;
};

StatusOr<Ed25519KeyPair> GenerateEd25519KeyPair();

// The public key of a private one (to check a key pair belongs together).
StatusOr<std::string> Ed25519PublicOf(std::string_view private_pem);

// Hex of the signature of `message`. InvalidArgument when the PEM is no Ed25519 private key.
StatusOr<std::string> Ed25519SignHex(std::string_view private_pem, std::string_view message);

// Ok when `signature_hex` is `message` signed by the key of `public_pem`; InvalidArgument when
// the PEM is no Ed25519 public key; FailedPrecondition when the signature does not match.
Status Ed25519VerifyHex(std::string_view public_pem, std::string_view message,
                        std::string_view signature_hex);

}  // namespace consentry
