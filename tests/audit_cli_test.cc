// consentry keys generate and consentry audit verify, as a person uses them: a key pair on disk,
// an audit log export checked offline, one changed byte found at its line.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "alerts/audit_log.h"
#include "tests/cli_fixture.h"

namespace consentry {
namespace {

class AuditCliTest : public testing::CliFixture {
 protected:
  // An export of `n` entries signed with the private key in `key`.
  std::string WriteExport(const std::string& name, const std::string& key, int n) {
    AuditChain chain;
    std::ofstream out(Path(name));
    for (int i = 0; i < n; ++i) {
      out << ExportLine(chain.Append(i % 2 ? "action" : "alert",
                                     R"({"n":)" + std::to_string(i) + "}",
                                     FromMicros(1772704800000000LL + i * 1000000LL)))
          << "\n";
    }
    out << ExportHeadLine(chain.Sign(testing::ReadFile(Path(key))).value()) << "\n";
    return Path(name);
  }
};

TEST_F(AuditCliTest, GeneratedKeysSignAnExportThatVerifiesUntilAByteChanges) {
  auto keys = Consentry(
      {"keys", "generate", "--private-out", Path("audit.key"), "--public-out", Path("audit.pub")});
  ASSERT_EQ(keys.exit_code, 0) << keys.err;
  struct stat st {};
  ASSERT_EQ(::stat(Path("audit.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Never overwritten.
  auto again = Consentry(
      {"keys", "generate", "--private-out", Path("audit.key"), "--public-out", Path("other.pub")});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("an existing key is never overwritten"), std::string::npos);

  const std::string log = WriteExport("audit.jsonl", "audit.key", 5);
  auto ok = Consentry({"audit", "verify", "--input", log, "--public-key", Path("audit.pub")});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, log + ": OK, 5 entries, the head signed by this key\n");

  // One byte of entry 4 changed (its payload's digit).
  std::string text = testing::ReadFile(log);
  const size_t at = text.find(R"({\"n\":3})");
  ASSERT_NE(at, std::string::npos);
  text[at + 7] = '7';
  std::ofstream(log, std::ios::trunc) << text;
  auto bad = Consentry({"audit", "verify", "--input", log, "--public-key", Path("audit.pub")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find(log + ":4: entry 4: its hash does not match its content (the 3 "
                               "entries before it are intact)"),
            std::string::npos)
      << bad.err;

  // Another key's signature.
  ASSERT_EQ(
      Consentry({"keys", "generate", "--private-out", Path("b.key"), "--public-out", Path("b.pub")})
          .exit_code,
      0);
  const std::string other = WriteExport("other.jsonl", "b.key", 2);
  auto wrong = Consentry({"audit", "verify", "--input", other, "--public-key", Path("audit.pub")});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find(":3: the head's signature"), std::string::npos) << wrong.err;
}

TEST_F(AuditCliTest, MissingFilesAndUsageAreClearErrors) {
  auto usage = Consentry({"audit", "check"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("consentry audit verify --input"), std::string::npos) << usage.err;
  auto missing = Consentry(
      {"audit", "verify", "--input", Path("none.jsonl"), "--public-key", Path("none.pub")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("none.jsonl: cannot open"), std::string::npos) << missing.err;
  auto flag = Consentry({"keys", "generate", "--private-out", Path("k")});
  EXPECT_EQ(flag.exit_code, 2);
}

}  // namespace
}  // namespace consentry
