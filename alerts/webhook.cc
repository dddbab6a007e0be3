#include "alerts/webhook.h"

#include <algorithm>
#include <cmath>

#include "core/digest.h"
#include "core/json_writer.h"
#include "state/codec.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

constexpr uint8_t kVersion = 1;

// One line for a chat channel: what happened, to what, how big.
std::string Text(const IncidentNotice& notice, const Incident& in) {
  // The key is "detector|tenant|scope" (MakeIncidentKey); the line names the scope.
  const size_t tenant_end = in.key.find('|', in.key.find('|') + 1);
  const std::string scope =
      tenant_end == std::string::npos ? in.key : in.key.substr(tenant_end + 1);
  std::string text = "consentry: incident " + std::string(Name(notice.kind)) + ": " +
                     in.detector + " for " +
                     in.tenant.value() + " (" + scope + "), " + std::to_string(in.count) +
                     (in.count == 1 ? " alert" : " alerts") + ", " +
                     std::to_string(in.affected_subjects()) + " subjects, severity " +
                     in.severity + ". Incident " + in.id + ".";
  if (notice.kind == IncidentNotice::Kind::kResolved && !in.state_reason.empty()) {
    text += " " + std::string(Name(in.state)) + ": " + in.state_reason;
  }
  return text;
}

}  // namespace

WebhookMessage MakeWebhookMessage(const IncidentNotice& notice, const Incident& incident,
                                  int64_t seq, Timestamp now) {
  JsonWriter w;
  w.BeginObject()
      .Field("type", "incident." + std::string(Name(notice.kind)))
      .Field("timestamp", FormatRfc3339(now));
  w.Key("data");
  WriteIncidentJson(w, incident, std::nullopt);
  w.Field("text", Text(notice, incident));
  w.EndObject();
  WebhookMessage m;
  m.seq = seq;
  m.id = "msg_" + incident.id + "_" + std::to_string(seq);
  m.body = w.Take();
  m.next_attempt = now;
  return m;
}

StatusOr<std::string> SignWebhook(std::string_view secret, std::string_view id,
                                  int64_t timestamp_seconds, std::string_view body) {
  constexpr std::string_view kPrefix = "whsec_";
  std::string key;
  if (!secret.starts_with(kPrefix) || !Base64Decode(secret.substr(kPrefix.size()), &key) ||
      key.empty()) {
    return InvalidArgument("the webhook secret must be \"whsec_\" followed by base64");
  }
  std::string content(id);
  content += '.';
  content += std::to_string(timestamp_seconds);
  content += '.';
  content += body;
  return "v1," + Base64Encode(HmacSha256(key, content));
}

Duration WebhookBackoff(int32_t attempts, double unit) {
  const double base = std::min(3600.0, std::pow(2.0, std::max(0, attempts - 1)));
  const double jitter = 0.5 + 0.5 * std::clamp(unit, 0.0, 1.0);
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(base * jitter));
}

std::string EncodeWebhookMessage(const WebhookMessage& m) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  w.PutVarint64(static_cast<uint64_t>(m.seq));
  w.PutString(m.id);
  w.PutString(m.body);
  w.PutVarint64(static_cast<uint64_t>(m.attempts));
  wire::PutTimestamp(w, m.next_attempt);
  return out;
}

StatusOr<WebhookMessage> DecodeWebhookMessage(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version = 0;
  uint64_t seq = 0, attempts = 0;
  WebhookMessage m;
  if (!r.ReadU8(&version) || version != kVersion || !r.ReadVarint64(&seq) || seq > INT64_MAX ||
      !r.ReadString(&m.id) || !r.ReadString(&m.body) || !r.ReadVarint64(&attempts) ||
      attempts > INT32_MAX || !wire::ReadTimestamp(r, &m.next_attempt) || !r.empty()) {
    return DataLoss("webhook outbox: a malformed message");
  }
  m.seq = static_cast<int64_t>(seq);
  m.attempts = static_cast<int32_t>(attempts);
  return m;
}

}  // namespace consentry
