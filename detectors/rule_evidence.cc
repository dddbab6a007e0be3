#include "detectors/rule_evidence.h"

#include "core/time.h"
#include "detectors/serialize.h"

namespace consentry {
void WriteOptionalTimestamp(JsonWriter& w, std::string_view key,
                            const std::optional<Timestamp>& t) {
  w.Key(key);
  if (t) {
    w.String(FormatRfc3339(*t));
  } else {
    w.Null();
  }
}

void BeginRuleEvidence(JsonWriter& w, const Policy& policy, const Policy::CitedClause& clause,
                       const OutboundEvent& message,
                       const std::vector<std::string>& jurisdiction_chain) {
  BeginConsentEvidence(w, policy, clause.clause, message, jurisdiction_chain);
  w.Field("clause_kind", Policy::KindName(clause.kind));
  w.Key("campaign_id");
  if (message.campaign_id.empty()) {
    w.Null();
  } else {
    w.String(message.campaign_id.value());
  }
}

void WriteChannels(JsonWriter& w, const ChannelSet& channels) {
  w.BeginArray();
  if (channels.all) {
    w.String("*");
  } else {
    for (Channel c : channels.channels) w.String(Name(c));
  }
  w.EndArray();
}

void WriteDeclaration(JsonWriter& w, const CampaignDeclaration& d) {
  w.BeginObject();
  w.Field("campaign_id", d.campaign_id.value());
  w.Field("tenant", d.tenant.value());
  WriteOptionalTimestamp(w, "valid_from", d.valid_from);
  WriteOptionalTimestamp(w, "valid_to", d.valid_to);
  w.Key("declared_purposes");
  WriteStringArray(w, d.declared_purposes);
  w.Key("channels");
  WriteChannels(w, d.channels.value_or(ChannelSet{.all = true, .channels = {}}));
  w.Key("allowed_data_sources");
  WriteStringArray(w, d.allowed_data_sources);
  w.Key("ai_content");
  if (d.ai_content) {
    w.Bool(*d.ai_content);
  } else {
    w.Null();
  }
  w.Field("owner", d.owner);
  w.EndObject();
}

void WriteSuppressionEntry(JsonWriter& w, const SuppressionEvent& e) {
  w.BeginObject();
  w.Field("list", Name(e.list));
  w.Key("tenant");
  if (e.tenant.empty()) {
    w.Null();
  } else {
    w.String(e.tenant.value());
  }
  w.Field("all_tenants", e.tenant.empty());
  w.Key("channels");
  WriteChannels(w, e.channels.value_or(ChannelSet{.all = true, .channels = {}}));
  w.Field("added_at", FormatRfc3339(e.added_at));
  WriteOptionalTimestamp(w, "removed_at", e.removed_at);
  w.EndObject();
}

std::string QuoteClause(const Policy::CitedClause& clause) {
  return "; " + clause.clause.rule + " (" + clause.clause.source + ").";
}

std::string JoinWords(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += Printable(items[i]);
  }
  return out;
}

}  // namespace consentry
