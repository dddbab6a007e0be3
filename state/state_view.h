#pragma once
// The read-only view of state that detectors see while judging one outbound message. The
// pipeline backs it with a BatchOverlay (state/overlay.h); tests back it with plain maps.
// Detectors never touch RocksDB or Kafka directly. References stay valid for the duration of
// one Evaluate call.

#include "core/events.h"
#include "core/ids.h"
#include "state/campaign_history.h"
#include "state/consent_ledger.h"
#include "state/frequency_window.h"
#include "state/suppression_history.h"

namespace consentry {

// What a detector reads, so the engine loads exactly that (one MultiGet per family it needs).
enum class StateNeed : unsigned {
  kNone = 0,
  kLedger = 1u << 0,        // the subject's consent ledger
  kCampaign = 1u << 1,      // the message's campaign declarations
  kSuppression = 1u << 2,   // the subject's do-not-contact entries
  kFrequency = 1u << 3,     // the subject's message counters (frequency.cap)
};
constexpr StateNeed operator|(StateNeed a, StateNeed b) {
  return static_cast<StateNeed>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr bool Has(StateNeed set, StateNeed need) {
  return (static_cast<unsigned>(set) & static_cast<unsigned>(need)) != 0;
}

class StateView {
 public:
  virtual ~StateView() = default;
  // Every consent decision recorded for `subject` (all tenants), in event-time order. An empty
  // ledger when none is known.
  virtual const ConsentLedger& Ledger(const SubjectId& subject) const = 0;
  // Every known version of `campaign`'s declaration, or nullptr if it was never declared. Use
  // CampaignHistory::At(sent_at) for the version in force.
  virtual const CampaignHistory* Campaign(const CampaignId& campaign) const = 0;
  // The subject's do-not-contact entries (all lists, all tenants), empty when none is known.
  virtual const SuppressionHistory& Suppressions(const SubjectId& subject) const = 0;
  // The messages `subject` received (all tenants), counted per second, tenant, channel and
  // purpose; the message being judged is already in it. Empty when none is known.
  virtual const FrequencyWindow& Frequency(const SubjectId& subject) const = 0;
};

}  // namespace consentry
