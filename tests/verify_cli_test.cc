// consentry verify as a regulator uses it: a signed report directory checked offline with the
// public key; one changed byte of any file, an added file, or another key's signature fails and
// is named. The directory is signed with the key pair `consentry keys generate` writes.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "reports/manifest.h"
#include "tests/cli_fixture.h"

namespace consentry {
namespace {

class VerifyCliTest : public testing::CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    std::filesystem::create_directories(dir_ / "report");
    for (const char* key : {"a", "b"}) {
      auto keys = Consentry({"keys", "generate", "--private-out", Path(std::string(key) + ".key"),
                             "--public-out", Path(std::string(key) + ".pub")});
      ASSERT_EQ(keys.exit_code, 0) << keys.err;
    }
    std::ofstream(Path("report/report.html")) << "<h1>Q1</h1>";
    std::ofstream(Path("report/report.csv")) << "detector,count\n";
    ASSERT_TRUE(SignDirectory(Path("report"), testing::ReadFile(Path("a.key"))).ok());
  }
  testing::ProcessResult Verify(const std::string& key) {
    return Consentry({"verify", "--dir", Path("report"), "--public-key", Path(key)});
  }
};

TEST_F(VerifyCliTest, PassesUntouchedAndNamesWhatChanged) {
  auto ok = Verify("a.pub");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, Path("report") + ": OK, every file as signed, by this key\n");

  std::ofstream(Path("report/report.csv"), std::ios::trunc) << "detector,count!";
  auto changed = Verify("a.pub");
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.err.find(Path("report/report.csv") + ": changed since it was signed"),
            std::string::npos)
      << changed.err;
  std::ofstream(Path("report/report.csv"), std::ios::trunc) << "detector,count\n";

  auto other = Verify("b.pub");
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("another key signed it"), std::string::npos) << other.err;

  std::ofstream(Path("report/notes.txt")) << "added";
  auto added = Verify("a.pub");
  EXPECT_EQ(added.exit_code, 1);
  EXPECT_NE(added.err.find(Path("report/notes.txt") + ": not in the signed manifest"),
            std::string::npos)
      << added.err;

  auto no_key = Verify("missing.pub");
  EXPECT_EQ(no_key.exit_code, 1);
  EXPECT_NE(no_key.err.find("missing.pub"), std::string::npos) << no_key.err;
  EXPECT_EQ(Consentry({"verify", "--dir", Path("report")}).exit_code, 2);
}

}  // namespace
}  // namespace consentry
