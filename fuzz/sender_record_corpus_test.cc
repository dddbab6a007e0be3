// Replays the sender record fuzzer's seeds through its check in every ctest run.

#include <gtest/gtest.h>

#include "fuzz/corpus_replay.h"
#include "fuzz/sender_record_checks.h"

namespace consentry::fuzz {
namespace {

TEST(SenderRecordCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_SENDER_RECORD_CORPUS_DIR, &CheckSenderRecordBytes);
}

}  // namespace
}  // namespace consentry::fuzz
