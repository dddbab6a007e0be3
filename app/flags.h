#pragma once
// Command-line flags: `--name value` or `--name=value`, and bare `--name` for booleans.
// Every command declares the flags it takes; anything else is a usage error (exit 2) that names
// it: an unknown flag, a flag given twice, a required flag missing or empty, a value missing,
// or a word that is not a flag (no command takes positional arguments).

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"

namespace consentry {

// What one command accepts. A flag in `required` or `boolean` need not be repeated in
// `optional`.
struct FlagSpec {
  std::set<std::string> required;  // must be given, with a non-empty value
  std::set<std::string> optional;
  std::set<std::string> boolean;  // take no value (`--json`, or `--json=false`)
};

class Flags {
 public:
  static StatusOr<Flags> Parse(const std::vector<std::string>& args, const FlagSpec& spec);
  // As above, with every flag optional (`known` lists them without dashes).
  static StatusOr<Flags> Parse(const std::vector<std::string>& args,
                               const std::set<std::string>& known,
                               const std::set<std::string>& boolean = {});

  bool Has(const std::string& name) const { return values_.contains(name); }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  StatusOr<std::string> Required(const std::string& name) const;
  StatusOr<int64_t> Int(const std::string& name, int64_t fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace consentry
