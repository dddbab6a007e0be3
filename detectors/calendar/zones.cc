#include "detectors/calendar/zones.h"

#include <date/tz.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <utility>

#include "detectors/calendar/tz_lookup.h"

namespace consentry {
namespace {

// Principal zones of US and Canadian subdivisions (ISO 3166-2 codes). Source: the tz
// database's own descriptions in zone.tab ("Eastern (most areas)", "Central - ON (west),
// Manitoba", ...); where a subdivision spans two zones, the one most of its people live in
// (Florida, Indiana, Kentucky, Michigan, Tennessee: the larger population; Idaho: Boise, the
// south; Oregon, Nevada: Pacific; the Dakotas, Nebraska, Kansas, Texas: Central). Zone names
// are canonical ones; Yellowknife is a link to Edmonton since tzdata 2023c, so NT names
// Edmonton. Not listed: US-UM (uninhabited islands in several zones); a code not listed
// falls back to its country's zones.
constexpr std::pair<std::string_view, std::string_view> kPrincipalZones[] = {
    {"CA-AB", "America/Edmonton"},
    {"CA-BC", "America/Vancouver"},
    {"CA-MB", "America/Winnipeg"},
    {"CA-NB", "America/Moncton"},
    {"CA-NL", "America/St_Johns"},
    {"CA-NS", "America/Halifax"},
    {"CA-NT", "America/Edmonton"},
    {"CA-NU", "America/Iqaluit"},
    {"CA-ON", "America/Toronto"},
    {"CA-PE", "America/Halifax"},
    {"CA-QC", "America/Toronto"},
    {"CA-SK", "America/Regina"},
    {"CA-YT", "America/Whitehorse"},
    {"US-AK", "America/Anchorage"},
    {"US-AL", "America/Chicago"},
    {"US-AR", "America/Chicago"},
    {"US-AS", "Pacific/Pago_Pago"},
    {"US-AZ", "America/Phoenix"},
    {"US-CA", "America/Los_Angeles"},
    {"US-CO", "America/Denver"},
    {"US-CT", "America/New_York"},
    {"US-DC", "America/New_York"},
    {"US-DE", "America/New_York"},
    {"US-FL", "America/New_York"},
    {"US-GA", "America/New_York"},
    {"US-GU", "Pacific/Guam"},
    {"US-HI", "Pacific/Honolulu"},
    {"US-IA", "America/Chicago"},
    {"US-ID", "America/Boise"},
    {"US-IL", "America/Chicago"},
    {"US-IN", "America/Indiana/Indianapolis"},
    {"US-KS", "America/Chicago"},
    {"US-KY", "America/New_York"},
    {"US-LA", "America/Chicago"},
    {"US-MA", "America/New_York"},
    {"US-MD", "America/New_York"},
    {"US-ME", "America/New_York"},
    {"US-MI", "America/Detroit"},
    {"US-MN", "America/Chicago"},
    {"US-MO", "America/Chicago"},
    {"US-MP", "Pacific/Guam"},  // Saipan is a link to Guam
    {"US-MS", "America/Chicago"},
    {"US-MT", "America/Denver"},
    {"US-NC", "America/New_York"},
    {"US-ND", "America/Chicago"},
    {"US-NE", "America/Chicago"},
    {"US-NH", "America/New_York"},
    {"US-NJ", "America/New_York"},
    {"US-NM", "America/Denver"},
    {"US-NV", "America/Los_Angeles"},
    {"US-NY", "America/New_York"},
    {"US-OH", "America/New_York"},
    {"US-OK", "America/Chicago"},
    {"US-OR", "America/Los_Angeles"},
    {"US-PA", "America/New_York"},
    {"US-PR", "America/Puerto_Rico"},
    {"US-RI", "America/New_York"},
    {"US-SC", "America/New_York"},
    {"US-SD", "America/Chicago"},
    {"US-TN", "America/Chicago"},
    {"US-TX", "America/Chicago"},
    {"US-UT", "America/Denver"},
    {"US-VA", "America/New_York"},
    {"US-VI", "America/Puerto_Rico"},  // St_Thomas is a link to Puerto_Rico
    {"US-VT", "America/New_York"},
    {"US-WA", "America/Los_Angeles"},
    {"US-WI", "America/Chicago"},
    {"US-WV", "America/New_York"},
    {"US-WY", "America/Denver"},
};

const StatusOr<CountryZoneTable>& SystemZoneTab() {
  static const StatusOr<CountryZoneTable>* const table =
      new StatusOr<CountryZoneTable>(LoadZoneTab(kSystemZoneTab));
  return *table;
}

std::string TwoDigits(long long v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02lld", v);
  return buf;
}

}  // namespace

std::string_view PrincipalZone(std::string_view subdivision) {
  for (const auto& [code, zone] : kPrincipalZones) {
    if (code == subdivision) return zone;
  }
  return {};
}

StatusOr<CountryZoneTable> ParseZoneTab(std::string_view text, std::string_view path) {
  CountryZoneTable table;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    // country <TAB> coordinates <TAB> zone [<TAB> comment]
    const size_t tab1 = line.find('\t');
    const size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab1 != 2 || tab2 == std::string_view::npos) {
      return InvalidArgument(std::string(path) + ":" + std::to_string(line_no) +
                             ": expected a country code, coordinates and a zone separated by "
                             "tabs");
    }
    const size_t tab3 = line.find('\t', tab2 + 1);
    const std::string_view zone = line.substr(
        tab2 + 1, tab3 == std::string_view::npos ? std::string_view::npos : tab3 - tab2 - 1);
    if (zone.empty()) {
      return InvalidArgument(std::string(path) + ":" + std::to_string(line_no) +
                             ": the zone name is empty");
    }
    table[std::string(line.substr(0, 2))].emplace_back(zone);
  }
  return table;
}

StatusOr<CountryZoneTable> LoadZoneTab(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return FailedPrecondition("cannot read the tz database's country table " + path +
                       "; install the tzdata package");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseZoneTab(text.str(), path);
}

StatusOr<const std::vector<std::string>*> CountryZones(std::string_view country) {
  const StatusOr<CountryZoneTable>& table = SystemZoneTab();
  if (!table.ok()) return table.status();
  const auto it = table->find(country);
  if (it == table->end()) {
    return NotFound("the tz database lists no zone for country \"" + std::string(country) +
                    "\"");
  }
  return &it->second;
}

Status CheckZoneTab() {
  const StatusOr<CountryZoneTable>& table = SystemZoneTab();
  return table.ok() ? Status::Ok() : table.status();
}

StatusOr<LocalTime> ToLocalTime(Timestamp t, std::string_view zone) {
  CONSENTRY_ASSIGN_OR_RETURN(const date::time_zone* tz, FindZone(zone));
  const date::sys_info info = tz->get_info(t);
  const auto local = t.time_since_epoch() + std::chrono::duration_cast<Duration>(info.offset);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  return LocalTime{.day = CivilDay(day),
                   .time_of_day = local - day,
                   .utc_offset = std::chrono::duration_cast<std::chrono::seconds>(info.offset),
                   .abbreviation = info.abbrev};
}

std::string FormatTimeOfDay(Duration time_of_day) {
  const long long s = std::chrono::floor<std::chrono::seconds>(time_of_day).count();
  return TwoDigits(s / 3600) + ":" + TwoDigits(s / 60 % 60) + ":" + TwoDigits(s % 60);
}

std::string FormatUtcOffset(std::chrono::seconds offset) {
  const long long s = offset.count();
  const long long a = s < 0 ? -s : s;
  return std::string(s < 0 ? "-" : "+") + TwoDigits(a / 3600) + ":" + TwoDigits(a / 60 % 60);
}

}  // namespace consentry
