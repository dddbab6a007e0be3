// Spam rules judged per subject: quiet hours and frequency caps (docs/detectors.md).
//   - quiet_hours: marketing on voice, sms or mms in the US between 08:00:00 and 21:00:00
//     local time (US-FL, US-MD, US-OK: 20:00:00); the clock is recipient_tz, else the
//     subdivision's principal zone, else for "US" alone every US zone (flagged only when it is
//     night in all of them). Email, push, transactional messages and other jurisdictions are
//     never judged;
//   - frequency.cap: in US-FL, US-MD and US-OK, more than 3 marketing calls and texts (voice,
//     sms, mms together) per tenant, recipient and subject matter (the purpose without a last
//     segment naming a channel) with sent_at in (t - 24 h, t].
// Every subject consents to all marketing on every channel well before, so no consent rule
// fires. Each message states its quiet_hours and frequency.cap verdicts; the generator checks
// them against its oracle (gen/spam_oracle.h) and stops on any disagreement.
//
// DST in America/New_York (checked in gen/spam_oracle_test.cc):
//   2026-03-08: 02:00 EST -> 03:00 EDT at 07:00Z. 12:00:00Z is 08:00:00 EDT (inside; read with
//     the winter offset it would be 07:00 and flagged); 2026-03-09T01:00:00Z is 21:00 EDT
//     (flagged; 20:00 with the winter offset); 2026-03-07T12:30Z is 07:30 EST (flagged).
//   2026-11-01: 02:00 EDT -> 01:00 EST at 06:00Z, so 01:30 happens at 05:30Z and 06:30Z.
//     12:59:59Z is 07:59:59 EST (flagged; 08:59:59 with the summer offset); 2026-11-02T01:59:59Z
//     is 20:59:59 EST (inside; 21:59:59 with the summer offset); 2026-10-31T12:30Z is 08:30 EDT.
// Zone unknown ("US", no recipient_tz): at 09:30Z it is 04:30-05:30 in New York and 23:30 in
//   Honolulu, night in every US zone (flagged); at 02:30Z it is night in New York but 18:30-19:30
//   in Los Angeles (not flagged). 12:30Z is 07:30 EST in New York on 2026-03-06, before 08:00 in
//   every zone (flagged), but 08:30 EDT on 2026-03-09 (not flagged).

#include "gen/kit.h"

namespace consentry::gen_internal {
namespace {

using std::chrono::sys_days;

const std::vector<std::string> kCapStates = {"US-FL", "US-MD", "US-OK"};
const std::vector<std::string> kOtherUs = {"US", "US-NY", "US-TX"};
const std::vector<std::string> kOtherStates = {"US-NY", "US-TX"};
const std::vector<std::string> kNewYorkOrFlorida = {"US-NY", "US-FL"};

Duration Clock(int h, int m = 0, int s = 0) {
  return std::chrono::duration_cast<Duration>(hours(h) + minutes(m) + seconds(s));
}

std::string_view PrincipalZone(std::string_view jurisdiction) {
  return jurisdiction == "US-OK" || jurisdiction == "US-TX" ? "America/Chicago"
                                                            : "America/New_York";
}

// The subject's state and the local date of its first message; it consents to all marketing.
sys_days Setup(Kit& k, std::string jurisdiction) {
  k.set_jurisdiction(std::move(jurisdiction));
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = k.history()});
  return std::chrono::floor<std::chrono::days>(k.first_send());
}

// An instant at local time `clock` on `day` in the subject's principal zone.
Timestamp Local(Kit& k, sys_days day, Duration clock) {
  return AtLocal(PrincipalZone(k.jurisdiction()), day, clock);
}

// Ten texts from 09:00 to 18:00 local: the 4th to the 10th are over the cap.
void TenTextsInADay(Kit& k, std::string state) {
  k.set_channel("sms");
  const sys_days day = Setup(k, std::move(state));
  for (int i = 0; i < 10; ++i) {
    Expected expected;
    if (i >= 3) expected = {kFrequencyCap};
    k.Send({.at = Local(k, day, Clock(9 + i))}, expected);
  }
}
void TenTextsFl(Kit& k) { TenTextsInADay(k, "US-FL"); }
void TenTextsMd(Kit& k) { TenTextsInADay(k, "US-MD"); }
void TenTextsOk(Kit& k) { TenTextsInADay(k, "US-OK"); }

// The window is (t - 24 h, t]: the 1st message drops out exactly 24 h later.
void FourthAfter(Kit& k, Duration after_first, Expected fourth) {
  k.set_channel(k.rng().Coin() ? "sms" : "voice");
  const sys_days day = Setup(k, k.rng().Pick(kCapStates));
  const Timestamp first = Local(k, day, Clock(10));
  k.Send({.at = first}, {});
  k.Send({.at = first + hours(2)}, {});
  k.Send({.at = first + hours(4)}, {});
  k.Send({.at = first + after_first}, fourth);
}
void FourthExactly24h(Kit& k) { FourthAfter(k, kDay, {}); }
void FourthOneSecondEarlier(Kit& k) { FourthAfter(k, kDay - seconds(1), {kFrequencyCap}); }

// One subject matter (marketing.communications, whether or not the purpose names its channel)
// across voice, sms and mms counts together; email and receipts do not.
void MixedChannels(Kit& k) {
  const sys_days day = Setup(k, k.rng().Pick(kCapStates));
  const std::string brand = "brand-" + k.tenant();  // declares all marketing, any channel
  const std::string purpose = "marketing.communications";
  auto at = [&](int h) { return Local(k, day, Clock(h)); };
  k.Send({.channel = "sms", .at = at(9), .campaign = brand}, {});  // ...communications.sms
  k.Send({.channel = "voice", .at = at(10), .campaign = brand}, {});
  k.Send({.channel = "email", .at = at(11), .campaign = brand}, {});
  k.Send({.channel = "mms", .purpose = purpose, .at = at(12), .campaign = brand}, {});
  k.Send({.channel = "sms", .purpose = "essential.service.transactional",
          .at = at(12) + minutes(30), .campaign = "ops-" + k.tenant()},
         {});
  k.Send({.channel = "voice", .purpose = purpose, .at = at(13), .campaign = brand},
         {kFrequencyCap});
  k.Send({.channel = "sms", .at = at(14), .campaign = brand}, {kFrequencyCap});
}

// Three texts per subject matter and three from the other tenant: no scope reaches four.
void PerPurposeAndTenant(Kit& k) {
  k.set_channel("sms");
  const sys_days day = Setup(k, k.rng().Pick(kCapStates));
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = k.history(),
            .tenant = k.other_tenant()});
  for (int i = 0; i < 3; ++i) {
    k.Send({.at = Local(k, day, Clock(9 + i))}, {});
    k.Send({.purpose = "marketing.advertising", .at = Local(k, day, Clock(12 + i)),
            .campaign = "brand-" + k.tenant()},
           {});
    k.Send({.at = Local(k, day, Clock(15 + i, 30)), .tenant = k.other_tenant()}, {});
  }
}

// No cap outside the three states.
void NoCapElsewhere(Kit& k) {
  k.set_channel("sms");
  const sys_days day = Setup(k, k.rng().Pick(kOtherUs));
  for (int i = 0; i < 10; ++i) k.Send({.at = Local(k, day, Clock(9 + i))}, {});
}

// 03:00 in the subject's principal zone (no recipient_tz), then noon.
void ThreeAmLocal(Kit& k) {
  k.set_channel(k.rng().Coin() ? "sms" : "voice");
  const uint64_t where = k.rng().Below(2);
  const sys_days day =
      Setup(k, where == 0 ? k.rng().Pick(kCapStates) : k.rng().Pick(kOtherStates));
  k.Send({.at = Local(k, day, Clock(3))}, {kQuietHours});
  k.Send({.at = Local(k, day, Clock(12))}, {});
}

// The window's edges in the recipient's own zone, one message a day.
void EdgesInRecipientZone(Kit& k, const std::string& jurisdiction, std::string zone, int end) {
  k.set_channel(k.rng().Coin() ? "sms" : "voice");
  const sys_days day = Setup(k, jurisdiction);
  auto send = [&](int d, Duration clock, Expected expected) {
    k.Send({.at = AtLocal(zone, day + std::chrono::days(d), clock), .recipient_tz = zone},
           expected);
  };
  send(0, Clock(7, 59, 59), {kQuietHours});
  send(1, Clock(8), {});
  send(2, Clock(end - 1, 59, 59), {});
  send(3, Clock(end), {kQuietHours});
}

// US (21:00): a zone far from the subdivision's, so the zone must come from recipient_tz.
void EdgesUsWindow(Kit& k) {
  static const std::vector<std::string> kZones = {
      "America/Los_Angeles", "America/Denver", "America/Phoenix", "Pacific/Honolulu",
      "America/Anchorage",   "America/Chicago", "America/Adak",   "America/New_York"};
  EdgesInRecipientZone(k, k.rng().Pick(kOtherUs), k.rng().Pick(kZones), 21);
}

// The states (20:00), in their principal zone or another (Florida's panhandle is on Central).
void EdgesStateWindow(Kit& k) {
  static const std::vector<std::string> kZones = {"America/New_York", "America/Chicago",
                                                  "America/Denver"};
  EdgesInRecipientZone(k, k.rng().Pick(kCapStates), k.rng().Pick(kZones), 20);
}

// New York, or the US with recipient_tz America/New_York: the same clock.
Message NewYork(Kit& k, Timestamp at) {
  Message m{.at = at};
  if (k.jurisdiction() == "US") m.recipient_tz = "America/New_York";
  return m;
}

void DstSpringForward(Kit& k) {
  k.set_channel(k.rng().Coin() ? "sms" : "voice");
  k.set_jurisdiction(k.rng().Coin() ? "US-NY" : "US");
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = Utc(2026, 1, 5)});
  k.Send(NewYork(k, Utc(2026, 3, 7, 12, 30)), {kQuietHours});      // Sat 07:30 EST
  k.Send(NewYork(k, Utc(2026, 3, 8, 6, 30)), {kQuietHours});       // Sun 01:30 EST
  k.Send(NewYork(k, Utc(2026, 3, 8, 7, 30)), {kQuietHours});       // 03:30 EDT
  k.Send(NewYork(k, Utc(2026, 3, 8, 11, 59, 59)), {kQuietHours});  // 07:59:59 EDT
  k.Send(NewYork(k, Utc(2026, 3, 8, 12)), {});                     // 08:00:00 EDT
  k.Send(NewYork(k, Utc(2026, 3, 9, 0, 59, 59)), {});              // 20:59:59 EDT
  k.Send(NewYork(k, Utc(2026, 3, 9, 1)), {kQuietHours});           // 21:00:00 EDT
}

void DstFallBack(Kit& k) {
  k.set_channel(k.rng().Coin() ? "sms" : "voice");
  k.set_jurisdiction(k.rng().Coin() ? "US-NY" : "US");
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = Utc(2026, 9, 1)});
  k.Send(NewYork(k, Utc(2026, 10, 31, 12, 30)), {});               // Sat 08:30 EDT
  k.Send(NewYork(k, Utc(2026, 11, 1, 5, 30)), {kQuietHours});      // Sun 01:30 EDT
  k.Send(NewYork(k, Utc(2026, 11, 1, 6, 30)), {kQuietHours});      // 01:30 EST, again
  k.Send(NewYork(k, Utc(2026, 11, 1, 12, 59, 59)), {kQuietHours}); // 07:59:59 EST
  k.Send(NewYork(k, Utc(2026, 11, 1, 13)), {});                    // 08:00:00 EST
  k.Send(NewYork(k, Utc(2026, 11, 2, 1, 59, 59)), {});             // 20:59:59 EST
  k.Send(NewYork(k, Utc(2026, 11, 2, 2)), {kQuietHours});          // 21:00:00 EST
}

// "US" without a zone: flagged only when it is night in every US zone.
void ZoneUnknown(Kit& k) {
  k.set_channel(k.rng().Coin() ? "sms" : "voice");
  const sys_days day = Setup(k, "US");
  const Timestamp midnight{day.time_since_epoch()};
  k.Send({.at = midnight + hours(2) + minutes(30)}, {});            // night in the east only
  k.Send({.at = midnight + hours(9) + minutes(30)}, {kQuietHours});  // night everywhere
  k.Send({.at = midnight + hours(14)}, {});                          // day in the east
}

void ZoneUnknownAcrossDst(Kit& k) {
  k.set_channel("sms");
  k.set_jurisdiction("US");
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = Utc(2026, 1, 5)});
  k.Send({.at = Utc(2026, 3, 6, 12, 30)}, {kQuietHours});  // 07:30 EST in New York
  k.Send({.at = Utc(2026, 3, 9, 12, 30)}, {});             // 08:30 EDT in New York
}

// At 03:00 local, messages no quiet-hours policy judges: email and push, receipts, and
// texts in the EU, Canada or without a jurisdiction.
void NotJudgedAtNight(Kit& k) {
  const sys_days day = Setup(k, k.rng().Pick(kNewYorkOrFlorida));
  const Timestamp night = Local(k, day, Clock(3));
  k.Send({.channel = "email", .at = night}, {});
  k.Send({.channel = "push", .at = night + minutes(5)}, {});
  k.Send({.channel = "sms", .purpose = "essential.service.transactional",
          .at = night + minutes(10), .campaign = "ops-" + k.tenant()},
         {});
  k.Send({.channel = "voice", .purpose = "essential.service.account",
          .at = night + minutes(15), .campaign = "ops-" + k.tenant()},
         {});
  k.Send({.channel = "sms", .at = AtLocal("Europe/Copenhagen", day, Clock(3)),
          .jurisdiction = k.eu()},
         {});
  k.Send({.channel = "sms", .at = AtLocal("America/Toronto", day, Clock(3, 20)),
          .jurisdiction = "CA"},
         {});
  k.Send({.channel = "sms", .at = night + minutes(25), .jurisdiction = "-"}, {});
}

}  // namespace

void AddSpamScenarios(std::vector<Scenario>& out) {
  out.insert(out.end(), {
      {"cap_ten_texts_in_a_day_fl", kFrequencyCap, 8, TenTextsFl},
      {"cap_ten_texts_in_a_day_md", kFrequencyCap, 8, TenTextsMd},
      {"cap_ten_texts_in_a_day_ok", kFrequencyCap, 8, TenTextsOk},
      {"cap_fourth_exactly_24h_later", kFrequencyCap, 6, FourthExactly24h},
      {"cap_fourth_24h_minus_1s_later", kFrequencyCap, 6, FourthOneSecondEarlier},
      {"cap_across_voice_sms_mms", kFrequencyCap, 8, MixedChannels},
      {"cap_per_purpose_and_tenant", kFrequencyCap, 6, PerPurposeAndTenant},
      {"cap_not_outside_fl_md_ok", kFrequencyCap, 6, NoCapElsewhere},
      {"quiet_3am_principal_zone", kQuietHours, 8, ThreeAmLocal},
      {"quiet_edges_recipient_tz_us", kQuietHours, 8, EdgesUsWindow},
      {"quiet_edges_recipient_tz_state", kQuietHours, 8, EdgesStateWindow},
      {"quiet_dst_spring_forward_2026", kQuietHours, 4, DstSpringForward},
      {"quiet_dst_fall_back_2026", kQuietHours, 4, DstFallBack},
      {"quiet_zone_unknown_us", kQuietHours, 6, ZoneUnknown},
      {"quiet_zone_unknown_us_across_dst", kQuietHours, 4, ZoneUnknownAcrossDst},
      {"quiet_hours_not_judged", kQuietHours, 6, NotJudgedAtNight},
  });
}

}  // namespace consentry::gen_internal
