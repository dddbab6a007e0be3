#pragma once
// The Detector interface. A detector sees one decoded outbound message and a read-only view of
// state, and appends zero or more findings. It never touches RocksDB or Kafka, never throws, and
// is stateless between calls (all state comes through the StateView), so the same input always
// gives the same findings.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "state/state_view.h"

namespace consentry {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };
// "info", "low", "medium", "high", "critical" (the alert.v1 spelling).
std::string_view Name(Severity s);
// The inverse of Name(Severity); nullopt for any other word.
std::optional<Severity> ParseSeverity(std::string_view s);

struct Finding {
  std::string detector;      // stable name, e.g. "consent.missing"
  std::string rule_version;  // bumped whenever the rule's meaning changes
  Severity severity = Severity::kMedium;
  std::string reason;         // one plain sentence a reviewer understands
  std::string evidence_json;  // a JSON object: what the verdict rests on
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual std::string_view Name() const = 0;
  virtual std::string_view RuleVersion() const = 0;
  // The state Evaluate reads; the engine loads only what some enabled detector needs.
  virtual StateNeed Needs() const = 0;
  virtual void Evaluate(const OutboundEvent& message, const StateView& state,
                        std::vector<Finding>& findings) const = 0;
};

}  // namespace consentry
