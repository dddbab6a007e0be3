#pragma once
// The invariant the audit export fuzzer checks (and audit_export_corpus_test replays): any bytes
// give a verdict without crashing, and a verdict of ok has counted its entries and names no bad
// line, while a failure names a line. The key is RFC 8032's first test key, whose private half
// signed the valid seeds. The bytes are also read as a stored audit entry, which must encode
// back alike. Returns whether the export verified; traps on a broken invariant.

#include <string_view>

namespace consentry::fuzz {

bool CheckAuditExportBytes(std::string_view bytes);

}  // namespace consentry::fuzz
