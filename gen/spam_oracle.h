#pragma once
// The generator's own verdicts for the two subject-level spam rules, quiet_hours and
// frequency.cap, computed for every message it writes (internal to gen/).
//
// Independent of the detectors by construction: its own code, straight from the rules as the
// default policies state them (docs/detectors.md, docs/policies.md), with the IANA tz database
// read through date/tz.h:
//   - quiet hours judge marketing (a purpose at or under `marketing`) on voice, sms and mms in
//     the US: 08:00:00 <= local time < 21:00:00, in US-FL, US-MD and US-OK < 20:00:00; no other
//     jurisdiction has quiet hours. The clock is recipient_tz when the message names one, else
//     the subdivision's principal zone (US-NY, US-FL, US-MD -> America/New_York; US-TX, US-OK
//     -> America/Chicago), else for "US" alone the message is flagged only when it is outside
//     the window in every US zone (kUsZones);
//   - the cap (US-FL, US-MD, US-OK only) counts marketing messages on voice, sms and mms
//     together, per tenant, recipient and subject matter (the purpose without a last segment
//     naming a channel: marketing.communications.sms and .voice are one), with sent_at
//     (truncated to the second) in (t - 24 h, t]: the message itself and any other in its
//     second included; more than 3 is flagged.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace consentry::gen_internal {

// What the rules look at in one message; "" for a field the message leaves out.
struct MessageFacts {
  std::string tenant, subject, channel, purpose, jurisdiction, recipient_tz;
  Timestamp sent_at;
};

// The US rows of the tz database's zone.tab (and zone1970.tab), tzdata 2025: the zones a
// recipient in the US may be in when the message names neither a zone nor a state.
inline constexpr std::string_view kUsZones[] = {
    "America/New_York",           "America/Detroit",
    "America/Kentucky/Louisville", "America/Kentucky/Monticello",
    "America/Indiana/Indianapolis", "America/Indiana/Vincennes",
    "America/Indiana/Winamac",    "America/Indiana/Marengo",
    "America/Indiana/Petersburg", "America/Indiana/Vevay",
    "America/Chicago",            "America/Indiana/Tell_City",
    "America/Indiana/Knox",       "America/Menominee",
    "America/North_Dakota/Center", "America/North_Dakota/New_Salem",
    "America/North_Dakota/Beulah", "America/Denver",
    "America/Boise",              "America/Phoenix",
    "America/Los_Angeles",        "America/Anchorage",
    "America/Juneau",             "America/Sitka",
    "America/Metlakatla",         "America/Yakutat",
    "America/Nome",               "America/Adak",
    "Pacific/Honolulu"};

// Wall-clock time of day at `t` in `zone` (an IANA name the generator uses; an unknown one is
// the generator's own bug and stops it), truncated to the second.
Duration LocalTimeOfDay(Timestamp t, std::string_view zone);

// The instant when the wall clock in `zone` shows `time_of_day` on local date `day` (the
// earlier one when the clock shows it twice), for scenarios that place messages by local time.
Timestamp AtLocal(std::string_view zone, std::chrono::sys_days day, Duration time_of_day);

// True when quiet_hours must fire on the message.
bool BreaksQuietHours(const MessageFacts& m);

// "marketing.communications" for "marketing.communications.sms"; other purposes unchanged.
std::string_view SubjectMatter(std::string_view purpose);

// Whether frequency.cap must fire on each message (parallel to `messages`, which hold every
// message of the stream in any order).
std::vector<bool> BreaksFrequencyCap(const std::vector<MessageFacts>& messages);

}  // namespace consentry::gen_internal
