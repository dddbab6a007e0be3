#pragma once
// Refusing command lines whose files collide: `replay --alerts-out` naming its `--input` would
// truncate the input before reading it, and `--alerts-out` equal to `--dlq-out` would make the
// two writers overwrite each other.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace consentry {

// True if `a` and `b` are the same file: the same file on disk when both exist
// (std::filesystem::equivalent, so hard links and symlinks count), else the same normalized
// absolute path ("./x" and "x", "d/../x" and "x").
bool SameFile(const std::string& a, const std::string& b);

// `files` pairs a flag name (without dashes) with its path; empty paths are not given and are
// skipped. InvalidArgument naming both flags when two of them are the same regular file, or the
// same path not created yet. Devices (/dev/null, /dev/stdout) may be shared.
Status CheckDistinctFiles(const std::vector<std::pair<std::string_view, std::string>>& files);

}  // namespace consentry
