// consentry keys generate, keys token and audit verify: the Ed25519 key pair that signs the
// audit log's head (and reports), a bearer token for `serve`'s API, and the offline check of an
// audit log export (alerts/audit_log.h).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "alerts/audit_log.h"
#include "app/command_util.h"
#include "app/commands.h"
#include "core/digest.h"
#include "core/signing.h"

namespace consentry {
namespace {

// Writes a new file (never replaces one: an old private key may still be needed to check what
// it signed) with `mode`.
Status WriteNew(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return FailedPrecondition(path + ": cannot create (" + std::strerror(errno) +
                              "); an existing key is never overwritten, choose another path");
  }
  const ssize_t written = ::write(fd, text.data(), text.size());
  const bool ok = written == static_cast<ssize_t>(text.size()) && ::close(fd) == 0;
  if (!ok) return Unavailable(path + ": writing failed: " + std::strerror(errno));
  return Status::Ok();
}

Status GenerateKeys(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(const std::string private_path, flags.Required("private-out"));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string public_path, flags.Required("public-out"));
  CONSENTRY_ASSIGN_OR_RETURN(const Ed25519KeyPair keys, GenerateEd25519KeyPair());
  CONSENTRY_RETURN_IF_ERROR(WriteNew(private_path, keys.private_pem, 0600));
  CONSENTRY_RETURN_IF_ERROR(WriteNew(public_path, keys.public_pem, 0644));
  std::printf("private key: %s (keep it secret; mode 0600)\npublic key:  %s\n",
              private_path.c_str(), public_path.c_str());
  return Status::Ok();
}

// 32 random bytes as hex: the token; its SHA-256 is what the config keeps.
Status MakeToken(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(const std::string name, flags.Required("name"));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string role, flags.Required("role"));
  std::ifstream random("/dev/urandom", std::ios::binary);
  unsigned char bytes[32];
  if (!random.read(reinterpret_cast<char*>(bytes), sizeof(bytes))) {
    return Unavailable("cannot read /dev/urandom");
  }
  const std::string token =
      HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
  std::printf(
      "token: %s\n(give it to %s; it is not stored anywhere)\n"
      "config, under serve.tokens:\n    - {name: %s, role: %s, sha256: %s}\n",
      token.c_str(), name.c_str(), name.c_str(), role.c_str(), Sha256Hex(token).c_str());
  return Status::Ok();
}

Status VerifyAudit(const Flags& flags) {
  const std::string input = flags.Get("input");
  CONSENTRY_ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(input));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string key, ReadWholeFile(flags.Get("public-key")));
  const AuditCheck check = VerifyAuditExport(text, key);
  if (!check.ok) {
    const std::string intact = check.entries == 1 ? "the entry before it is intact"
                                                  : "the " + std::to_string(check.entries) +
                                                        " entries before it are intact";
    return FailedPrecondition(input + ":" + std::to_string(check.bad_line) + ": " + check.problem +
                              " (" + intact + ")");
  }
  std::printf("%s: OK, %lld entries, the head signed by this key\n", input.c_str(),
              static_cast<long long>(check.entries));
  return Status::Ok();
}

}  // namespace

Command KeysGenerateCommand() {
  return {.spec = {.name = "keys generate",
                   .summary = "Make a new Ed25519 key pair (PEM) for signing the audit log's head: "
                              "the private key for serve's config, the public key for whoever "
                              "checks an export. Never overwrites a file.",
                   .flags = {{.name = "private-out",
                              .value_name = "FILE",
                              .help = "where the private key goes (mode 0600)",
                              .required = true},
                             {.name = "public-out",
                              .value_name = "FILE",
                              .help = "where the public key goes",
                              .required = true}}},
          .run = ExitZero(GenerateKeys)};
}

Command KeysTokenCommand() {
  return {
      .spec = {.name = "keys token",
               .summary = "Make a new bearer token for serve's API and print it with the "
                          "config line that grants it (the config keeps only its SHA-256).",
               .flags = {{.name = "name",
                          .value_name = "NAME",
                          .help = "who holds the token; audit entries of its actions name it",
                          .required = true},
                         {.name = "role",
                          .value_name = "ROLE",
                          .help = "what the token may do (docs/api.md lists each role's routes)",
                          .required = true,
                          .choices = {"viewer", "reviewer", "regulator", "admin"}}}},
      .run = ExitZero(MakeToken)};
}

Command AuditVerifyCommand() {
  return {.spec = {.name = "audit verify",
                   .summary = "Check an audit log export offline: every entry's hash link and the "
                              "signed head. Names the first bad line.",
                   .flags = {{.name = "input",
                              .value_name = "FILE",
                              .help = "the export (GET /api/audit), JSON lines",
                              .required = true},
                             {.name = "public-key",
                              .value_name = "FILE",
                              .help = "the public key (PEM) the head must be signed with",
                              .required = true}}},
          .run = ExitZero(VerifyAudit)};
}

}  // namespace consentry
