#pragma once
// The webhook to operations (design section 5): a POST per incident notice (opened, escalated,
// reopened, resolved), signed per Standard Webhooks: headers `webhook-id` (stable across
// retries), `webhook-timestamp` (Unix seconds) and `webhook-signature` ("v1," and the base64
// HMAC-SHA256 of "{id}.{timestamp}.{body}" under the secret, given as "whsec_" and base64). The
// body is JSON with `type`, `timestamp`, the incident as `data`, and a `text` line, so a Slack
// (or compatible) incoming-webhook URL works as it is.
//
// Messages wait in a durable outbox (serve's store, queued in the same write as the change
// that caused them) until delivered; a failed attempt is retried with exponential backoff and
// jitter, from a thread of its own (app/webhook_sender.h), never blocking consumption.

#include <cstdint>
#include <string>
#include <string_view>

#include "alerts/incident.h"
#include "alerts/incident_book.h"
#include "core/status.h"
#include "core/time.h"

namespace consentry {

struct WebhookMessage {
  int64_t seq = 0;       // the outbox's order (the audit sequence number it was queued at)
  std::string id;        // webhook-id
  std::string body;      // the JSON sent
  int32_t attempts = 0;  // failed attempts so far
  Timestamp next_attempt;
};

// The message of `notice` about `incident`, queued at `seq`, at `now`.
WebhookMessage MakeWebhookMessage(const IncidentNotice& notice, const Incident& incident,
                                  int64_t seq, Timestamp now);

// The webhook-signature header value; InvalidArgument when `secret` is not "whsec_" + base64.
StatusOr<std::string> SignWebhook(std::string_view secret, std::string_view id,
                                  int64_t timestamp_seconds, std::string_view body);

// When to try again after `attempts` failures: 2^(attempts-1) s, at most an hour, times a
// jitter in [0.5, 1) from `unit` (a uniform draw in [0, 1)).
Duration WebhookBackoff(int32_t attempts, double unit);

std::string EncodeWebhookMessage(const WebhookMessage& message);
StatusOr<WebhookMessage> DecodeWebhookMessage(std::string_view bytes);

}  // namespace consentry
