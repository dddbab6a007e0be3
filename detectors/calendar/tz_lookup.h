#pragma once
// The one translation of the tz database's lookup into a Status (internal to detectors/calendar/
// and the detectors that read local clocks): date::locate_zone throws for an unknown name, and
// nothing may throw across our API.

#include <date/tz.h>

#include <string_view>

#include "core/status.h"

namespace consentry {

// NotFound naming the zone and giving examples of valid IANA names.
StatusOr<const date::time_zone*> FindZone(std::string_view zone);

}  // namespace consentry
