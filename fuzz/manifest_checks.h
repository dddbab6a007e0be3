#pragma once
// The invariant the manifest fuzzer checks (and manifest_corpus_test replays): any bytes either
// fail to decode with a Status, or decode to a manifest whose encoding decodes to the same
// manifest. Returns whether the bytes decoded; traps on a broken invariant.

#include <string_view>

namespace consentry::fuzz {

bool CheckManifestBytes(std::string_view bytes);
// DecodeStatsRecord (stats.v1, what `consentry report` reads): any bytes fail with a Status or
// decode to a row whose counts hold together (AI disclosed <= AI generated <= screened, the
// delay buckets add up to their count). Returns whether the bytes decoded.
bool CheckStatsRecordBytes(std::string_view bytes);

}  // namespace consentry::fuzz
