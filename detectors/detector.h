#pragma once
// The Detector interface. A detector sees one decoded outbound message and a read-only view of
// state, and appends zero or more findings. It never touches RocksDB or Kafka, never throws, and
// is stateless between calls (all state comes through the StateView), so the same input always
// gives the same findings.
//
// The engine judges a message with one Evaluation shared by every detector, so what several
// detectors derive from the same state is derived once: the consent judgement
// (detectors/consent_standing.h), i.e. one covering-decision lookup per message for all four
// consent detectors and the honouring-delay count.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "detectors/consent_standing.h"
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

// One message being judged. Lives for one round of detectors over the message; the references
// must outlive it.
class Evaluation {
 public:
  Evaluation(const OutboundEvent& message, const StateView& state)
      : message(message), state(state) {}
  Evaluation(const Evaluation&) = delete;
  Evaluation& operator=(const Evaluation&) = delete;

  const OutboundEvent& message;
  const StateView& state;

  // JudgeConsent(message, its subject's ledger, taxonomy, policies), computed by the first
  // caller and shared by the rest. Every detector of one engine is built from one DetectorEnv,
  // so they all pass the same taxonomy and policies (checked).
  const ConsentJudgement& Consent(const Taxonomy& taxonomy, const PolicySet& policies) const;

 private:
  mutable std::optional<ConsentJudgement> consent_;
  mutable const Taxonomy* taxonomy_ = nullptr;
  mutable const PolicySet* policies_ = nullptr;
};

class Detector {
 public:
  virtual ~Detector() = default;
  virtual std::string_view Name() const = 0;
  virtual std::string_view RuleVersion() const = 0;
  // The state Judge reads; the engine loads only what some enabled detector needs.
  virtual StateNeed Needs() const = 0;
  // Appends this detector's findings about the evaluated message.
  virtual void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const = 0;

  // One detector alone (tests, tools): a fresh Evaluation.
  void Evaluate(const OutboundEvent& message, const StateView& state,
                std::vector<Finding>& findings) const {
    Judge(Evaluation(message, state), findings);
  }
};

}  // namespace consentry
