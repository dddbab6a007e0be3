#include "app/output_paths.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace consentry {
namespace {

namespace fs = std::filesystem;

class OutputPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("output_paths_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "sub");
    std::ofstream(Path("in.jsonl")) << "{}\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(OutputPathsTest, SameFileSeesThroughSpellingsAndLinks) {
  EXPECT_TRUE(SameFile(Path("in.jsonl"), Path("sub/../in.jsonl")));
  fs::create_hard_link(Path("in.jsonl"), Path("hard.jsonl"));
  fs::create_symlink(Path("in.jsonl"), Path("soft.jsonl"));
  EXPECT_TRUE(SameFile(Path("in.jsonl"), Path("hard.jsonl")));
  EXPECT_TRUE(SameFile(Path("soft.jsonl"), Path("in.jsonl")));
  // Not created yet: compared as normalized absolute paths.
  EXPECT_TRUE(SameFile(Path("out.jsonl"), Path("sub/./../out.jsonl")));
  EXPECT_FALSE(SameFile(Path("out.jsonl"), Path("dlq.jsonl")));
  EXPECT_FALSE(SameFile(Path("in.jsonl"), Path("out.jsonl")));
}

TEST_F(OutputPathsTest, RefusesAnOutputThatIsTheInput) {
  const Status s = CheckDistinctFiles({{"input", Path("in.jsonl")},
                                       {"alerts-out", Path("sub/../in.jsonl")},
                                       {"dlq-out", ""}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("--input and --alerts-out name the same file"), std::string::npos)
      << s.message();
}

TEST_F(OutputPathsTest, RefusesTwoOutputsThatAreOneFile) {
  const Status s = CheckDistinctFiles({{"input", Path("in.jsonl")},
                                       {"alerts-out", Path("out.jsonl")},
                                       {"dlq-out", Path("./out.jsonl")}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("--alerts-out and --dlq-out name the same file"), std::string::npos)
      << s.message();
}

TEST_F(OutputPathsTest, AcceptsDistinctFilesAndSharedDevices) {
  EXPECT_TRUE(CheckDistinctFiles({{"input", Path("in.jsonl")},
                                  {"alerts-out", Path("a.jsonl")},
                                  {"dlq-out", Path("d.jsonl")}})
                  .ok());
  EXPECT_TRUE(CheckDistinctFiles({{"input", Path("in.jsonl")},
                                  {"alerts-out", "/dev/null"},
                                  {"dlq-out", "/dev/null"}})
                  .ok());
}

}  // namespace
}  // namespace consentry
