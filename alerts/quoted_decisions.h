#pragma once
// The consent decisions an alert's evidence quotes: every object in the evidence that has a
// `recorded_at` and an `action` (the decision object of docs/detectors.md, wherever a detector
// put it: the withdrawal, the grant that expired, the third-party grant, ...). What `serve`
// answers for "which of this subject's decisions did its alerts rest on"; the full timeline is
// `consentry explain` on the instance that owns the subject.

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace consentry {

struct QuotedDecision {
  std::string event_id;     // the decision's own event id ("" when the evidence lacks it)
  std::string recorded_at;  // as quoted (RFC 3339)
  std::string json;         // the decision object, minified
};

// The decisions quoted in `evidence_json`, each once (by event id and time), in the order they
// appear. InvalidArgument when the evidence is not JSON; never crashes (fuzz/alert_fuzz.cc).
StatusOr<std::vector<QuotedDecision>> QuotedDecisions(std::string_view evidence_json);

}  // namespace consentry
