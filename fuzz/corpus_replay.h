#pragma once
// For the corpus tests: replays every seed of a fuzzer's corpus directory through the check the
// fuzzer runs, so the seeds are exercised in every ctest run (not only in clang fuzz builds),
// and checks each seed's verdict: files named valid_* must be accepted, bad_* rejected. A trap
// inside `check` fails the whole binary.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace consentry::fuzz {

inline std::string ReadSeed(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// At least three seeds of each verdict.
inline void ReplayCorpus(const std::filesystem::path& dir, bool (*check)(std::string_view)) {
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int valid = 0;
  int bad = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    const bool accepted = check(ReadSeed(entry.path()));
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

}  // namespace consentry::fuzz
