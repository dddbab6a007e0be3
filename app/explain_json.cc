// The JSON rendering of `consentry explain` (app/explain_view.h).

#include <simdjson.h>

#include <string_view>

#include "app/explain_view.h"
#include "core/json_writer.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

// Writes `e` through `w`, leaving out every "owner" field: a campaign declaration's owner may
// name a person, and explain prints no personal data but the subject id asked for.
void CopyWithoutOwner(const simdjson::dom::element& e, JsonWriter& w) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT:
      w.BeginObject();
      for (const auto field : simdjson::dom::object(e)) {
        if (field.key == "owner") continue;
        w.Key(field.key);
        CopyWithoutOwner(field.value, w);
      }
      w.EndObject();
      return;
    case simdjson::dom::element_type::ARRAY:
      w.BeginArray();
      for (const simdjson::dom::element item : simdjson::dom::array(e)) CopyWithoutOwner(item, w);
      w.EndArray();
      return;
    case simdjson::dom::element_type::STRING:
      w.String(std::string_view(e));
      return;
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
    case simdjson::dom::element_type::BOOL:
    case simdjson::dom::element_type::NULL_VALUE:
      w.Raw(simdjson::minify(e));
      return;
  }
}

}  // namespace

std::string ExplainEvidenceJson(const std::string& evidence_json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(evidence_json).get(root) != simdjson::SUCCESS) return "{}";
  JsonWriter w;
  CopyWithoutOwner(root, w);
  return w.Take();
}

namespace {

void OptionalBoolJson(JsonWriter& w, std::string_view key, const std::optional<bool>& b) {
  w.Key(key);
  if (b) {
    w.Bool(*b);
  } else {
    w.Null();
  }
}

void StringOrNull(JsonWriter& w, std::string_view key, const std::string& s) {
  w.Key(key);
  if (s.empty()) {
    w.Null();
  } else {
    w.String(s);
  }
}

// WriteConsentDecision's object plus "after_at": the decision was recorded after the time asked
// about (so no verdict at that time rests on it).
void DecisionJson(JsonWriter& w, const ConsentEvent& d, Timestamp at) {
  JsonWriter one;
  WriteConsentDecision(one, d);
  std::string object = one.Take();
  object.pop_back();  // the closing brace
  object += d.recorded_at > at ? ",\"after_at\":true}" : ",\"after_at\":false}";
  w.Raw(object);
}

// The declaration as evidence writes it (WriteDeclaration), without `owner`, plus in_force_at.
void DeclarationJson(JsonWriter& w, const CampaignDeclaration& d, bool in_force) {
  w.BeginObject();
  WriteOptionalTimestamp(w, "valid_from", d.valid_from);
  WriteOptionalTimestamp(w, "valid_to", d.valid_to);
  w.Field("tenant", d.tenant.value());
  w.Key("declared_purposes");
  WriteStringArray(w, d.declared_purposes);
  w.Key("channels");
  WriteChannels(w, d.channels.value_or(ChannelSet{.all = true, .channels = {}}));
  w.Key("allowed_data_sources");
  WriteStringArray(w, d.allowed_data_sources);
  OptionalBoolJson(w, "ai_content", d.ai_content);
  w.Field("in_force_at", in_force);
  w.EndObject();
}

void TimelineJson(const Explanation& e, JsonWriter& w) {
  w.Key("timeline").BeginObject();
  w.Key("decisions").BeginArray();
  for (const ConsentEvent& d : e.decisions) DecisionJson(w, d, e.at);
  w.EndArray();
  w.Key("suppressions").BeginArray();
  for (const SuppressionEvent& s : e.suppressions) WriteSuppressionEntry(w, s);
  w.EndArray();
  w.Key("campaign");
  if (e.campaign.empty()) {
    w.Null();
  } else {
    w.BeginObject();
    w.Field("campaign_id", e.campaign.value());
    w.Field("declared", !e.campaign_versions.empty());
    w.Key("versions").BeginArray();
    for (size_t i = 0; i < e.campaign_versions.size(); ++i) {
      DeclarationJson(w, e.campaign_versions[i], e.campaign_in_force == i);
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndObject();
}

void ConsentJson(const ExplainedConsent& c, JsonWriter& w) {
  w.Key("consent").BeginObject();
  w.Field("needed", c.needed);
  w.Field("standing", c.standing);
  w.Key("decision");
  if (c.decision) {
    WriteConsentDecision(w, *c.decision);
  } else {
    w.Null();
  }
  StringOrNull(w, "expiry", c.expiry);
  WriteOptionalTimestamp(w, "expired_at", c.expired_at);
  WriteOptionalTimestamp(w, "withdrawal_deadline", c.withdrawal_deadline);
  w.Key("inside_window");
  if (c.withdrawal_deadline) {
    w.Bool(c.inside_window);
  } else {
    w.Null();
  }
  w.Field("decisions_considered", c.decisions_considered);
  w.Field("covering_decisions", c.covering_decisions);
  w.EndObject();
}

void MessageJson(const ExplainedMessage& m, JsonWriter& w) {
  const OutboundEvent& msg = m.message;
  w.BeginObject();
  w.Key("message").BeginObject();
  w.Field("sent_at", FormatRfc3339(msg.sent_at));
  w.Field("tenant", msg.tenant.value());
  w.Field("channel", Name(msg.channel));
  w.Field("purpose", msg.purpose);
  w.Field("purpose_in_taxonomy", m.purpose_known);
  StringOrNull(w, "jurisdiction", msg.jurisdiction);
  w.Field("policy", m.policy);
  w.Key("jurisdiction_chain");
  WriteStringArray(w, m.jurisdiction_chain);
  StringOrNull(w, "campaign_id", msg.campaign_id.value());
  StringOrNull(w, "sender_id", msg.sender_id.value());
  w.Key("content").BeginObject();
  OptionalBoolJson(w, "has_unsubscribe", msg.content.has_unsubscribe);
  OptionalBoolJson(w, "ai_generated", msg.content.ai_generated);
  OptionalBoolJson(w, "ai_disclosed", msg.content.ai_disclosed);
  w.EndObject();
  w.Key("data_sources");
  WriteStringArray(w, msg.data_sources);
  w.EndObject();
  ConsentJson(m.consent, w);
  w.Key("detectors").BeginArray();
  for (const ExplainedDetector& d : m.detectors) {
    w.BeginObject();
    w.Field("detector", d.detector);
    w.Field("rule_version", d.rule_version);
    w.Field("verdict", d.findings.empty() ? "no_finding" : "finding");
    w.Key("findings").BeginArray();
    for (const Finding& f : d.findings) {
      w.BeginObject();
      w.Field("severity", Name(f.severity));
      w.Field("reason", f.reason);
      w.Key("evidence").Raw(ExplainEvidenceJson(f.evidence_json));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string RenderSubjectAccessJson(const SubjectAccess& a) {
  const Explanation& e = a.timeline;
  JsonWriter w;
  w.BeginObject();
  w.Field("subject", e.subject.value());
  StringOrNull(w, "tenant", e.tenant_filter.value());
  w.Field("from", FormatRfc3339(a.from));
  w.Field("to", FormatRfc3339(a.to));
  w.Field("retention_days",
          static_cast<int64_t>(std::chrono::duration_cast<std::chrono::hours>(a.retention).count() /
                               24));
  TimelineJson(e, w);
  w.Key("messages").BeginArray();
  for (const AccessedMessage& m : a.messages) {
    const OutboundEvent& msg = m.message;
    w.BeginObject();
    w.Field("event_id", msg.event_id.value());
    w.Field("sent_at", FormatRfc3339(msg.sent_at));
    w.Field("tenant", msg.tenant.value());
    w.Field("channel", Name(msg.channel));
    w.Field("purpose", msg.purpose);
    w.Field("sender_id", msg.sender_id.value());
    StringOrNull(w, "campaign_id", msg.campaign_id.value());
    StringOrNull(w, "jurisdiction", msg.jurisdiction);
    w.Field("policy", m.policy);
    ConsentJson(m.basis, w);
    w.Key("alerts").BeginArray();
    for (const auto& [detector, version] : m.alerts) {
      w.BeginObject().Field("detector", detector).Field("rule_version", version).EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take() + "\n";
}

std::string RenderExplanationJson(const Explanation& e) {
  JsonWriter w;
  w.BeginObject();
  w.Field("subject", e.subject.value());
  w.Field("at", FormatRfc3339(e.at));
  StringOrNull(w, "tenant", e.tenant_filter.value());
  TimelineJson(e, w);
  w.Key("verdicts").BeginArray();
  for (const ExplainedMessage& m : e.messages) MessageJson(m, w);
  w.EndArray();
  StringOrNull(w, "note", e.note);
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace consentry
