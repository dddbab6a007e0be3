// Replays the audit export fuzzer's seeds through its check in every ctest run.

#include <gtest/gtest.h>

#include "fuzz/audit_export_checks.h"
#include "fuzz/corpus_replay.h"

namespace consentry::fuzz {
namespace {

TEST(AuditExportCorpusTest, SeedsReplayWithExpectedVerdicts) {
  ReplayCorpus(CONSENTRY_AUDIT_EXPORT_CORPUS_DIR, &CheckAuditExportBytes);
}

}  // namespace
}  // namespace consentry::fuzz
