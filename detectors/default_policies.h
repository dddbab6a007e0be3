#pragma once
// The shipped jurisdiction policies (design section 2), one builder each, so their clauses and
// sources can be read in one place: detectors/default_policies.cc. PolicySet::Default() adds
// them; the clauses of the campaign, content and suppression rules are set there too.

#include <vector>

#include "detectors/policy.h"

namespace consentry {

// Where no specific policy applies: consentry's own strict policy (consent on every channel,
// withdrawals honoured at once).
Policy BuiltinDefaultPolicy();
// EU/EEA: ePrivacy art. 13 consent for electronic mail only; GDPR withdrawal and objection with
// a 2-day grace (calendar time, a product choice).
Policy BuiltinEuPolicy();
// US: TCPA consent for calls and texts, CAN-SPAM opt-out for email, 10 business days on the US
// federal calendar in America/New_York, revoke-all from 2027-01-31.
Policy BuiltinUsPolicy();
// Canada: CASL consent and implied-consent expiry, 10 business days on the federal calendar in
// America/Toronto.
Policy BuiltinCaPolicy();

// ---- Quiet hours: the US states whose calling hours are stricter than the TCPA's (US-FL,
// US-MD, US-OK: 08:00-20:00). PolicySet::For() takes the whole most specific policy, so each is
// a copy of `us` (the finished US policy) that differs only in its name and quiet hours.
std::vector<Policy> BuiltinUsStatePolicies(const Policy& us);
// ---- end of quiet hours

// ---- frequency.cap: the statutory caps per jurisdiction key (US-FL, US-MD, US-OK: at most 3
// marketing calls or texts per 24 h on the same subject matter, across voice, SMS and MMS and
// across sending numbers). PolicySet::Default() sets them; a config replaces them per key.
std::map<std::string, std::vector<FrequencyCap>> BuiltinFrequencyCaps();
// ---- end of frequency.cap

}  // namespace consentry
