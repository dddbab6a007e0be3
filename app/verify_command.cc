// consentry verify: checks a signed report directory offline (reports/manifest.h).

#include <cstdio>

#include "app/command_util.h"
#include "app/commands.h"
#include "reports/manifest.h"

namespace consentry {
namespace {

Status Verify(const Flags& flags) {
  const std::string dir = flags.Get("dir");
  CONSENTRY_ASSIGN_OR_RETURN(const std::string key, ReadWholeFile(flags.Get("public-key")));
  CONSENTRY_RETURN_IF_ERROR(VerifyDirectory(dir, key));
  std::printf("%s: OK, every file as signed, by this key\n", dir.c_str());
  return Status::Ok();
}

}  // namespace

Command VerifyCommand() {
  return {.spec = {.name = "verify",
                   .summary = "Check a signed report directory offline: its manifest's Ed25519 "
                              "signature and every file's SHA-256. Names the first file that "
                              "changed, is missing or was added, or the key that signed instead.",
                   .flags = {{.name = "dir",
                              .value_name = "DIR",
                              .help = "the report directory (it holds MANIFEST.json)",
                              .required = true},
                             {.name = "public-key",
                              .value_name = "FILE",
                              .help = "the public key (PEM) the report must be signed with",
                              .required = true}}},
          .run = ExitZero(Verify)};
}

}  // namespace consentry
