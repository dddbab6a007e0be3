// Business-day edges of the US and Canadian honouring windows (10 business days), with the
// calendars' real holidays and daylight-saving switches inside the window.
//
// The rule (detectors/calendar/business_days.h, docs/detectors.md): the decision's local date in
// the policy's zone (US: America/New_York, CA: America/Toronto) is day 0; count 10 business days
// after it, skipping weekends and the calendar's holidays (observed days included); the window
// closes at local midnight ending the 10th, and a message at or after that instant is late.
// Every date below is a literal, counted by hand (weekdays checked in gen/traffic_test.cc):
//
// US, July 4 2026 (a Saturday, observed Friday July 3). Withdrawal 2026-06-26T03:00Z = Thu Jun 25
//   23:00 EDT, so day 0 is Jun 25 (its UTC date would be Jun 26). Business days: Jun 26, 29, 30,
//   Jul 1, 2, [3 observed], 6, 7, 8, 9, 10 -> closes Sat Jul 11 00:00 EDT = 2026-07-11T04:00Z.
// US, Thanksgiving 2025 (Thu Nov 27). Opt-out 2025-11-21T15:00Z (Fri 10:00 EST). Nov 24, 25, 26,
//   [27], 28, Dec 1, 2, 3, 4, 5, 8 -> closes Tue Dec 9 00:00 EST = 2025-12-09T05:00Z.
// US, Thanksgiving 2026 (Thu Nov 26). Withdrawal 2026-11-12T16:00Z (Thu 11:00 EST). Nov 13, 16,
//   17, 18, 19, 20, 23, 24, 25, [26], 27 -> closes Sat Nov 28 00:00 EST = 2026-11-28T05:00Z (the
//   next business day, Mon Nov 30, is after the generator's last date, so the late message is
//   the first instant after the window).
// CA, Canada Day 2026 (Wed Jul 1). STOP 2026-06-24T16:00Z (Wed 12:00 EDT). Jun 25, 26, 29, 30,
//   [Jul 1], 2, 3, 6, 7, 8, 9 -> closes Fri Jul 10 00:00 EDT = 2026-07-10T04:00Z.
// CA, Thanksgiving 2026 (Mon Oct 12). Opt-out 2026-10-02T14:00Z (Fri 10:00 EDT). Oct 5, 6, 7, 8,
//   9, [12], 13, 14, 15, 16, 19 -> closes Tue Oct 20 00:00 EDT = 2026-10-20T04:00Z.
// DST ends Sun Nov 1 2026 in both zones. Withdrawal 2026-10-23T14:00Z (Fri 10:00 EDT). Oct 26,
//   27, 28, 29, 30, Nov 2, 3, 4, 5, 6 -> closes Sat Nov 7 00:00 EST = 2026-11-07T05:00Z; a
//   message at 04:30Z (Fri 23:30 EST) is still inside (the pre-switch offset would close at
//   04:00Z).
// DST starts Sun Mar 8 2026 (US). Withdrawal 2026-02-27T15:00Z (Fri 10:00 EST). Mar 2, 3, 4, 5,
//   6, 9, 10, 11, 12, 13 -> closes Sat Mar 14 00:00 EDT = 2026-03-14T04:00Z; a message at 04:30Z
//   is late (the pre-switch offset would close at 05:00Z).

#include "gen/kit.h"

namespace consentry::gen_internal {
namespace {

// The person consents well before, then withdraws at `at`: on SMS by a STOP reply or a
// consent.v1 withdrawal, on email by an unsubscribe click or a consent.v1 withdrawal.
void GrantThenWithdraw(Kit& k, Timestamp at) {
  k.GrantAt(k.channel(), k.Marketing(), at - 60 * kDay);
  if (k.rng().Coin()) {
    k.Decide({.action = "withdraw", .channels = {k.channel()}, .purposes = {k.Marketing()},
              .at = at});
  } else {
    k.Give({.kind = k.channel() == "sms" ? "stop_reply" : "unsubscribe_click",
            .channel = k.channel(), .at = at});
  }
}

void Setup(Kit& k, std::string jurisdiction, std::string channel) {
  k.set_jurisdiction(std::move(jurisdiction));
  k.set_channel(std::move(channel));
}

void UsJuly4(Kit& k) {
  Setup(k, k.us(), "sms");
  GrantThenWithdraw(k, Utc(2026, 6, 26, 3));
  k.Send({.at = Utc(2026, 7, 10, 19)}, {});           // Fri Jul 10 15:00 EDT, last day
  k.Send({.at = Utc(2026, 7, 11, 3, 59, 59)}, {});    // Fri Jul 10 23:59:59 EDT
  k.Send({.at = Utc(2026, 7, 11, 4)}, {kConsentWithdrawn});   // the window closes
  k.Send({.at = Utc(2026, 7, 13, 14)}, {kConsentWithdrawn});  // Mon Jul 13, next business day
}

void UsThanksgiving2025(Kit& k) {
  Setup(k, k.us(), "email");  // US email: no consent needed, the opt-out still counts
  GrantThenWithdraw(k, Utc(2025, 11, 21, 15));
  k.Send({.at = Utc(2025, 12, 8, 20)}, {});          // Mon Dec 8 15:00 EST, last day
  k.Send({.at = Utc(2025, 12, 9, 4, 59, 59)}, {});   // Mon Dec 8 23:59:59 EST
  k.Send({.at = Utc(2025, 12, 9, 15)}, {kConsentWithdrawn});  // Tue Dec 9, next business day
}

void UsThanksgiving2026(Kit& k) {
  Setup(k, k.us(), "sms");
  GrantThenWithdraw(k, Utc(2026, 11, 12, 16));
  k.Send({.at = Utc(2026, 11, 27, 18)}, {});          // Fri Nov 27 13:00 EST, last day
  k.Send({.at = Utc(2026, 11, 28, 4, 59, 59)}, {});   // Fri Nov 27 23:59:59 EST
  k.Send({.at = Utc(2026, 11, 28, 5)}, {kConsentWithdrawn});  // the window closes
}

void CaCanadaDay(Kit& k) {
  Setup(k, "CA", "sms");
  GrantThenWithdraw(k, Utc(2026, 6, 24, 16));
  k.Send({.at = Utc(2026, 7, 9, 20)}, {});            // Thu Jul 9 16:00 EDT, last day
  k.Send({.at = Utc(2026, 7, 10, 3, 59, 59)}, {});    // Thu Jul 9 23:59:59 EDT
  k.Send({.at = Utc(2026, 7, 10, 13)}, {kConsentWithdrawn});  // Fri Jul 10, next business day
}

void CaThanksgiving(Kit& k) {
  Setup(k, "CA", "email");
  GrantThenWithdraw(k, Utc(2026, 10, 2, 14));
  k.Send({.at = Utc(2026, 10, 19, 18)}, {});          // Mon Oct 19 14:00 EDT, last day
  k.Send({.at = Utc(2026, 10, 20, 3, 59, 59)}, {});   // Mon Oct 19 23:59:59 EDT
  k.Send({.at = Utc(2026, 10, 20, 13)}, {kConsentWithdrawn});  // Tue Oct 20, next business day
}

void DstFallBack(Kit& k) {
  if (k.rng().Coin()) {
    Setup(k, k.us(), "sms");
  } else {
    Setup(k, "CA", "email");
  }
  GrantThenWithdraw(k, Utc(2026, 10, 23, 14));
  k.Send({.at = Utc(2026, 11, 6, 19)}, {});           // Fri Nov 6 14:00 EST, last day
  k.Send({.at = Utc(2026, 11, 7, 4, 30)}, {});        // Fri Nov 6 23:30 EST
  k.Send({.at = Utc(2026, 11, 7, 5)}, {kConsentWithdrawn});   // the window closes
  k.Send({.at = Utc(2026, 11, 9, 14)}, {kConsentWithdrawn});  // Mon Nov 9, next business day
}

void DstSpringForward(Kit& k) {
  Setup(k, k.us(), "sms");
  GrantThenWithdraw(k, Utc(2026, 2, 27, 15));
  k.Send({.at = Utc(2026, 3, 13, 20)}, {});           // Fri Mar 13 16:00 EDT, last day
  k.Send({.at = Utc(2026, 3, 14, 3, 59, 59)}, {});    // Fri Mar 13 23:59:59 EDT
  k.Send({.at = Utc(2026, 3, 14, 4, 30)}, {kConsentWithdrawn});  // Sat Mar 14 00:30 EDT
  k.Send({.at = Utc(2026, 3, 16, 13)}, {kConsentWithdrawn});     // Mon Mar 16, next business day
}

}  // namespace

void AddCalendarScenarios(std::vector<Scenario>& out) {
  out.insert(out.end(), {
      {"us_july4_observed_window_edge", kConsentWithdrawn, 10, UsJuly4},
      {"us_thanksgiving_2025_window_edge", kConsentWithdrawn, 10, UsThanksgiving2025},
      {"us_thanksgiving_2026_window_edge", kConsentWithdrawn, 8, UsThanksgiving2026},
      {"ca_canada_day_window_edge", kConsentWithdrawn, 10, CaCanadaDay},
      {"ca_thanksgiving_window_edge", kConsentWithdrawn, 8, CaThanksgiving},
      {"dst_fall_back_inside_window", kConsentWithdrawn, 10, DstFallBack},
      {"dst_spring_forward_inside_window", kConsentWithdrawn, 8, DstSpringForward},
  });
}

}  // namespace consentry::gen_internal
