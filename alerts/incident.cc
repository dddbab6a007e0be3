#include "alerts/incident.h"

#include <array>

#include "core/digest.h"
#include "core/json_writer.h"
#include "state/codec.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

// 1: without the handling times (read as unknown); 2: with them.
constexpr uint8_t kVersionWithoutTimes = 1;
constexpr uint8_t kVersion = 2;
constexpr std::array<std::string_view, 4> kStateNames = {"open", "acknowledged", "resolved",
                                                         "false_positive"};

Status NeedReason(IncidentAction action, std::string_view reason) {
  for (char c : reason) {
    if (c != ' ' && c != '\t' && c != '\n') return Status::Ok();
  }
  return InvalidArgument(std::string(Name(action)) + " needs a reason");
}

}  // namespace

std::string_view Name(IncidentState state) { return kStateNames[static_cast<size_t>(state)]; }

std::string_view Name(IncidentAction action) {
  switch (action) {
    case IncidentAction::kAcknowledge:
      return "acknowledge";
    case IncidentAction::kResolve:
      return "resolve";
    case IncidentAction::kFalsePositive:
      return "false_positive";
    case IncidentAction::kReopen:
      return "reopen";
  }
  return "?";
}

StatusOr<IncidentAction> ParseIncidentAction(std::string_view name) {
  for (IncidentAction a : {IncidentAction::kAcknowledge, IncidentAction::kResolve,
                           IncidentAction::kFalsePositive, IncidentAction::kReopen}) {
    if (name == Name(a)) return a;
  }
  return InvalidArgument("unknown action '" + std::string(name) +
                         "'; use acknowledge, resolve, false_positive or reopen");
}

uint64_t SubjectHash(const SubjectId& subject) {
  std::string input = "consentry incident subject";
  input += '\0';
  input += subject.value();
  const std::string hex = Sha256Hex(input);
  return std::stoull(hex.substr(0, 16), nullptr, 16);
}

Status ApplyAction(Incident& incident, IncidentAction action, std::string_view reason,
                   Timestamp now) {
  const auto refuse = [&] {
    return FailedPrecondition("cannot " + std::string(Name(action)) + " incident " + incident.id +
                              ": it is " + std::string(Name(incident.state)));
  };
  IncidentState next = incident.state;
  switch (action) {
    case IncidentAction::kAcknowledge:
      if (incident.state != IncidentState::kOpen) return refuse();
      next = IncidentState::kAcknowledged;
      break;
    case IncidentAction::kResolve:
    case IncidentAction::kFalsePositive:
      if (incident.closed()) return refuse();
      CONSENTRY_RETURN_IF_ERROR(NeedReason(action, reason));
      next = action == IncidentAction::kResolve ? IncidentState::kResolved
                                                : IncidentState::kFalsePositive;
      break;
    case IncidentAction::kReopen:
      if (!incident.closed()) return refuse();
      next = IncidentState::kOpen;
      break;
  }
  incident.state = next;
  incident.state_reason = incident.closed() ? std::string(reason) : "";
  incident.state_changed_at = now;
  if (next == IncidentState::kAcknowledged && !incident.acknowledged_at) {
    incident.acknowledged_at = now;
  }
  incident.closed_at = incident.closed() ? std::optional<Timestamp>(now) : std::nullopt;
  return Status::Ok();
}

void WriteIncidentJson(JsonWriter& w, const Incident& in, std::optional<Timestamp> snoozed_until) {
  w.BeginObject()
      .Field("id", in.id)
      .Field("key", in.key)
      .Field("detector", in.detector)
      .Field("tenant", in.tenant.value())
      .Field("severity", in.severity)
      .Field("state", Name(in.state))
      .Field("state_reason", in.state_reason)
      .Field("state_changed_at", FormatRfc3339(in.state_changed_at))
      .Field("count", in.count)
      .Field("affected_subjects", in.affected_subjects())
      .Field("reopened", in.reopened)
      .Field("first_seen", FormatRfc3339(in.first_seen))
      .Field("last_seen", FormatRfc3339(in.last_seen));
  for (const auto& [key, t] : {std::pair{"opened_at", &in.opened_at},
                               std::pair{"acknowledged_at", &in.acknowledged_at},
                               std::pair{"closed_at", &in.closed_at}}) {
    w.Key(key);
    if (*t) {
      w.String(FormatRfc3339(**t));
    } else {
      w.Null();
    }
  }
  w.Key("channels").BeginArray();
  for (const auto& c : in.channels) w.String(c);
  w.EndArray();
  w.Key("jurisdictions").BeginArray();
  for (const auto& j : in.jurisdictions) w.String(j);
  w.EndArray();
  w.Key("sample_alert_ids").BeginArray();
  for (const auto& a : in.samples) w.String(a.value());
  w.EndArray();
  if (snoozed_until) w.Field("snoozed_until", FormatRfc3339(*snoozed_until));
  w.EndObject();
}

std::string EncodeIncident(const Incident& incident) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  w.PutString(incident.id);
  w.PutString(incident.key);
  w.PutString(incident.detector);
  w.PutString(incident.tenant.value());
  w.PutString(incident.severity);
  w.PutU8(static_cast<uint8_t>(incident.state));
  w.PutString(incident.state_reason);
  wire::PutTimestamp(w, incident.state_changed_at);
  w.PutVarint64(static_cast<uint64_t>(incident.count));
  w.PutVarint64(static_cast<uint64_t>(incident.reopened));
  wire::PutTimestamp(w, incident.first_seen);
  wire::PutTimestamp(w, incident.last_seen);
  w.PutVarint64(incident.subjects.size());
  for (const auto& [hash, n] : incident.subjects) {
    w.PutFixed64BE(hash);
    w.PutVarint64(static_cast<uint64_t>(n));
  }
  wire::PutStrings(w, {incident.channels.begin(), incident.channels.end()});
  wire::PutStrings(w, {incident.jurisdictions.begin(), incident.jurisdictions.end()});
  wire::PutIds(w, incident.samples);
  for (const auto* t : {&incident.opened_at, &incident.acknowledged_at, &incident.closed_at}) {
    w.PutU8(t->has_value() ? 1 : 0);
    if (*t) wire::PutTimestamp(w, **t);
  }
  return out;
}

StatusOr<Incident> DecodeIncident(std::string_view bytes) {
  ByteReader r(bytes);
  Incident in;
  uint8_t version = 0, state = 0;
  std::string tenant;
  uint64_t count = 0, reopened = 0, subjects = 0;
  bool ok = r.ReadU8(&version) && (version == kVersion || version == kVersionWithoutTimes) &&
            r.ReadString(&in.id) &&
            r.ReadString(&in.key) && r.ReadString(&in.detector) && r.ReadString(&tenant) &&
            r.ReadString(&in.severity) && r.ReadU8(&state) && state < kStateNames.size() &&
            r.ReadString(&in.state_reason) && wire::ReadTimestamp(r, &in.state_changed_at) &&
            r.ReadVarint64(&count) && count <= INT64_MAX && r.ReadVarint64(&reopened) &&
            reopened <= INT64_MAX && wire::ReadTimestamp(r, &in.first_seen) &&
            wire::ReadTimestamp(r, &in.last_seen) && r.ReadCount(&subjects);
  for (uint64_t i = 0; ok && i < subjects; ++i) {
    uint64_t hash = 0, n = 0;
    ok = r.ReadFixed64BE(&hash) && r.ReadVarint64(&n) && n > 0 && n <= INT32_MAX;
    if (ok) in.subjects[hash] = static_cast<int32_t>(n);
  }
  std::vector<std::string> channels, jurisdictions, samples;
  ok = ok && wire::ReadStrings(r, &channels) && wire::ReadStrings(r, &jurisdictions) &&
       wire::ReadStrings(r, &samples);
  if (version == kVersion) {
    for (auto* t : {&in.opened_at, &in.acknowledged_at, &in.closed_at}) {
      uint8_t present = 0;
      ok = ok && r.ReadU8(&present) && present <= 1;
      if (ok && present == 1) {
        Timestamp at;
        ok = wire::ReadTimestamp(r, &at);
        *t = at;
      }
    }
  }
  ok = ok && r.ok() && r.empty();
  if (!ok) return DataLoss("incident: a malformed stored value");
  in.tenant = TenantId(tenant);
  in.state = static_cast<IncidentState>(state);
  in.count = static_cast<int64_t>(count);
  in.reopened = static_cast<int64_t>(reopened);
  in.channels = {channels.begin(), channels.end()};
  in.jurisdictions = {jurisdictions.begin(), jurisdictions.end()};
  for (auto& s : samples) in.samples.push_back(AlertId(std::move(s)));
  return in;
}

}  // namespace consentry
