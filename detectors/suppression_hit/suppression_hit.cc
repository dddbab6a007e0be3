#include "detectors/suppression_hit/suppression_hit.h"

#include <string>

#include "core/json_writer.h"
#include "detectors/consent_reason.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"
#include "detectors/taxonomy.h"

namespace consentry {
namespace {

constexpr std::string_view kEssential = "essential";

bool Blocks(const SuppressionEvent& entry, const OutboundEvent& m) {
  switch (entry.list) {
    case SuppressionList::kLegalHold:
      return true;
    case SuppressionList::kDnc:
    case SuppressionList::kInternal:
    case SuppressionList::kComplaint:
      return !Taxonomy::Covers(kEssential, m.purpose);
  }
  return true;
}

std::string Reason(const OutboundEvent& m, const std::vector<const SuppressionEvent*>& blocking,
                   const Policy::CitedClause& clause) {
  const SuppressionEvent& first = *blocking.front();
  std::string r = "Sent this " + DescribeMessage(m);
  r += " while the person was on the ";
  r += Name(first.list);
  r += " list ";
  r += first.tenant.empty() ? "for all tenants" : "of tenant " + Printable(first.tenant.value());
  r += " since ";
  r += FormatRfc3339(first.added_at);
  if (blocking.size() > 1) {
    const size_t more = blocking.size() - 1;
    r += " (and on " + std::to_string(more) +
         (more == 1 ? " other list entry)" : " other list entries)");
  }
  return r + QuoteClause(clause);
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> SuppressionHitDetector::Create(const DetectorParams& params,
                                                                   const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kHigh));
  return std::unique_ptr<Detector>(new SuppressionHitDetector(env.policies, severity));
}

void SuppressionHitDetector::Judge(const Evaluation& evaluation,
                                   std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const StateView& state = evaluation.state;
  const std::vector<const SuppressionEvent*> active =
      state.Suppressions(message.subject).ActiveAt(message.tenant, message.channel,
                                                   message.sent_at);
  std::vector<const SuppressionEvent*> blocking;
  bool dnc = false;
  for (const SuppressionEvent* e : active) {
    if (!Blocks(*e, message)) continue;
    blocking.push_back(e);
    dnc = dnc || e->list == SuppressionList::kDnc;
  }
  if (blocking.empty()) return;

  const Policy& policy = policies_.For(message.jurisdiction);
  const Policy::CitedClause* clause = &policy.suppression_clause;
  if (dnc && Taxonomy::IsMarketing(message.purpose)) {
    const auto it = policy.dnc_clause_by_channel.find(message.channel);
    if (it != policy.dnc_clause_by_channel.end()) clause = &it->second;
  }

  JsonWriter w;
  BeginRuleEvidence(w, policy, *clause, message, policies_.Chain(message.jurisdiction));
  w.Key("entries").BeginArray();
  for (const SuppressionEvent* e : blocking) WriteSuppressionEntry(w, *e);
  w.EndArray();
  w.Field("active_entries", static_cast<int64_t>(active.size()));
  w.Field("exempt_entries", static_cast<int64_t>(active.size() - blocking.size()));
  w.Key("note");
  if (dnc && message.channel == Channel::kVoice) {
    w.String(
        "47 CFR 64.1200(f)(5) lets a live call through the national do-not-call registry within "
        "an existing business relationship; consentry counts every voice message as automated, "
        "so the exemption is not applied");
  } else {
    w.Null();
  }
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = Reason(message, blocking, *clause),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
