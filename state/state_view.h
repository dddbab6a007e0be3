#pragma once
// The read-only view of state that detectors see while judging one outbound message. The
// pipeline backs it with a BatchOverlay (state/overlay.h); tests back it with plain maps.
// Detectors never touch RocksDB or Kafka directly.

#include "core/events.h"
#include "core/ids.h"
#include "state/consent_ledger.h"

namespace consentry {

class StateView {
 public:
  virtual ~StateView() = default;
  // Every consent decision recorded for `subject` (all tenants), in event-time order. An empty
  // ledger when none is known. The reference stays valid for the duration of one Evaluate call.
  virtual const ConsentLedger& Ledger(const SubjectId& subject) const = 0;
  // The latest declaration of `campaign`, or nullptr if none is known.
  virtual const CampaignDeclaration* Campaign(const CampaignId& campaign) const = 0;
};

}  // namespace consentry
