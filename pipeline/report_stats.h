#pragma once
// The regulator-report aggregates of one batch (state/stats_cell.h): the engine notes each judged
// message once (with its honouring delay and the rules its findings broke) and each alert or
// retraction a late input causes; once the batch is judged, Apply adds them to the cells in the
// overlay (loading those not cached) and returns every cell it changed, whole, for the sink to
// publish on `consentry.stats` in the batch's commit. The cells themselves are written with the
// batch's other state.
//
// Thread-compatible.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/alert.h"
#include "core/events.h"
#include "core/status.h"
#include "detectors/detector.h"
#include "state/overlay.h"
#include "state/stats_cell.h"
#include "state/store.h"

namespace consentry {

class ReportStats {
 public:
  // `input_partitions`: the subject-keyed inputs' partition count, which places a subject's cell
  // on its partition (0: a replay, everything on partition 0).
  explicit ReportStats(int32_t input_partitions) : input_partitions_(input_partitions) {}

  // A message judged on input `partition`: screened, AI disclosure, `honoured` (the delay since a
  // withdrawal when it went out inside the honouring window) and an alert per finding.
  void Judged(int32_t partition, const OutboundEvent& message,
              const std::vector<Finding>& findings, std::optional<Duration> honoured);
  // A late alert (kind "alert") or a retraction, from a correction.
  void Corrected(const Alert& alert);

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
    std::map<std::string, int64_t> violations;  // detector -> alerts less retractions
    std::vector<Duration> delays;
  };
  // The change of the cell of (`partition`, the day of `sent_at`, tenant, channel, purpose,
  // jurisdiction).
  Change& CellOf(int32_t partition, Timestamp sent_at, const TenantId& tenant,
                 std::string_view channel, const std::string& purpose,
                 const std::string& jurisdiction);

  int32_t input_partitions_;
  std::unordered_map<StatsCellKey, Change> changes_;
};

}  // namespace consentry
