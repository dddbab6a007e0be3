#include "detectors/consent_withdrawn/consent_withdrawn.h"

#include <chrono>
#include <string>

#include "core/json_writer.h"
#include "detectors/consent_lookup.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

// "12 days", "1 day", "5 hours", "3 minutes", "0 seconds": whole units, rounded down.
std::string HumanDuration(Duration d) {
  using namespace std::chrono;
  const auto plural = [](int64_t n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  if (d >= days(1)) return plural(duration_cast<days>(d).count(), "day");
  if (d >= hours(1)) return plural(duration_cast<hours>(d).count(), "hour");
  if (d >= minutes(1)) return plural(duration_cast<minutes>(d).count(), "minute");
  return plural(duration_cast<seconds>(d).count(), "second");
}

std::string Reason(const OutboundEvent& m, const ConsentEvent& decision, const Policy& policy,
                   Duration window, const PolicyClause& clause) {
  const bool objected = decision.action == ConsentAction::kObject;
  std::string r = "Sent ";
  r += HumanDuration(m.sent_at - decision.recorded_at);
  r += objected ? " after the person objected to " : " after the person withdrew consent for ";
  r += Printable(m.purpose);
  r += " on ";
  r += FormatRfc3339(decision.recorded_at);
  r += "; the ";
  r += Printable(policy.name);
  r += " policy requires honouring ";
  r += objected ? "an objection " : "a withdrawal ";
  r += window == Duration(0) ? "without undue delay" : "within " + HumanDuration(window);
  r += " (";
  r += clause.source;
  r += ").";
  return r;
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> ConsentWithdrawnDetector::Create(
    const DetectorParams& params, const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kHigh));
  return std::unique_ptr<Detector>(new ConsentWithdrawnDetector(env.policies, severity));
}

void ConsentWithdrawnDetector::Evaluate(const OutboundEvent& message, const StateView& state,
                                        std::vector<Finding>& findings) const {
  const CoveringLookup lookup = FindLatestCovering(state.Ledger(message.subject), message);
  const ConsentEvent* decision = lookup.latest;
  // An objection only ever covers a marketing message (consent_lookup.h), so no purpose check
  // is needed here.
  if (decision == nullptr || (decision->action != ConsentAction::kWithdraw &&
                              decision->action != ConsentAction::kObject)) {
    return;
  }
  const Policy& policy = policies_.For(message.jurisdiction);
  const Duration window = policy.WithdrawalWindow(message.channel);
  const Timestamp deadline = decision->recorded_at + window;
  if (message.sent_at < deadline) return;  // inside the honouring window

  const PolicyClause& clause = policy.WithdrawalClause(message.channel);
  const Duration delay = message.sent_at - decision->recorded_at;
  const auto seconds = [](Duration d) {
    return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(d).count());
  };

  JsonWriter w;
  BeginConsentEvidence(w, policy, clause, message, policies_.Chain(message.jurisdiction));
  w.Key("withdrawal");
  WriteConsentDecision(w, *decision);
  w.Field("window_seconds", seconds(window));
  w.Field("deadline", FormatRfc3339(deadline));
  w.Field("delay_seconds", seconds(delay));
  w.Field("delay_micros", static_cast<int64_t>(delay.count()));
  w.Field("decisions_considered", lookup.decisions_considered);
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = Reason(message, *decision, policy, window, clause),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
