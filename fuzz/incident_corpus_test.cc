// Replays the incident fuzzer's seeds through its check in every ctest run.

#include <gtest/gtest.h>

#include "fuzz/corpus_replay.h"
#include "fuzz/incident_checks.h"

namespace consentry::fuzz {
namespace {

TEST(IncidentCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_INCIDENT_CORPUS_DIR, &CheckIncidentBytes);
}

}  // namespace
}  // namespace consentry::fuzz
