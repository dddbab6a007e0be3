#pragma once
// BatchOverlay: the in-memory state of one batch on the hot path (design section 4).
//
//   BatchOverlay overlay;
//   for (event : batch) overlay.WantSubject(event.subject), overlay.WantCampaign(...);
//   CONSENTRY_RETURN_IF_ERROR(overlay.Load(store));   // one MultiGet per family
//   ... detectors read through StateView; state updates go through MutableLedger/PutCampaign ...
//   StoreBatch batch;
//   overlay.Flush(batch);                              // every changed value
//   batch.PutInputOffset(topic, partition, next);      // plus the offsets
//   CONSENTRY_RETURN_IF_ERROR(store.Write(batch));     // one atomic WriteBatch
//
// Values loaded once stay in the overlay until Clear(), so a runner may keep it across batches
// as a cache of hot subjects, as long as it is the only writer of those keys.
//
// Thread-compatible. References returned by Ledger()/MutableLedger()/Campaign() stay valid until
// Clear() or destruction (entries are never moved).

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/events.h"
#include "core/ids.h"
#include "core/status.h"
#include "state/consent_ledger.h"
#include "state/state_view.h"
#include "state/store.h"

namespace consentry {

class BatchOverlay final : public StateView {
 public:
  BatchOverlay() = default;
  BatchOverlay(const BatchOverlay&) = delete;
  BatchOverlay& operator=(const BatchOverlay&) = delete;

  // Gathering: remember a key the batch needs. Cheap if already wanted or loaded.
  void WantSubject(const SubjectId& subject);
  void WantCampaign(const CampaignId& campaign);

  // Loads every wanted key not loaded yet: one MultiGet per family. A stored value that does not
  // decode is DataLoss naming the family; on any error nothing is marked loaded and the wanted
  // keys stay pending, so Load can be retried.
  Status Load(Store& store);

  // StateView. Unknown or not-loaded subjects read as an empty ledger (and count as a miss).
  const ConsentLedger& Ledger(const SubjectId& subject) const override;
  const CampaignDeclaration* Campaign(const CampaignId& campaign) const override;

  // The ledger of a subject that was wanted and loaded; marks it dirty. Asking for one that was
  // not loaded is a bug of the caller (the change would overwrite stored decisions) and aborts.
  ConsentLedger& MutableLedger(const SubjectId& subject);
  // The latest declaration replaces any earlier one; marks it dirty. Needs no Load.
  void PutCampaign(CampaignDeclaration campaign);

  // Adds a Put for every dirty value to `batch`, then clears the dirty flags.
  void Flush(StoreBatch& batch);
  // Forgets everything: wanted, loaded and dirty values (dirty changes are dropped).
  void Clear();

  size_t loaded_subjects() const { return loaded_subjects_; }
  size_t loaded_campaigns() const { return loaded_campaigns_; }
  // Number of Ledger() reads of subjects that were never loaded: non-zero means the gathering
  // step missed a key (a bug of the caller worth a metric).
  uint64_t ledger_misses() const { return ledger_misses_; }

 private:
  struct SubjectEntry {
    ConsentLedger ledger;
    bool loaded = false;
    bool dirty = false;
  };
  struct CampaignEntry {
    std::optional<CampaignDeclaration> declaration;
    bool loaded = false;
    bool dirty = false;
  };

  Status LoadSubjects(Store& store);
  Status LoadCampaigns(Store& store);

  std::unordered_map<SubjectId, SubjectEntry> subjects_;
  std::unordered_map<CampaignId, CampaignEntry> campaigns_;
  std::vector<const SubjectId*> wanted_subjects_;    // keys of subjects_, not loaded yet
  std::vector<const CampaignId*> wanted_campaigns_;  // keys of campaigns_, not loaded yet
  // Dirty entries in the order they were first changed, so Flush is O(changes), not O(cache).
  std::vector<const SubjectId*> dirty_subjects_;
  std::vector<const CampaignId*> dirty_campaigns_;
  size_t loaded_subjects_ = 0;
  size_t loaded_campaigns_ = 0;
  mutable uint64_t ledger_misses_ = 0;
};

}  // namespace consentry
