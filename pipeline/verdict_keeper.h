#pragma once
// Late-data corrections (design §3): every judged message is kept for the correction horizon
// (family `verdicts`) with the rules that fired on it. When an input arrives after a message sent
// at or after its event time was judged in its partition (a late input), the subject's kept
// messages sent at or after that input's event time are judged again with the corrected state, and the difference is published: a
// retraction (kind "retraction", the same alert_id) for an alert that no longer holds, a late
// alert (late: true) for a rule that now fires. So a run and a replay give the same net alerts
// whatever the arrival order inside the horizon. Messages older than the horizon are not
// revisited (their inputs still update state and are counted), which keeps state bounded.
//
// Campaign declarations are a global table without event time: a declaration that arrives
// after a message was judged is not a correction (documented in docs/processing.md).
//
// Thread-compatible.

#include <functional>
#include <map>
#include <vector>

#include "alerts/alert.h"
#include "core/events.h"
#include "core/time.h"
#include "detectors/detector.h"
#include "state/overlay.h"
#include "state/store.h"
#include "state/verdict.h"

namespace consentry {

class VerdictKeeper {
 public:
  // A zero horizon keeps nothing and corrects nothing.
  VerdictKeeper(Store& store, Duration horizon) : store_(store), horizon_(horizon) {}

  bool enabled() const { return horizon_ > Duration(0); }
  Duration horizon() const { return horizon_; }

  // Keeps a message just judged, with what fired on it.
  void Keep(const OutboundEvent& message, const std::vector<Finding>& findings,
            StoreBatch& writes) const;

  // A late input changed `subject`'s state: its messages sent from `from` on are judged again.
  // `from` is the input's event time, or the start of the horizon when the input arrived if
  // that is later (never below the store's expiry floor, which trails every watermark).
  void Touch(const SubjectId& subject, Timestamp from);
  bool touched() const { return !touched_.empty(); }
  bool Touched(const SubjectId& subject) const { return touched_.contains(subject); }
  std::vector<SubjectId> TouchedSubjects() const;

  // Reads the kept messages of the touched subjects sent at or after their `from`, and wants
  // what their detectors read in `overlay` (the caller loads it).
  Status Load(BatchOverlay& overlay);

  using JudgeFn = std::function<std::vector<Finding>(const OutboundEvent&)>;
  using EmitFn = std::function<Status(Alert)>;
  // Judges the loaded messages again and emits the corrections; rewrites what changed.
  Status Correct(const JudgeFn& judge, const EmitFn& emit, Timestamp now, StoreBatch& writes,
                 int64_t* retractions, int64_t* late_alerts);

 private:
  Store& store_;
  Duration horizon_;
  std::map<SubjectId, Timestamp> touched_;  // subject -> earliest `from`
  std::vector<Verdict> loaded_;
};

}  // namespace consentry
