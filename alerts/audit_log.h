#pragma once
// The audit log (design section 6): every alert `serve` receives and every action a reviewer
// takes, appended to a hash chain. Entry n's hash covers its sequence number, time, kind,
// payload and entry n-1's hash, so changing, removing or reordering any entry breaks every
// hash after it; the head (the last sequence number and hash) is signed with Ed25519, so the
// chain cannot be rewritten whole without the private key either.
//
// The export (`consentry audit verify` reads it offline) is JSON Lines: one object per entry,
//   {"seq":1,"at":"2026-03-05T10:00:00Z","kind":"alert","payload":"{...}","prev":"00..00",
//    "hash":"..."}
// the payload being the entry's JSON as a string (so its bytes are exactly the hashed ones),
// then one last line with the signed head:
//   {"head":{"seq":N,"hash":"...","signature":"..."}}
// The hash of an entry is the hex SHA-256 of
//   "consentry audit v1\n" seq "\n" at "\n" kind "\n" prev "\n" payload
// and the signature covers "consentry audit head v1\n" seq "\n" hash.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace consentry {

struct AuditEntry {
  int64_t seq = 0;  // from 1
  Timestamp at;
  std::string kind;     // "alert", "action", ...
  std::string payload;  // a JSON document
  std::string prev;     // the previous entry's hash; 64 zeros before the first
  std::string hash;
};

struct SignedHead {
  int64_t seq = 0;
  std::string hash;
  std::string signature;  // hex Ed25519 over HeadMessage
};

std::string AuditEntryHash(int64_t seq, Timestamp at, std::string_view kind,
                           std::string_view prev, std::string_view payload);
std::string HeadMessage(int64_t seq, std::string_view hash);

// Appends entries; resumes after `last` (a default entry: an empty chain).
class AuditChain {
 public:
  explicit AuditChain(const AuditEntry& last = {}) : seq_(last.seq), hash_(HeadHash(last)) {}

  AuditEntry Append(std::string kind, std::string payload, Timestamp at);
  // The head signed with `private_pem` (core/signing.h).
  StatusOr<SignedHead> Sign(std::string_view private_pem) const;

  int64_t seq() const { return seq_; }
  const std::string& hash() const { return hash_; }

 private:
  static std::string HeadHash(const AuditEntry& last);
  int64_t seq_;
  std::string hash_;
};

std::string ExportLine(const AuditEntry& entry);
std::string ExportHeadLine(const SignedHead& head);

struct AuditCheck {
  bool ok = false;
  int64_t entries = 0;     // entries read and found intact before the verdict
  int64_t bad_line = 0;    // 1-based line of the first problem; 0 when ok
  std::string problem;     // what is wrong there
};

// Checks an export: every line well formed, sequence numbers from 1 without gaps, each `prev`
// the hash before it, each hash recomputed from its entry, and the last line a head that names
// the last entry and is signed by `public_pem`. Never crashes on any input (fuzz/).
AuditCheck VerifyAuditExport(std::string_view text, std::string_view public_pem);

}  // namespace consentry
