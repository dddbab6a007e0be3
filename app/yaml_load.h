#pragma once
// Parsing a configuration file's text with yaml-cpp, so that what yaml-cpp reports, and what it
// lets through, reaches the person as "file:line: problem; fix: ...":
//   - a syntax error gets its line and a hint for the common causes (tabs, unclosed brackets,
//     bad escapes) instead of yaml-cpp's bare message;
//   - an empty file (or one with only comments) is reported as such, and so is text that is not
//     UTF-8 or holds a control character (YAML allows neither; a leading byte order mark is
//     fine);
//   - a quote that is never closed is an error: yaml-cpp quietly ends the quoted value at the
//     end of the file, so every later line would become part of that value.

#include <yaml-cpp/yaml.h>

#include <string>

#include "core/status.h"

namespace consentry {

// The document in `text`; `path` is only used in messages. Never throws.
StatusOr<YAML::Node> LoadYaml(const std::string& text, const std::string& path);

}  // namespace consentry
