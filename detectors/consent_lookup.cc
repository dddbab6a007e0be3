#include "detectors/consent_lookup.h"

#include <tuple>

#include "detectors/taxonomy.h"

namespace consentry {

bool DecisionCovers(const ConsentEvent& decision, const OutboundEvent& message) {
  if (decision.tenant != message.tenant) return false;
  if (decision.recorded_at > message.sent_at) return false;
  if (!decision.channels.Contains(message.channel)) return false;
  if (decision.action == ConsentAction::kObject && !Taxonomy::IsMarketing(message.purpose)) {
    return false;
  }
  for (const std::string& purpose : decision.purposes) {
    if (Taxonomy::Covers(purpose, message.purpose)) return true;
  }
  return false;
}

CoveringLookup FindLatestCovering(const ConsentLedger& ledger, const OutboundEvent& message) {
  CoveringLookup result;
  // The ledger is ordered, but the comparison below does not rely on it: a full scan costs the
  // same and stays correct even if a caller hands us an unordered ledger.
  for (const ConsentEvent& d : ledger.decisions()) {
    if (d.tenant != message.tenant || d.recorded_at > message.sent_at) continue;
    ++result.decisions_considered;
    if (!DecisionCovers(d, message)) continue;
    ++result.covering_decisions;
    if (result.latest == nullptr ||
        std::tie(d.recorded_at, d.event_id) >
            std::tie(result.latest->recorded_at, result.latest->event_id)) {
      result.latest = &d;
    }
  }
  return result;
}

}  // namespace consentry
