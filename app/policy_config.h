#pragma once
// Reads the `policies:`, `regions:` and `calendars:` sections of the config into a PolicySet
// (docs/configuration.md, "Taxonomy, policies and regions"). Every error names the file, the
// line and the fix, like the rest of app/config.cc.

#include <yaml-cpp/yaml.h>

#include "app/config_reader.h"
#include "core/status.h"
#include "detectors/policy.h"

namespace consentry {

// `policies` must be defined; `regions` and `calendars` may be undefined nodes. The result has
// passed PolicySet::Validate (a `default` policy exists).
StatusOr<PolicySet> ReadPolicies(const ConfigReader& r, const YAML::Node& policies,
                                 const YAML::Node& regions, const YAML::Node& calendars);

}  // namespace consentry
