#pragma once
// Reads the top-level `frequency_caps:` list of the config (docs/configuration.md,
// "Frequency caps") into a PolicySet: a tenant's own caps (`tenant:`) and caps per jurisdiction
// key (`jurisdiction:`, replacing the built-in caps of that key). Every error names the file, the
// line and the fix, like the rest of app/config.cc.

#include <yaml-cpp/yaml.h>

#include "app/config_reader.h"
#include "core/status.h"
#include "detectors/policy.h"

namespace consentry {

// `node` may be undefined (nothing to add). The built-in jurisdiction caps
// (BuiltinFrequencyCaps) are set first when `set` has none, so a config with its own `policies:`
// keeps them too; an entry for a jurisdiction key replaces all of that key's built-in caps.
Status ReadFrequencyCaps(const ConfigReader& r, const YAML::Node& node, PolicySet& set);

}  // namespace consentry
