#include "detectors/data_source_unconsented/data_source_unconsented.h"

#include <algorithm>
#include <string>

#include "core/json_writer.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

bool Contains(const std::vector<std::string>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

std::string Reason(const OutboundEvent& m, const std::vector<std::string>& undeclared,
                   const std::vector<std::string>& allowed, const Policy::CitedClause& clause) {
  std::string r = "Campaign ";
  r += Printable(m.campaign_id.value());
  r += " targeted this ";
  r += Name(m.channel);
  r += " message at ";
  r += FormatRfc3339(m.sent_at);
  r += " using ";
  r += JoinWords(undeclared);
  r += undeclared.size() == 1 ? ", a data source" : ", data sources";
  r += " its declaration in force then does not allow (allowed: ";
  r += JoinWords(allowed);
  r += ")";
  return r + QuoteClause(clause);
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> DataSourceUnconsentedDetector::Create(
    const DetectorParams& params, const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kHigh));
  return std::unique_ptr<Detector>(new DataSourceUnconsentedDetector(env.policies, severity));
}

void DataSourceUnconsentedDetector::Judge(const Evaluation& evaluation,
                                          std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const StateView& state = evaluation.state;
  if (message.campaign_id.empty() || message.data_sources.empty()) return;
  const CampaignHistory* history = state.Campaign(message.campaign_id);
  if (history == nullptr) return;
  const CampaignDeclaration* declaration = history->At(message.sent_at);
  if (declaration == nullptr || declaration->tenant != message.tenant) return;

  const bool by_default = declaration->allowed_data_sources.empty();
  const std::vector<std::string> allowed =
      by_default ? std::vector<std::string>{std::string(kDefaultAllowed)}
                 : declaration->allowed_data_sources;
  std::vector<std::string> undeclared;
  for (const std::string& source : message.data_sources) {
    if (!Contains(allowed, source) && !Contains(undeclared, source)) undeclared.push_back(source);
  }
  if (undeclared.empty()) return;

  const Policy& policy = policies_.For(message.jurisdiction);
  const Policy::CitedClause& clause = policy.data_source_clause;
  JsonWriter w;
  BeginRuleEvidence(w, policy, clause, message, policies_.Chain(message.jurisdiction));
  w.Key("declaration");
  WriteDeclaration(w, *declaration);
  w.Key("allowed_data_sources");
  WriteStringArray(w, allowed);
  w.Field("allowed_by_default", by_default);
  w.Key("data_sources");
  WriteStringArray(w, message.data_sources);
  w.Key("undeclared_sources");
  WriteStringArray(w, undeclared);
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = Reason(message, undeclared, allowed, clause),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
