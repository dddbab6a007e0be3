#pragma once
// The regulator-report aggregates of one batch (state/stats_cell.h): the engine notes each judged
// message, each honouring delay and each message-level alert and retraction as it goes; once the
// batch is judged, Apply adds them to the cells in the overlay (loading those not cached) and
// returns every cell it changed, whole, for the sink to publish on `consentry.stats` in the
// batch's commit. The cells themselves are written with the batch's other state.
//
// Thread-compatible.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/alert.h"
#include "core/events.h"
#include "core/status.h"
#include "state/overlay.h"
#include "state/stats_cell.h"
#include "state/store.h"

namespace consentry {

class ReportStats {
 public:
  // `input_partitions`: the subject-keyed inputs' partition count, which places a subject's cell
  // on its partition (0: a replay, everything on partition 0).
  explicit ReportStats(int32_t input_partitions) : input_partitions_(input_partitions) {}

  void Judged(const OutboundEvent& message);
  void Honoured(const OutboundEvent& message, Duration delay);
  // A message-level alert (kind "alert") or its retraction; sender-level alerts are not counted.
  void Alerted(const Alert& alert);

  // Adds what was noted to the overlay's cells and returns the changed cells; forgets the notes.
  // On an error nothing was changed and the notes stay.
  StatusOr<std::vector<StatsRecord>> Apply(BatchOverlay& overlay, Store& store);
  // Drops the notes (a failed batch).
  void Clear() { changes_.clear(); }

 private:
  struct Change {
    int64_t screened = 0;
    int64_t ai_generated = 0;
    int64_t ai_disclosed = 0;
    std::vector<std::pair<std::string, int>> violations;  // detector, +1 or -1, in order
    std::vector<Duration> delays;
  };
  StatsCellKey KeyOf(const SubjectId& subject, Timestamp sent_at, const TenantId& tenant,
                     std::string channel, std::string purpose, std::string jurisdiction) const;

  int32_t input_partitions_;
  std::unordered_map<StatsCellKey, Change> changes_;
};

}  // namespace consentry
