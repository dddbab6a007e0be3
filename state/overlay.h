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
#include <unordered_map>

#include "core/events.h"
#include "core/ids.h"
#include "core/status.h"
#include "state/campaign_history.h"
#include "state/consent_ledger.h"
#include "state/frequency_window.h"
#include "state/keyed_values.h"
#include "state/seen_message.h"
#include "state/state_view.h"
#include "state/stats_cell.h"
#include "state/store.h"
#include "state/suppression_history.h"

namespace consentry {

class BatchOverlay final : public StateView {
 public:
  // `engine`: whose copy of the campaign table to read and write (state/keys.h CampaignKey).
  explicit BatchOverlay(int engine = 0);

  // Gathering: remember a key the batch needs. Cheap if already wanted or loaded.
  void WantLedger(const SubjectId& subject) { ledgers_.Want(subject); }
  void WantSuppressions(const SubjectId& subject) { suppressions_.Want(subject); }
  void WantCampaign(const CampaignId& campaign) { campaigns_.Want(campaign); }
  void WantSeen(const MessageRef& message) { seen_.Want(message); }
  void WantStats(const StatsCellKey& key) { stats_.Want(key); }
  // frequency.cap: the subject's message counters (family windows).
  void WantFrequency(const SubjectId& subject) { frequency_.Want(subject); }

  // Loads every wanted key not loaded yet: one MultiGet per family. A stored value that does not
  // decode is DataLoss naming the family; wanted keys stay pending on error, so Load can retry.
  Status Load(Store& store);

  // StateView. Keys that were never loaded read as empty (and count as a miss).
  const ConsentLedger& Ledger(const SubjectId& subject) const override;
  const CampaignHistory* Campaign(const CampaignId& campaign) const override;
  const SuppressionHistory& Suppressions(const SubjectId& subject) const override;
  const FrequencyWindow& Frequency(const SubjectId& subject) const override;

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
  // Records a judged message's id without reading the stored entry (it is known to be new).
  void PutSeen(const MessageRef& message, SeenMessage seen) { seen_.Put(message, seen); }
  StatsCell& MutableStats(const StatsCellKey& key) { return stats_.Mutable(key); }

  // ---- frequency.cap. Counts `message` in its subject's window (which must be loaded) and
  // keeps the same count as a merge operand for Flush, so the cached value and RocksDB agree
  // without rewriting the whole value. Buckets before `drop_before` leave the cached value (the
  // compaction filter drops them from RocksDB; state/windows_filter.h), which keeps a hot
  // subject's cache bounded.
  void AddToFrequency(const OutboundEvent& message, Timestamp drop_before);
  // Forgets the subject's cached window, so the next Load reads it whole from the store. Only
  // between Load and the first AddToFrequency of a batch.
  void ForgetFrequency(const SubjectId& subject) { frequency_.Forget(subject); }
  // ---- end of frequency.cap

  // Adds a Put (or Delete) for every dirty value and a Merge for every frequency operand to
  // `batch`, then clears the dirty flags and the operands.
  void Flush(StoreBatch& batch);
  // Forgets everything: wanted, loaded and dirty values (dirty changes are dropped).
  void Clear();
  // After Flush, between batches: when the cached values (ledgers, suppressions, frequency
  // windows, campaigns, report cells) take more than `max_bytes` together, forgets the least
  // recently wanted, whatever their family, down to half of it; of the seen messages only the
  // last batch's stay (each id comes once, so keeping them would only crowd out subjects).
  // `max_bytes` 0 is Clear().
  void Trim(size_t max_bytes);
  // The heap bytes the cache holds, as estimated (state/heap_bytes.h).
  size_t cached_bytes() const;

  // How often a batch wanted a subject's value (ledger, suppressions, frequency window) and how
  // often the cache held it already.
  struct CacheStats {
    uint64_t wanted = 0;
    uint64_t held = 0;
    size_t bytes = 0;            // cached_bytes()
    size_t frequency_bytes = 0;  // of which frequency windows
  };
  CacheStats cache_stats() const;

  // Values loaded (ledgers, suppression histories, seen messages, frequency windows): the size
  // of the cache.
  size_t loaded_entries() const {
    return ledgers_.loaded() + suppressions_.loaded() + seen_.loaded() + frequency_.loaded();
  }
  size_t loaded_campaigns() const { return campaigns_.loaded(); }
  // Reads of keys that were never loaded: non-zero means the gathering step missed a key (a bug
  // of the caller worth a metric).
  uint64_t misses() const {
    return ledgers_.misses() + suppressions_.misses() + campaigns_.misses() + seen_.misses() +
           frequency_.misses();
  }

 private:
  KeyedValues<SubjectId, ConsentLedger> ledgers_;
  KeyedValues<SubjectId, SuppressionHistory> suppressions_;
  KeyedValues<CampaignId, CampaignHistory> campaigns_;
  KeyedValues<MessageRef, SeenMessage> seen_;
  KeyedValues<StatsCellKey, StatsCell> stats_;
  // frequency.cap: the cached windows, and this batch's additions per subject (the operands).
  KeyedValues<SubjectId, FrequencyWindow> frequency_;
  std::unordered_map<SubjectId, FrequencyWindow> frequency_operands_;
};

}  // namespace consentry
