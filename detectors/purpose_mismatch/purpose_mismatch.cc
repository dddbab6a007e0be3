#include "detectors/purpose_mismatch/purpose_mismatch.h"

#include <string>

#include "core/json_writer.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"
#include "detectors/taxonomy.h"

namespace consentry {
namespace {

std::string Reason(const OutboundEvent& m, bool purpose_declared, bool channel_declared,
                   const Policy::CitedClause& clause) {
  std::vector<std::string> missing;
  if (!purpose_declared) missing.push_back("purpose " + Printable(m.purpose) + " not declared");
  if (!channel_declared) missing.push_back("channel " + std::string(Name(m.channel)) +
                                           " not declared");
  std::string r = "Campaign ";
  r += Printable(m.campaign_id.value());
  r += " sent this ";
  r += Name(m.channel);
  r += " message for ";
  r += Printable(m.purpose);
  r += " at ";
  r += FormatRfc3339(m.sent_at);
  r += ", which its declaration in force then does not cover (";
  r += JoinWords(missing);
  r += ")";
  r += QuoteClause(clause);
  return r;
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> PurposeMismatchDetector::Create(const DetectorParams& params,
                                                                    const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kHigh));
  return std::unique_ptr<Detector>(new PurposeMismatchDetector(env.policies, severity));
}

void PurposeMismatchDetector::Judge(const Evaluation& evaluation,
                                    std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const StateView& state = evaluation.state;
  if (message.campaign_id.empty()) return;
  const CampaignHistory* history = state.Campaign(message.campaign_id);
  if (history == nullptr) return;
  const CampaignDeclaration* declaration = history->At(message.sent_at);
  // No declaration in force, or another tenant's: purpose.undeclared reports it.
  if (declaration == nullptr || declaration->tenant != message.tenant) return;

  bool purpose_declared = false;
  for (const std::string& declared : declaration->declared_purposes) {
    purpose_declared = purpose_declared || Taxonomy::Covers(declared, message.purpose);
  }
  const bool channel_declared =
      !declaration->channels || declaration->channels->Contains(message.channel);
  if (purpose_declared && channel_declared) return;

  const Policy& policy = policies_.For(message.jurisdiction);
  const Policy::CitedClause& clause = policy.campaign_scope_clause;
  JsonWriter w;
  BeginRuleEvidence(w, policy, clause, message, policies_.Chain(message.jurisdiction));
  w.Key("declaration");
  WriteDeclaration(w, *declaration);
  w.Field("purpose_declared", purpose_declared);
  w.Field("channel_declared", channel_declared);
  w.Key("mismatched").BeginArray();
  if (!purpose_declared) w.String("purpose");
  if (!channel_declared) w.String("channel");
  w.EndArray();
  w.Field("versions_known", static_cast<int64_t>(history->versions().size()));
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = Reason(message, purpose_declared, channel_declared, clause),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
