#pragma once
// Reads the `calendars:` section of the config: custom holiday calendars, each a source and a
// list of holiday rules (docs/configuration.md, "calendars"), added to `set` so policies can
// name them.

#include <yaml-cpp/yaml.h>

#include "app/config_reader.h"
#include "core/status.h"
#include "detectors/policy.h"

namespace consentry {

Status ReadCalendars(const ConfigReader& r, const YAML::Node& node, PolicySet& set);

}  // namespace consentry
