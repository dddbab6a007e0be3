// Replays the sender record fuzzer's seeds through its check in every ctest run: files named
// valid_* must decode, bad_* must be rejected.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/sender_record_checks.h"

namespace consentry::fuzz {
namespace {

TEST(SenderRecordCorpusTest, SeedsReplayWithExpectedVerdicts) {
  const std::filesystem::path dir = CONSENTRY_SENDER_RECORD_CORPUS_DIR;
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int valid = 0, bad = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool accepted = CheckSenderRecordBytes(bytes);
    if (name.starts_with("valid_")) {
      ++valid;
      EXPECT_TRUE(accepted);
    } else if (name.starts_with("bad_")) {
      ++bad;
      EXPECT_FALSE(accepted);
    }
  }
  EXPECT_GE(valid, 3);
  EXPECT_GE(bad, 3);
}

}  // namespace
}  // namespace consentry::fuzz
