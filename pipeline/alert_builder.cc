#include "pipeline/alert_builder.h"

#include <string>
#include <utility>

namespace consentry {

Alert BuildAlert(Finding finding, const OutboundEvent& message, Timestamp now) {
  Alert alert;
  alert.alert_id =
      MakeAlertId(finding.detector, finding.rule_version, message.tenant, message.event_id);
  alert.detector = std::move(finding.detector);
  alert.rule_version = std::move(finding.rule_version);
  alert.severity = std::string(Name(finding.severity));
  alert.event_id = message.event_id;
  alert.event_time = message.sent_at;
  alert.detected_at = now;
  alert.tenant = message.tenant;
  alert.subject = message.subject;
  alert.channel = std::string(Name(message.channel));
  alert.purpose = message.purpose;
  alert.campaign_id = message.campaign_id;
  alert.sender_id = message.sender_id;
  alert.jurisdiction = message.jurisdiction;
  alert.reason = std::move(finding.reason);
  alert.evidence_json = std::move(finding.evidence_json);
  alert.incident_key =
      MakeIncidentKey(alert.detector, message.tenant, message.campaign_id, message.sender_id);
  return alert;
}

Alert BuildWindowAlert(SenderFinding found, Timestamp now) {
  Finding& finding = found.finding;
  Alert alert;
  alert.alert_id = MakeWindowAlertId(finding.detector, finding.rule_version, found.tenant,
                                     found.entity, found.window_start);
  alert.detector = std::move(finding.detector);
  alert.rule_version = std::move(finding.rule_version);
  alert.severity = std::string(Name(finding.severity));
  alert.event_time = found.window_end;
  alert.detected_at = now;
  alert.tenant = std::move(found.tenant);
  alert.campaign_id = std::move(found.campaign);
  alert.sender_id = std::move(found.sender);
  alert.reason = std::move(finding.reason);
  alert.evidence_json = std::move(finding.evidence_json);
  alert.incident_key = std::move(found.incident_key);
  alert.entity = std::move(found.entity);
  alert.window_start = found.window_start;
  alert.window_end = found.window_end;
  return alert;
}

}  // namespace consentry
