#pragma once
// What `consentry explain` shows, and its two renderings: text for a person (explain_view.cc)
// and one JSON object (explain_json.cc).
// app/explain_command.cc fills an Explanation from the state store; this file only formats it.
//
// Nothing here prints a subject id except Explanation::subject (the one the user asked for):
// decisions are written without their subject field, and detector evidence never holds one
// (detectors/serialize.h). Campaign declarations, in the timeline and in evidence, are shown
// without their `owner`.

#include <optional>
#include <string>
#include <vector>

#include "core/events.h"
#include "core/time.h"
#include "detectors/detector.h"

namespace consentry {

// How the consent detectors stand on one message (detectors/consent_standing.h), so "no finding"
// can say why.
struct ExplainedConsent {
  bool needed = false;
  std::string standing;                      // "granted", "none", "withdrawn", ...
  std::optional<ConsentEvent> decision;      // the decision the standing rests on
  std::optional<Timestamp> expired_at;       // for "expired"
  std::string expiry;                        // "expires_at", "implied_consent", ... for "expired"
  std::optional<Timestamp> withdrawal_deadline;  // for "withdrawn": a message at or after is late
  bool inside_window = false;                // for "withdrawn": before the deadline
  int64_t decisions_considered = 0;          // this tenant's decisions at or before the time
  int64_t covering_decisions = 0;            // how many of those cover the message
};

// One detector's answer for one message: no findings, or one or more.
struct ExplainedDetector {
  std::string detector;
  std::string rule_version;
  std::vector<Finding> findings;
};

// One hypothetical message and every enabled detector's verdict on it.
struct ExplainedMessage {
  OutboundEvent message;  // event_id "explain", subject the one asked about
  std::string policy;     // name of the policy the jurisdiction chain selects
  std::vector<std::string> jurisdiction_chain;
  bool purpose_known = true;  // the purpose is a node of the taxonomy
  ExplainedConsent consent;
  std::vector<ExplainedDetector> detectors;  // in config order
};

struct Explanation {
  SubjectId subject;
  Timestamp at;
  TenantId tenant_filter;  // --tenant; empty: every tenant
  // The timeline, in event-time order (the ledger's order), only of tenant_filter when set.
  std::vector<ConsentEvent> decisions;
  std::vector<SuppressionEvent> suppressions;  // ordered by added_at
  CampaignId campaign;                           // --campaign; empty when not asked
  std::vector<CampaignDeclaration> campaign_versions;  // in the order they were added
  std::optional<size_t> campaign_in_force;  // index into campaign_versions of the one at `at`
  std::vector<ExplainedMessage> messages;
  std::string note;  // why there are no verdicts, when there are none
};

// The subject access view (`explain --from --to`): what was sent to the subject in a period, the
// rules each message broke, and the consent basis it was sent on, as the consent detectors see it
// now (late decisions included) — the GDPR art. 15 answer to "what did you send me, and on what
// basis". Read from the judged messages the job keeps (processing.subject_access_retention).
struct AccessedMessage {
  OutboundEvent message;
  std::string policy;
  ExplainedConsent basis;
  std::vector<std::pair<std::string, std::string>> alerts;  // (detector, rule version)
};

struct SubjectAccess {
  Explanation timeline;  // subject, tenant filter, decisions and do-not-contact entries
  Timestamp from, to;    // [from, to)
  std::vector<AccessedMessage> messages;  // in sent_at order
  Duration retention{0};  // how long judged messages are kept
};

std::string RenderSubjectAccessText(const SubjectAccess& a);
std::string RenderSubjectAccessJson(const SubjectAccess& a);  // app/explain_json.cc

// The view for a person: the timeline, then one block of verdicts per message.
std::string RenderExplanationText(const Explanation& e);

// One JSON object (with a trailing newline): subject, at, tenant, timeline {decisions,
// suppressions, campaign}, verdicts [{message, consent, detectors [{detector, rule_version,
// verdict, findings [{severity, reason, evidence}]}]}]. Evidence objects are embedded as the
// detectors wrote them.
std::string RenderExplanationJson(const Explanation& e);  // app/explain_json.cc

// A detector's evidence object as explain shows it: the same JSON with every "owner" field left
// out (a campaign declaration's owner may name a person); "{}" if it does not parse.
std::string ExplainEvidenceJson(const std::string& evidence_json);

}  // namespace consentry
