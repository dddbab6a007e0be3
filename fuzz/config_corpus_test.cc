// Replays the config fuzzer's seeds through its check in every ctest run.

#include <gtest/gtest.h>

#include "fuzz/config_checks.h"
#include "fuzz/corpus_replay.h"

namespace consentry::fuzz {
namespace {

TEST(ConfigCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_CONFIG_CORPUS_DIR, &CheckConfigText);
}

}  // namespace
}  // namespace consentry::fuzz
