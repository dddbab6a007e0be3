#include "detectors/consent_lookup.h"

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

}  // namespace consentry
