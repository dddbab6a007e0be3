// Replays the alert fuzzer's seeds through its check in every ctest run.

#include <gtest/gtest.h>

#include "fuzz/alert_checks.h"
#include "fuzz/corpus_replay.h"

namespace consentry::fuzz {
namespace {

TEST(AlertCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_ALERT_CORPUS_DIR, &CheckAlertBytes);
}

}  // namespace
}  // namespace consentry::fuzz
