#include "detectors/calendar/tz_lookup.h"

#include <exception>
#include <string>

namespace consentry {

StatusOr<const date::time_zone*> FindZone(std::string_view zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return NotFound("unknown time zone \"" + std::string(zone) +
                    "\"; use an IANA name such as America/New_York, Europe/Copenhagen or UTC");
  }
}

}  // namespace consentry
