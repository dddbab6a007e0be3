#include "fuzz/alert_checks.h"

#include "alerts/alert_decode.h"
#include "alerts/quoted_decisions.h"

namespace consentry::fuzz {
namespace {

// Each decision found is itself a decision object that quotes exactly itself.
void CheckQuotedDecisions(std::string_view evidence) {
  auto decisions = QuotedDecisions(evidence);
  if (!decisions.ok()) return;
  for (const QuotedDecision& d : *decisions) {
    auto again = QuotedDecisions(d.json);
    if (!again.ok() || again->size() != 1 || (*again)[0].event_id != d.event_id ||
        (*again)[0].recorded_at != d.recorded_at || (*again)[0].json != d.json) {
      __builtin_trap();
    }
  }
}

}  // namespace

bool CheckAlertBytes(std::string_view bytes) {
  CheckQuotedDecisions(bytes);
  auto decoded = DecodeAlert(bytes);
  if (!decoded.ok()) return false;
  const std::string json = ToJson(*decoded);
  auto again = DecodeAlert(json);
  if (!again.ok() || ToJson(*again) != json) __builtin_trap();
  CheckQuotedDecisions(decoded->evidence_json);
  return true;
}

}  // namespace consentry::fuzz
