#pragma once
// Where a recipient's clock is, when the message does not say: the principal IANA zone of a
// subdivision ("US-FL" -> America/New_York), the zones of a country from the system tz
// database's zone.tab, and local wall-clock time in a zone (DST from the IANA rules).
//
// Thread safety: all functions are safe to call concurrently. zone.tab is read once, on first
// use (a function-local static), and kept for the life of the process.

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "detectors/calendar/holiday_rules.h"

namespace consentry {

// The system tz database's country table: one line per zone, "CC<TAB>coordinates<TAB>Zone...".
inline constexpr char kSystemZoneTab[] = "/usr/share/zoneinfo/zone.tab";

// The principal zone of an ISO 3166-2 subdivision of the US (the 50 states, DC and the
// inhabited outlying areas) or Canada ("US-FL", "CA-QC"): the zone most of its people live in.
// Empty for any other code. A subdivision that spans several zones (Florida's panhandle is on
// Central time) is judged in its principal zone unless the message names recipient_tz.
std::string_view PrincipalZone(std::string_view subdivision);

// Country code (ISO 3166-1 alpha-2) -> its zones, in file order.
using CountryZoneTable = std::map<std::string, std::vector<std::string>, std::less<>>;

// Parses the text of a zone.tab file. Comment lines (#) and blank lines are skipped.
// InvalidArgument, naming `path` and the line, for a line without a country code and a zone.
StatusOr<CountryZoneTable> ParseZoneTab(std::string_view text, std::string_view path);

// Reads and parses the zone.tab file at `path`. FailedPrecondition when it cannot be read
// (install the tzdata package).
StatusOr<CountryZoneTable> LoadZoneTab(const std::string& path);

// The zones of `country` in the system's zone.tab (read once): {"Europe/Copenhagen"} for "DK",
// America/New_York ... Pacific/Honolulu for "US". NotFound for a country the file does not
// list; the load error (FailedPrecondition) when the file cannot be read. The list lives as
// long as the process.
StatusOr<const std::vector<std::string>*> CountryZones(std::string_view country);

// OK when the system's zone.tab can be read; the load error otherwise.
[[nodiscard]] Status CheckZoneTab();

// Wall-clock time at an instant in a zone.
struct LocalTime {
  CivilDay day;                        // the local date
  Duration time_of_day{0};             // since local midnight, 0 to 24 h (exclusive)
  std::chrono::seconds utc_offset{0};  // local minus UTC, DST included (-05:00 is -18000 s)
  std::string abbreviation;            // "EST", "CEST"
};

// The wall-clock time of `t` in `zone`. NotFound for a zone the tz database does not know.
StatusOr<LocalTime> ToLocalTime(Timestamp t, std::string_view zone);

// "07:59:59": the time of day to the second (a fraction is dropped, not rounded).
std::string FormatTimeOfDay(Duration time_of_day);

// "+01:00", "-05:00", "+05:45".
std::string FormatUtcOffset(std::chrono::seconds offset);

}  // namespace consentry
