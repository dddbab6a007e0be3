#include "detectors/serialize.h"

namespace consentry {
namespace {

void WriteOptionalTime(JsonWriter& w, std::string_view key, const std::optional<Timestamp>& t) {
  w.Key(key);
  if (t) {
    w.String(FormatRfc3339(*t));
  } else {
    w.Null();
  }
}

template <typename E>
void WriteOptionalEnum(JsonWriter& w, std::string_view key, const std::optional<E>& e) {
  w.Key(key);
  if (e) {
    w.String(Name(*e));
  } else {
    w.Null();
  }
}

}  // namespace

void WriteConsentDecision(JsonWriter& w, const ConsentEvent& d) {
  w.BeginObject();
  w.Field("event_id", d.event_id.value());
  w.Field("recorded_at", FormatRfc3339(d.recorded_at));
  w.Field("tenant", d.tenant.value());
  w.Field("action", Name(d.action));
  w.Key("channels").BeginArray();
  if (d.channels.all) {
    w.String("*");
  } else {
    for (Channel c : d.channels.channels) w.String(Name(c));
  }
  w.EndArray();
  w.Key("purposes");
  WriteStringArray(w, d.purposes);
  WriteOptionalEnum(w, "legal_basis", d.legal_basis);
  WriteOptionalEnum(w, "method", d.method);
  w.Field("source", d.source);
  w.Key("named_senders").BeginArray();
  for (const TenantId& t : d.named_senders) w.String(t.value());
  w.EndArray();
  WriteOptionalTime(w, "expires_at", d.expires_at);
  w.Key("relationship");
  if (d.relationship_kind || d.relationship_at) {
    w.BeginObject();
    WriteOptionalEnum(w, "kind", d.relationship_kind);
    WriteOptionalTime(w, "at", d.relationship_at);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("evidence").BeginObject();
  w.Field("receipt_id", d.evidence_receipt_id);
  w.Field("notice_version", d.evidence_notice_version);
  w.EndObject();
  w.EndObject();
}

void WritePolicyClause(JsonWriter& w, const PolicyClause& clause) {
  w.BeginObject();
  w.Field("rule", clause.rule);
  w.Field("source", clause.source);
  w.EndObject();
}

void BeginConsentEvidence(JsonWriter& w, const Policy& policy, const PolicyClause& clause,
                          const OutboundEvent& message,
                          const std::vector<std::string>& jurisdiction_chain) {
  w.BeginObject();
  w.Field("policy", policy.name);
  w.Key("clause");
  WritePolicyClause(w, clause);
  w.Field("purpose", message.purpose);
  w.Field("channel", consentry::Name(message.channel));
  w.Key("jurisdiction_chain");
  WriteStringArray(w, jurisdiction_chain);
}

void BeginConsentEvidence(JsonWriter& w, const Policy& policy, const Policy::CitedClause& clause,
                          const OutboundEvent& message,
                          const std::vector<std::string>& jurisdiction_chain) {
  BeginConsentEvidence(w, policy, clause.clause, message, jurisdiction_chain);
  w.Field("clause_kind", Policy::KindName(clause.kind));
}

void WriteStringArray(JsonWriter& w, const std::vector<std::string>& values) {
  w.BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

}  // namespace consentry
