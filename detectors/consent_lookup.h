#pragma once
// "Which consent decisions cover this message?" — the first step of the consent detectors'
// shared judgement (consent_standing.h, which adds revoke-all and decides which covering
// decision counts).
//
// A decision covers a message when all of these hold:
//   - its tenant is the message's tenant (for third-party consent the tenant field still names
//     the consenting brand; named_senders is judged by consent.third_party_unnamed, not here);
//   - its channels contain the message's channel ("*" contains every channel);
//   - one of its purposes equals the message's purpose or is an ancestor of it;
//   - it was recorded at or before sent_at (event time, not arrival order);
//   - it is not an objection to a non-marketing message: an objection (GDPR art. 21(3)) only
//     reaches direct marketing and never blocks transactional or other purposes.

#include "core/events.h"
#include "state/consent_ledger.h"

namespace consentry {

bool DecisionCovers(const ConsentEvent& decision, const OutboundEvent& message);

}  // namespace consentry
