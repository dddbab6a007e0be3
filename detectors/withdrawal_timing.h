#pragma once
// When must a withdrawal have been honoured? The one function consent.withdrawn and the engine's
// honouring-delay statistics share, so a message is "inside the window" for the reports exactly
// when consent.withdrawn stays quiet about it.
//
// Thread safety: pure functions of their arguments.

#include <optional>

#include "core/events.h"
#include "core/time.h"
#include "detectors/consent_standing.h"
#include "detectors/policy.h"
#include "detectors/taxonomy.h"
#include "state/consent_ledger.h"

namespace consentry {

struct WithdrawalTiming {
  const ConsentEvent* withdrawal = nullptr;  // the governing withdrawal or objection (in ledger)
  bool via_revoke_all = false;  // it covers the message only through the policy's revoke-all
  HonouringWindow window;       // the policy's window for the message's channel
  Timestamp deadline;           // a message sent at or after it is late
  // The policy's calendar or time zone could not be used (only possible for a PolicySet that
  // skipped Add's checks): the deadline was counted as window.business_days calendar days,
  // which is never later than the business-day deadline.
  bool deadline_fallback = false;
  bool inside_window = false;   // sent_at < deadline: no alert, the delay goes to the reports
  Duration delay{0};            // sent_at - withdrawal->recorded_at
};

// The timing for `message` when a withdrawal or objection governs it (judgement.standing is
// kWithdrawn), else nullopt. Also nullopt when the message's purpose needs no consent and is
// not marketing: a withdrawal cannot withdraw what never rested on consent. `judgement` must
// come from JudgeConsent for the same message.
std::optional<WithdrawalTiming> TimingOf(const OutboundEvent& message,
                                         const ConsentJudgement& judgement,
                                         const PolicySet& policies);

// For the engine: the same from the subject's ledger. Messages this returns with inside_window
// set are the ones to count as "sent inside an honouring window" (per policy, channel and day).
std::optional<WithdrawalTiming> WithdrawalTimingFor(const OutboundEvent& message,
                                                    const ConsentLedger& ledger,
                                                    const Taxonomy& taxonomy,
                                                    const PolicySet& policies);

}  // namespace consentry
