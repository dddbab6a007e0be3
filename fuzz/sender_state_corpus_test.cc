// Replays the seed corpus of sender_state_fuzz through the same checks the fuzzer runs (so they
// run in every ctest run, not only in clang fuzz builds) and checks each seed's verdict: files
// named valid_* must be accepted, bad_* rejected.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz/sender_state_fuzz_checks.h"

namespace consentry::fuzz {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(SenderStateCorpusTest, SeedsReplayWithExpectedVerdicts) {
  const std::filesystem::path dir = CONSENTRY_SENDER_STATE_CORPUS_DIR;
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int valid = 0;
  int bad = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    const bool accepted = CheckSenderStateBytes(ReadFile(entry.path()));
    if (name.starts_with("valid_")) {
      ++valid;
      EXPECT_TRUE(accepted);
    } else if (name.starts_with("bad_")) {
      ++bad;
      EXPECT_FALSE(accepted);
    }
  }
  // One accepted and one rejected seed per detector at least.
  EXPECT_GE(valid, 3);
  EXPECT_GE(bad, 3);
}

}  // namespace
}  // namespace consentry::fuzz
