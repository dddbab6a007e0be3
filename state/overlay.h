#pragma once
// BatchOverlay: the in-memory state of one batch on the hot path (design section 4).
//
//   BatchOverlay overlay;
//   for (event : batch) overlay.WantLedger(subject), overlay.WantCampaign(...), ...;
//   CONSENTRY_RETURN_IF_ERROR(overlay.Load(store));   // one MultiGet per family
//   ... detectors read through StateView; updates go through Mutable*() ...
//   StoreBatch batch;
//   overlay.Flush(batch);                              // every changed value
//   batch.PutInputOffset(topic, partition, next);      // plus the offsets
//   CONSENTRY_RETURN_IF_ERROR(store.Write(batch));     // one atomic WriteBatch
//
// Values loaded once stay in the overlay until Clear(), so a runner may keep it across batches
// as a cache of hot subjects, as long as it is the only writer of those keys.
//
// Thread-compatible. References returned by the readers and Mutable*() stay valid until Clear().

#include <cstdint>

#include "core/events.h"
#include "core/ids.h"
#include "core/status.h"
#include "state/campaign_history.h"
#include "state/consent_ledger.h"
#include "state/honouring_delays.h"
#include "state/keyed_values.h"
#include "state/seen_message.h"
#include "state/state_view.h"
#include "state/store.h"
#include "state/suppression_history.h"

namespace consentry {

class BatchOverlay final : public StateView {
 public:
  BatchOverlay();

  // Gathering: remember a key the batch needs. Cheap if already wanted or loaded.
  void WantLedger(const SubjectId& subject) { ledgers_.Want(subject); }
  void WantSuppressions(const SubjectId& subject) { suppressions_.Want(subject); }
  void WantCampaign(const CampaignId& campaign) { campaigns_.Want(campaign); }
  void WantSeen(const MessageRef& message) { seen_.Want(message); }
  void WantDelays(const DelayKey& key) { delays_.Want(key); }

  // Loads every wanted key not loaded yet: one MultiGet per family. A stored value that does not
  // decode is DataLoss naming the family; wanted keys stay pending on error, so Load can retry.
  Status Load(Store& store);

  // StateView. Keys that were never loaded read as empty (and count as a miss).
  const ConsentLedger& Ledger(const SubjectId& subject) const override;
  const CampaignHistory* Campaign(const CampaignId& campaign) const override;
  const SuppressionHistory& Suppressions(const SubjectId& subject) const override;

  // Whether an outbound message was seen before (idempotency); empty when never.
  const SeenMessage& Seen(const MessageRef& message) const;

  // A loaded value, marked dirty. Asking for one that was not loaded aborts (our bug).
  ConsentLedger& MutableLedger(const SubjectId& subject) { return ledgers_.Mutable(subject); }
  SuppressionHistory& MutableSuppressions(const SubjectId& subject) {
    return suppressions_.Mutable(subject);
  }
  CampaignHistory& MutableCampaign(const CampaignId& campaign) {
    return campaigns_.Mutable(campaign);
  }
  SeenMessage& MutableSeen(const MessageRef& message) { return seen_.Mutable(message); }
  DelayHistogram& MutableDelays(const DelayKey& key) { return delays_.Mutable(key); }

  // Adds a Put (or Delete) for every dirty value to `batch`, then clears the dirty flags.
  void Flush(StoreBatch& batch);
  // Forgets everything: wanted, loaded and dirty values (dirty changes are dropped).
  void Clear();

  // Values loaded (ledgers, suppression histories, seen messages): the size of the cache.
  size_t loaded_entries() const {
    return ledgers_.loaded() + suppressions_.loaded() + seen_.loaded();
  }
  size_t loaded_campaigns() const { return campaigns_.loaded(); }
  // Reads of keys that were never loaded: non-zero means the gathering step missed a key (a bug
  // of the caller worth a metric).
  uint64_t misses() const {
    return ledgers_.misses() + suppressions_.misses() + campaigns_.misses() + seen_.misses();
  }

 private:
  KeyedValues<SubjectId, ConsentLedger> ledgers_;
  KeyedValues<SubjectId, SuppressionHistory> suppressions_;
  KeyedValues<CampaignId, CampaignHistory> campaigns_;
  KeyedValues<MessageRef, SeenMessage> seen_;
  KeyedValues<DelayKey, DelayHistogram> delays_;
};

}  // namespace consentry
