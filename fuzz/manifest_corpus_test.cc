// Replays the manifest fuzzer's seeds through its check in every ctest run.

#include <gtest/gtest.h>

#include "fuzz/corpus_replay.h"
#include "fuzz/manifest_checks.h"

namespace consentry::fuzz {
namespace {

TEST(ManifestCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_MANIFEST_CORPUS_DIR, &CheckManifestBytes);
}

}  // namespace
}  // namespace consentry::fuzz
