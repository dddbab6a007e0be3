#pragma once
// alert.v1: the record consentry publishes on `consentry.alerts` for each finding.
//
// alert_id is deterministic: SHA-256 over (detector, rule version, tenant, triggering event id),
// so a replay or an at-least-once redelivery produces the same id and consumers can deduplicate
// on (alert_id, kind). Event ids are unique per tenant, hence the tenant. A sender-level alert
// (sender stage: sender.velocity, content.fanout, complaint.rate) is about a window, not one
// message: its id hashes (detector, rule version, tenant, entity, window start) instead, and it
// carries `entity`, `window_start` and `window_end` but no event id or subject. Consumers depend
// on both formulas: alert_test.cc pins them with known answers.

#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/time.h"

namespace consentry {

struct Alert {
  AlertId alert_id;
  std::string kind = "alert";  // "alert" | "retraction"
  std::string detector;
  std::string rule_version;
  std::string severity;  // info|low|medium|high|critical
  EventId event_id;
  Timestamp event_time;
  Timestamp detected_at;
  TenantId tenant;
  SubjectId subject;
  std::string channel;
  std::string purpose;
  CampaignId campaign_id;
  SenderId sender_id;
  std::string jurisdiction;
  std::string reason;
  std::string evidence_json;  // a JSON object
  std::string incident_key;
  // The verdict was corrected after the input it rests on arrived later than the allowed
  // lateness: a late alert, or (kind "retraction") the withdrawal of an earlier one.
  bool late = false;
  // Sender-level alerts only: what the window is about ("sender:<id>", "campaign:<id>",
  // "content:<hex>") and the window [window_start, window_end) in event time.
  std::string entity;
  std::optional<Timestamp> window_start;
  std::optional<Timestamp> window_end;
  // SHA-256 (hex) of the config file that judged it: a reload changes it, never the alert id.
  // Empty (and omitted) where no config is known (tests, tools).
  std::string config_sha256;
};

// 32 hex characters (128 bits of SHA-256).
AlertId MakeAlertId(std::string_view detector, std::string_view rule_version,
                    const TenantId& tenant, const EventId& event_id);

// The id of a sender-level alert: 32 hex characters of SHA-256 over detector, rule version,
// tenant, entity and the window start (RFC 3339, microseconds, UTC), NUL-separated.
AlertId MakeWindowAlertId(std::string_view detector, std::string_view rule_version,
                          const TenantId& tenant, std::string_view entity, Timestamp window_start);

// Groups alerts into incidents: detector, tenant, then campaign (or sender when there is none).
std::string MakeIncidentKey(std::string_view detector, const TenantId& tenant,
                            const CampaignId& campaign, const SenderId& sender);

// The alert.v1 JSON document, one line, with "schema":"alert.v1".
std::string ToJson(const Alert& alert);

}  // namespace consentry
