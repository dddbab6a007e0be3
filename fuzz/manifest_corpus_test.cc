// Replays the manifest fuzzer's seeds through its checks in every ctest run.

#include <gtest/gtest.h>

#include "fuzz/corpus_replay.h"
#include "fuzz/manifest_checks.h"

namespace consentry::fuzz {
namespace {

TEST(ManifestCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_MANIFEST_CORPUS_DIR, &CheckManifestBytes);
}

// The same fuzzer's stats.v1 seeds (stats_record_valid_*) decode.
TEST(ManifestCorpusTest, StatsRecordSeedsDecode) {
  int seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CONSENTRY_MANIFEST_CORPUS_DIR)) {
    if (!entry.path().filename().string().starts_with("stats_record_valid_")) continue;
    SCOPED_TRACE(entry.path().string());
    EXPECT_TRUE(CheckStatsRecordBytes(ReadSeed(entry.path())));
    ++seeds;
  }
  EXPECT_GE(seeds, 3);
}

}  // namespace
}  // namespace consentry::fuzz
