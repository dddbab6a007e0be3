#pragma once
// Command-line flags: `--name value` or `--name=value`, and bare `--name` for booleans.
// Every command declares the flags it takes; anything else is a usage error that names it.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"

namespace consentry {

class Flags {
 public:
  // `known` lists the flag names (without dashes) the command accepts; `boolean` those that
  // take no value.
  static StatusOr<Flags> Parse(const std::vector<std::string>& args, const std::set<std::string>& known,
                               const std::set<std::string>& boolean = {});

  bool Has(const std::string& name) const { return values_.contains(name); }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  StatusOr<std::string> Required(const std::string& name) const;
  StatusOr<int64_t> Int(const std::string& name, int64_t fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace consentry
