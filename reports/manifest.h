#pragma once
// The signed manifest of a report directory (MANIFEST.json): every file's SHA-256, signed with
// Ed25519 (core/signing.h), so a regulator checks a report offline with the company's public key
// (`consentry verify`) and learns which file changed, if any.
//
//   {"schema":"consentry.manifest.v1",
//    "files":[{"path":"report.csv","sha256":"..."},{"path":"report.html","sha256":"..."}],
//    "public_key_sha256":"...","signature":"<hex>"}
//
// The signature covers "consentry manifest v1\n" followed by "<path>\t<sha256>\n" for each file
// in path order, so `sha256sum` and `openssl pkeyutl -verify -rawin` can check a report without
// consentry. `public_key_sha256` is the SHA-256 of the signing key's public PEM: it tells which
// key signed, not whether the signature holds. A directory is flat: the manifest lists regular
// files only, by name.

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace consentry {

inline constexpr char kManifestName[] = "MANIFEST.json";

struct ManifestEntry {
  std::string path;    // a file name in the directory
  std::string sha256;  // lower-case hex

  friend bool operator==(const ManifestEntry&, const ManifestEntry&) = default;
};

struct Manifest {
  std::vector<ManifestEntry> files;  // in path order
  std::string public_key_sha256;
  std::string signature;  // hex

  friend bool operator==(const Manifest&, const Manifest&) = default;
};

// What the signature covers.
std::string ManifestSignedText(const std::vector<ManifestEntry>& files);

std::string EncodeManifest(const Manifest& manifest);
// Strict: the schema, every field, hex of the right length, file names without '/', control
// characters or duplicates, in path order. InvalidArgument naming what is wrong. Never crashes
// on any input (fuzz/manifest_fuzz.cc).
StatusOr<Manifest> DecodeManifest(std::string_view json);

// Hashes every regular file of `dir` (but a manifest already there), signs the list with
// `private_pem` and writes MANIFEST.json. FailedPrecondition for a subdirectory or a name the
// manifest cannot hold.
Status SignDirectory(const std::string& dir, std::string_view private_pem);

// Checks `dir` against its manifest and `public_pem`. FailedPrecondition naming the first
// problem: no or a malformed manifest, a signature that does not match (the manifest was changed,
// or another key signed it: the message says which key did), a listed file missing or changed,
// a file the manifest does not list.
Status VerifyDirectory(const std::string& dir, std::string_view public_pem);

}  // namespace consentry
