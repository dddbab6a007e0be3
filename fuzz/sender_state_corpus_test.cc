// Replays the seed corpus of sender_state_fuzz (every sender detector's Restore) through the
// fuzzer's checks in every ctest run.

#include <gtest/gtest.h>

#include "fuzz/corpus_replay.h"
#include "fuzz/sender_state_fuzz_checks.h"

namespace consentry::fuzz {
namespace {

TEST(SenderStateCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_SENDER_STATE_CORPUS_DIR, &CheckSenderStateBytes);
}

}  // namespace
}  // namespace consentry::fuzz
