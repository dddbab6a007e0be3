// Replays the seed corpora of the state fuzzers (ledger, campaign, suppression_history,
// campaign_history, verdict, seen_message, honouring_delays, frequency_window) through the same
// checks the fuzzers run (so they are exercised in every ctest run, not only in clang fuzz
// builds) and checks each seed's verdict: files named valid_* must decode, bad_* must be
// rejected.

#include <gtest/gtest.h>

#include "fuzz/corpus_replay.h"
#include "fuzz/state_fuzz_checks.h"

namespace consentry::fuzz {
namespace {

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

TEST(ChangelogRecordCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_CHANGELOG_RECORD_CORPUS_DIR, &CheckChangelogRecordBytes);
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
