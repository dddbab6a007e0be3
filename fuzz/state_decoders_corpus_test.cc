// Replays the seed corpora of the state fuzzers (ledger, campaign, suppression_history,
// campaign_history, verdict, seen_message, honouring_delays, frequency_window) through the same
// checks the fuzzers run (so they are exercised in every ctest run, not only in clang fuzz
// builds) and checks each seed's verdict: files named valid_* must decode, bad_* must be
// rejected.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "fuzz/state_fuzz_checks.h"

namespace consentry::fuzz {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs every seed in `dir` through `check`; traps inside `check` fail the whole binary.
void ReplayCorpus(const std::filesystem::path& dir, bool (*check)(std::string_view)) {
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int valid = 0;
  int bad = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    const bool accepted = check(ReadFile(entry.path()));
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

TEST(LedgerCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_LEDGER_CORPUS_DIR, &CheckLedgerBytes);
}

TEST(CampaignCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_CAMPAIGN_CORPUS_DIR, &CheckCampaignBytes);
}

TEST(SuppressionHistoryCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_SUPPRESSION_HISTORY_CORPUS_DIR, &CheckSuppressionHistoryBytes);
}

TEST(CampaignHistoryCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_CAMPAIGN_HISTORY_CORPUS_DIR, &CheckCampaignHistoryBytes);
}

TEST(VerdictCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_VERDICT_CORPUS_DIR, &CheckVerdictBytes);
}

TEST(SeenMessageCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_SEEN_MESSAGE_CORPUS_DIR, &CheckSeenMessageBytes);
}

TEST(HonouringDelaysCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_HONOURING_DELAYS_CORPUS_DIR, &CheckDelayHistogramBytes);
}

TEST(FrequencyWindowCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_FREQUENCY_WINDOW_CORPUS_DIR, &CheckFrequencyWindowBytes);
}

}  // namespace
}  // namespace consentry::fuzz
