#pragma once
// Reading a configuration file's bytes, refusing what cannot be one before it costs memory: a
// directory, a device that never ends (/dev/zero), a file larger than the limit. Every error
// names the file, the problem and the fix.

#include <cstddef>
#include <string>

#include "core/status.h"

namespace consentry {

// consentry's own configs are a few KiB; the largest policy sets stay far below this.
inline constexpr size_t kMaxConfigBytes = 4 * 1024 * 1024;

// The whole text of `path`, reading at most `max_bytes` + 1 bytes of it.
StatusOr<std::string> ReadConfigFile(const std::string& path, size_t max_bytes = kMaxConfigBytes);

}  // namespace consentry
