#pragma once
// ConfigReader: reads typed values out of a YAML config node and reports every error with the
// file, the line and the fix. Shared by app/config.cc and app/policy_config.cc; not part of the
// public API of app/.

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>
#include <utility>

#include "app/config.h"
#include "core/status.h"

namespace consentry {

// Carries the file name so every error can say where it is.
class ConfigReader {
 public:
  explicit ConfigReader(std::string path) : path_(std::move(path)) {}

  Status Error(const YAML::Node& at, const std::string& problem, const std::string& fix) const {
    std::string where = path_;
    if (at.IsDefined() && at.Mark().line >= 0) where += ":" + std::to_string(at.Mark().line + 1);
    return InvalidArgument(where + ": " + problem + (fix.empty() ? "" : "; fix: " + fix));
  }

  // Rejects a mapping anywhere under `node` that names one key twice (YAML says keys are unique,
  // but the parser keeps both and lookups see only the first: a detector listed twice would run
  // twice and double its alerts).
  Status NoDuplicateKeys(const YAML::Node& node) const {
    if (node.IsMap()) {
      std::map<std::string, int> seen;  // key -> its first line
      for (const auto& kv : node) {
        if (kv.first.IsScalar()) {
          const int line = kv.first.Mark().line + 1;
          const auto [it, inserted] = seen.emplace(kv.first.Scalar(), line);
          if (!inserted) {
            return Error(kv.first, "duplicate key '" + kv.first.Scalar() + "' (first on line " +
                                       std::to_string(it->second) + ")",
                         "keep one of them");
          }
        }
        CONSENTRY_RETURN_IF_ERROR(NoDuplicateKeys(kv.second));
      }
    } else if (node.IsSequence()) {
      for (const auto& item : node) CONSENTRY_RETURN_IF_ERROR(NoDuplicateKeys(item));
    }
    return Status::Ok();
  }

  // Rejects keys of `map` that are not in `known`.
  Status OnlyKnownKeys(const YAML::Node& map, const std::set<std::string>& known,
                       const std::string& where) const {
    if (!map.IsMap()) return Error(map, where + " must be a mapping", "write `key: value` lines");
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (!known.contains(key)) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        return Error(kv.first, "unknown key '" + key + "' in " + where,
                     "use one of: " + list);
      }
    }
    return Status::Ok();
  }

  StatusOr<std::string> String(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar() || node.Scalar().empty()) {
      return Error(node, what + " must be a non-empty string", "give it a value");
    }
    return node.Scalar();
  }

  StatusOr<int64_t> Int(const YAML::Node& node, const std::string& what, int64_t min,
                        int64_t max) const {
    int64_t v = 0;
    // A quoted scalar ("4") is a string, tagged "!": a number must be written as one.
    if (node.IsScalar() && node.Tag() == "!") {
      return Error(node, what + " must be a number, not the quoted string \"" + node.Scalar() + "\"",
                   "write it without quotes");
    }
    if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, v) || v < min || v > max) {
      return Error(node, what + " must be an integer from " + std::to_string(min) + " to " +
                             std::to_string(max), "");
    }
    return v;
  }

  StatusOr<Duration> DurationOf(const YAML::Node& node, const std::string& what) const {
    auto d = node.IsScalar() ? ParseDuration(node.Scalar()) : StatusOr<Duration>(InvalidArgument(""));
    if (!d.ok()) return Error(node, what + " is not a duration", "write e.g. 500ms, 5s, 10m, 36h or 10d");
    return d;
  }

  StatusOr<bool> Bool(const YAML::Node& node, const std::string& what) const {
    bool b = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, b)) {
      return Error(node, what + " must be true or false", "");
    }
    return b;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace consentry
