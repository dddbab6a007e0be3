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
  if (role != "viewer" && role != "reviewer" && role != "regulator" && role != "admin") {
    return InvalidArgument("--role must be viewer, reviewer, regulator or admin");
  }
  std::ifstream random("/dev/urandom", std::ios::binary);
  unsigned char bytes[32];
  if (!random.read(reinterpret_cast<char*>(bytes), sizeof(bytes))) {
    return Unavailable("cannot read /dev/urandom");
  }
  const std::string token =
      HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
  std::printf("token: %s\n(give it to %s; it is not stored anywhere)\n"
              "config, under serve.tokens:\n    - {name: %s, role: %s, sha256: %s}\n",
              token.c_str(), name.c_str(), name.c_str(), role.c_str(), Sha256Hex(token).c_str());
  return Status::Ok();
}

}  // namespace

int KeysCommand(const Args& args) {
  if (!args.empty() && args[0] == "token") {
    auto flags = Flags::Parse(Args(args.begin() + 1, args.end()),
                              FlagSpec{.required = {"name", "role"}});
    if (!flags.ok()) return Fail("keys", flags.status(), /*usage=*/true);
    const Status s = MakeToken(*flags);
    return s.ok() ? 0 : Fail("keys", s, s.code() == StatusCode::kInvalidArgument);
  }
  if (args.empty() || args[0] != "generate") {
    return Fail("keys",
                InvalidArgument("usage: consentry keys generate --private-out FILE "
                                "--public-out FILE, or consentry keys token --name NAME --role "
                                "ROLE"),
                true);
  }
  auto flags = Flags::Parse(Args(args.begin() + 1, args.end()),
                            FlagSpec{.required = {"private-out", "public-out"}});
  if (!flags.ok()) return Fail("keys", flags.status(), /*usage=*/true);
  const Status s = GenerateKeys(*flags);
  return s.ok() ? 0 : Fail("keys", s);
}

int AuditCommand(const Args& args) {
  if (args.empty() || args[0] != "verify") {
    return Fail("audit",
                InvalidArgument("usage: consentry audit verify --input EXPORT.jsonl "
                                "--public-key FILE"),
                true);
  }
  auto flags = Flags::Parse(Args(args.begin() + 1, args.end()),
                            FlagSpec{.required = {"input", "public-key"}});
  if (!flags.ok()) return Fail("audit", flags.status(), /*usage=*/true);
  const std::string input = flags->Get("input");
  auto text = ReadWholeFile(input);
  if (!text.ok()) return Fail("audit", text.status());
  auto key = ReadWholeFile(flags->Get("public-key"));
  if (!key.ok()) return Fail("audit", key.status());
  const AuditCheck check = VerifyAuditExport(*text, *key);
  if (!check.ok) {
    const std::string intact = check.entries == 1 ? "the entry before it is intact"
                                                  : "the " + std::to_string(check.entries) +
                                                        " entries before it are intact";
    return Fail("audit", FailedPrecondition(input + ":" + std::to_string(check.bad_line) + ": " +
                                            check.problem + " (" + intact + ")"));
  }
  std::printf("%s: OK, %lld entries, the head signed by this key\n", input.c_str(),
              static_cast<long long>(check.entries));
  return 0;
}

}  // namespace consentry
