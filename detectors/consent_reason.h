#pragma once
// Pieces of the reason sentences the consent detectors share, so they read alike. Every piece
// built from input fields goes through Printable (hidden characters escaped); none names the
// subject.

#include <string>

#include "core/events.h"
#include "detectors/policy.h"

namespace consentry {

// "sms message for marketing.communications.sms from tenant acme at 2026-03-01T10:00:00Z".
std::string DescribeMessage(const OutboundEvent& message);

// The jurisdiction as the sentence names it: "DK", or "the default policy (no jurisdiction
// given)".
std::string WhereOf(const OutboundEvent& message);

// "<rule> in <where> (<source>)." — the end of a consent detector's sentence.
std::string QuoteClauseIn(const Policy::CitedClause& clause, const OutboundEvent& message);

// "12 days", "1 day", "5 hours", "3 minutes", "0 seconds": whole units, rounded down.
std::string HumanDuration(Duration d);

}  // namespace consentry
