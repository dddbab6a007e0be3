#include "alerts/alert.h"

#include "core/digest.h"
#include "core/json_writer.h"

namespace consentry {

AlertId MakeAlertId(std::string_view detector, std::string_view rule_version,
                    const TenantId& tenant, const EventId& event_id) {
  std::string input;
  input.reserve(detector.size() + rule_version.size() + tenant.value().size() +
                event_id.value().size() + 3);
  input.append(detector).push_back('\0');
  input.append(rule_version).push_back('\0');
  input.append(tenant.value()).push_back('\0');
  input.append(event_id.value());
  return AlertId(Sha256Hex(input).substr(0, 32));
}

AlertId MakeWindowAlertId(std::string_view detector, std::string_view rule_version,
                          const TenantId& tenant, std::string_view entity, Timestamp window_start) {
  std::string input;
  input.append(detector).push_back('\0');
  input.append(rule_version).push_back('\0');
  input.append(tenant.value()).push_back('\0');
  input.append(entity).push_back('\0');
  input.append(FormatRfc3339(window_start));
  return AlertId(Sha256Hex(input).substr(0, 32));
}

std::string MakeIncidentKey(std::string_view detector, const TenantId& tenant,
                            const CampaignId& campaign, const SenderId& sender) {
  std::string key(detector);
  key += '|';
  key += tenant.value();
  key += campaign.empty() ? "|sender:" + sender.value() : "|campaign:" + campaign.value();
  return key;
}

std::string ToJson(const Alert& a) {
  JsonWriter w;
  w.BeginObject()
      .Field("schema", "alert.v1")
      .Field("alert_id", a.alert_id.value())
      .Field("kind", a.kind)
      .Field("detector", a.detector)
      .Field("rule_version", a.rule_version)
      .Field("severity", a.severity);
  // A window alert is about no single message: no event id, subject, channel or purpose.
  const bool window = a.window_start.has_value();
  if (!window) w.Field("event_id", a.event_id.value());
  w.Field("event_time", FormatRfc3339(a.event_time))
      .Field("detected_at", FormatRfc3339(a.detected_at))
      .Field("tenant", a.tenant.value());
  if (!window) {
    w.Field("subject", a.subject.value()).Field("channel", a.channel).Field("purpose", a.purpose);
  }
  if (!a.campaign_id.empty()) w.Field("campaign_id", a.campaign_id.value());
  if (!window || !a.sender_id.empty()) w.Field("sender_id", a.sender_id.value());
  if (window) {
    w.Field("entity", a.entity).Field("window_start", FormatRfc3339(*a.window_start));
    if (a.window_end) w.Field("window_end", FormatRfc3339(*a.window_end));
  }
  if (!a.jurisdiction.empty()) w.Field("jurisdiction", a.jurisdiction);
  w.Field("reason", a.reason);
  w.Key("evidence").Raw(a.evidence_json.empty() ? "{}" : a.evidence_json);
  w.Field("incident_key", a.incident_key);
  if (a.late) w.Field("late", true);
  if (!a.config_sha256.empty()) w.Field("config_sha256", a.config_sha256);
  w.EndObject();
  return w.Take();
}

}  // namespace consentry
