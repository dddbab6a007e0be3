#include "detectors/purpose_undeclared/purpose_undeclared.h"

#include <algorithm>
#include <optional>
#include <string>

#include "core/json_writer.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"
#include "detectors/taxonomy.h"

namespace consentry {
namespace {

// Evidence lists at most this many versions (the last ones added), so an alert stays small
// whatever a campaign's history holds; versions_known gives the total.
constexpr size_t kMaxVersionsInEvidence = 10;

// Why no declaration of the message's tenant is in force, and the dates that show it.
struct Gap {
  const char* because = "never_declared";
  const CampaignDeclaration* other_tenant = nullptr;  // "other_tenant": the version in force
  std::optional<Timestamp> last_valid_to;    // latest end at or before sent_at
  std::optional<Timestamp> next_valid_from;  // earliest start after sent_at
};

Gap FindGap(const CampaignHistory* history, const OutboundEvent& m) {
  Gap gap;
  if (history == nullptr || history->empty()) return gap;
  bool started = false;
  for (const CampaignDeclaration& v : history->versions()) {
    if (v.valid_from && *v.valid_from > m.sent_at) {
      if (!gap.next_valid_from || *v.valid_from < *gap.next_valid_from) {
        gap.next_valid_from = v.valid_from;
      }
      continue;
    }
    started = true;
    if (v.valid_to && *v.valid_to <= m.sent_at &&
        (!gap.last_valid_to || *v.valid_to > *gap.last_valid_to)) {
      gap.last_valid_to = v.valid_to;
    }
  }
  const CampaignDeclaration* in_force = history->At(m.sent_at);
  if (in_force != nullptr) {
    gap.because = "other_tenant";
    gap.other_tenant = in_force;
  } else {
    gap.because = started ? "expired" : "not_yet_valid";
  }
  return gap;
}

std::string Reason(const OutboundEvent& m, const Gap& gap, const Policy::CitedClause& clause) {
  std::string r;
  if (m.campaign_id.empty()) {
    r = "This ";
    r += Name(m.channel);
    r += " marketing message for ";
    r += Printable(m.purpose);
    r += " from tenant ";
    r += Printable(m.tenant.value());
    r += " at ";
    r += FormatRfc3339(m.sent_at);
    r += " names no campaign, so no declaration covers it";
    return r + QuoteClause(clause);
  }
  r = "Campaign ";
  r += Printable(m.campaign_id.value());
  r += " sent this ";
  r += Name(m.channel);
  r += " message for ";
  r += Printable(m.purpose);
  r += " at ";
  r += FormatRfc3339(m.sent_at);
  r += ", but ";
  const std::string_view because = gap.because;
  if (because == "other_tenant") {
    r += "the declaration in force then belongs to tenant ";
    r += Printable(gap.other_tenant->tenant.value());
  } else if (because == "expired") {
    r += "its declaration expired on ";
    r += FormatRfc3339(*gap.last_valid_to);
    if (gap.next_valid_from) r += " and the next is valid only from " +
                                  FormatRfc3339(*gap.next_valid_from);
  } else if (because == "not_yet_valid") {
    r += "its declaration is valid only from ";
    r += FormatRfc3339(*gap.next_valid_from);
  } else {
    r += "the campaign was never declared";
  }
  return r + QuoteClause(clause);
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> PurposeUndeclaredDetector::Create(
    const DetectorParams& params, const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity", "require_campaign"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kMedium));
  bool require_campaign = false;
  if (const auto it = params.find("require_campaign"); it != params.end()) {
    if (it->second != "true" && it->second != "false") {
      return InvalidArgument("detector \"" + std::string(kName) + "\": require_campaign \"" +
                             it->second + "\" is not true or false");
    }
    require_campaign = it->second == "true";
  }
  return std::unique_ptr<Detector>(
      new PurposeUndeclaredDetector(env.policies, severity, require_campaign));
}

void PurposeUndeclaredDetector::Judge(const Evaluation& evaluation,
                                      std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const StateView& state = evaluation.state;
  const CampaignHistory* history = nullptr;
  Gap gap;
  if (message.campaign_id.empty()) {
    if (!require_campaign_ || !Taxonomy::IsMarketing(message.purpose)) return;
    gap.because = "no_campaign_id";
  } else {
    history = state.Campaign(message.campaign_id);
    const CampaignDeclaration* in_force =
        history == nullptr ? nullptr : history->At(message.sent_at);
    if (in_force != nullptr && in_force->tenant == message.tenant) return;
    gap = FindGap(history, message);
  }

  const Policy& policy = policies_.For(message.jurisdiction);
  const Policy::CitedClause& clause = policy.campaign_declared_clause;
  JsonWriter w;
  BeginRuleEvidence(w, policy, clause, message, policies_.Chain(message.jurisdiction));
  w.Field("because", gap.because);
  w.Key("declaration_in_force");
  if (gap.other_tenant == nullptr) {
    w.Null();
  } else {
    WriteDeclaration(w, *gap.other_tenant);
  }
  WriteOptionalTimestamp(w, "last_valid_to", gap.last_valid_to);
  WriteOptionalTimestamp(w, "next_valid_from", gap.next_valid_from);
  const size_t known = history == nullptr ? 0 : history->versions().size();
  w.Field("versions_known", static_cast<int64_t>(known));
  w.Key("versions").BeginArray();
  if (history != nullptr) {
    const auto& versions = history->versions();
    for (size_t i = known - std::min(known, kMaxVersionsInEvidence); i < known; ++i) {
      WriteDeclaration(w, versions[i]);
    }
  }
  w.EndArray();
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = Reason(message, gap, clause),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
