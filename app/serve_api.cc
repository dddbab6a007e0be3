#include "app/serve_api.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>

#include "app/review_page.h"
#include "app/subject_view.h"
#include "core/digest.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "server/prometheus.h"
#include "server/query.h"

namespace consentry {
namespace {

constexpr size_t kMaxAlertsShown = 100;
constexpr size_t kMaxSubjectAlertsShown = 500;

bool Permits(Role role, Role needed) {
  if (role == Role::kAdmin) return true;
  switch (needed) {
    case Role::kViewer:
      return role == Role::kViewer || role == Role::kReviewer;
    case Role::kReviewer:
      return role == Role::kReviewer;
    case Role::kRegulator:
      return role == Role::kRegulator;
    case Role::kAdmin:
      return false;
  }
  return false;
}

HttpResponse Json(int status, std::string body) {
  return HttpResponse{status, "application/json", std::move(body) + "\n"};
}

HttpResponse FromStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kNotFound:
      return HttpResponse::Error(404, s.message());
    case StatusCode::kInvalidArgument:
      return HttpResponse::Error(400, s.message());
    case StatusCode::kFailedPrecondition:
      return HttpResponse::Error(409, s.message());
    case StatusCode::kUnavailable:
    case StatusCode::kDataLoss:
      log::Error("serve", "the store failed: " + s.ToString());
      return HttpResponse::Error(503, "the store failed this write; serve restarts");
    default:
      log::Warn("serve", "request failed: " + s.ToString());
      return HttpResponse::Error(500, "internal error");
  }
}

bool ParseSize(const std::string& text, size_t max, size_t* out) {
  size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return false;
  *out = value;
  return true;
}

}  // namespace

ServeApi::ServeApi(ServeCore& core, const ServeConfig& config, double rate_per_second)
    : core_(core), config_(config), rate_per_second_(rate_per_second) {}

void ServeApi::SetReady(bool ready) {
  std::lock_guard lock(mu_);
  ready_ = ready;
}

std::variant<ServeApi::Caller, HttpResponse> ServeApi::Authenticate(
    const HttpRequest& request) const {
  const auto header = request.headers.find("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header == request.headers.end() || !header->second.starts_with(kBearer)) {
    return HttpResponse::Error(401, "a bearer token is required (Authorization: Bearer TOKEN)");
  }
  const std::string hash = Sha256Hex(std::string_view(header->second).substr(kBearer.size()));
  for (const ApiToken& token : config_.tokens) {
    if (token.sha256 == hash) return Caller{token.name, token.role};
  }
  return HttpResponse::Error(401, "unknown token");
}

bool ServeApi::Allow(const std::string& caller) {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  auto [it, fresh] = buckets_.try_emplace(caller, Bucket{2 * rate_per_second_, now});
  Bucket& b = it->second;
  b.tokens =
      std::min(2 * rate_per_second_,
               b.tokens + rate_per_second_ * std::chrono::duration<double>(now - b.at).count());
  b.at = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

HttpResponse ServeApi::Handle(const HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  HttpResponse response;
  std::string who = "-";
  std::string_view page_path = request.path;
  if (page_path == "/") page_path = "/index.html";
  const auto asset = std::find_if(ReviewPageAssets().begin(), ReviewPageAssets().end(),
                                  [&](const PageAsset& a) { return a.path == page_path; });
  if (asset != ReviewPageAssets().end() && request.method == "GET") {
    // The page itself holds no data: everything it shows comes from the API with a token.
    response = HttpResponse{200, std::string(asset->content_type) + "; charset=utf-8",
                            std::string(asset->content)};
  } else if (request.path == "/metrics") {
    response = Metrics();
  } else if (request.path == "/healthz") {
    response = Json(200, R"({"status":"ok"})");
  } else if (request.path == "/readyz") {
    std::lock_guard lock(mu_);
    response = ready_ ? Json(200, R"({"status":"ready"})")
                      : Json(503, R"({"status":"not ready",)"
                                  R"("reason":"reading the alerts topic to its end"})");
  } else {
    auto caller = Authenticate(request);
    if (auto* refused = std::get_if<HttpResponse>(&caller)) {
      response = std::move(*refused);
    } else {
      const Caller& c = std::get<Caller>(caller);
      who = c.name;
      response = Allow(c.name) ? Route(request, c)
                               : HttpResponse::Error(429, "too many requests; slow down");
    }
  }
  // The route without ids or query: no subject id can reach the log, and the metric's labels
  // stay few (any unknown path is "other").
  std::string route = "other";
  if (request.path.starts_with("/api/incidents/")) {
    route = request.path.ends_with("/actions")  ? "/api/incidents/{id}/actions"
            : request.path.ends_with("/snooze") ? "/api/incidents/{id}/snooze"
                                                : "/api/incidents/{id}";
  } else if (asset != ReviewPageAssets().end() || request.path == "/api/incidents" ||
             request.path == "/api/audit" || request.path == "/api/subject" ||
             request.path == "/healthz" || request.path == "/readyz" ||
             request.path == "/metrics") {
    route = request.path;
  }
  {
    std::lock_guard lock(mu_);
    ++requests_[{route, response.status}];
  }
  log::Info("serve",
            fmt::format("{} {} {} {} {:.1f}ms", who, request.method, route, response.status,
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                  started)
                            .count()));
  return response;
}

HttpResponse ServeApi::Route(const HttpRequest& request, const Caller& caller) {
  const std::string& path = request.path;
  const auto need = [&](Role role) { return Permits(caller.role, role); };
  const auto forbidden = [&] {
    return HttpResponse::Error(403, "role " + std::string(Name(caller.role)) + " may not do this");
  };
  if (path == "/api/incidents") {
    if (request.method != "GET") return HttpResponse::Error(405, "use GET");
    return need(Role::kViewer) ? ListIncidents(request) : forbidden();
  }
  if (path == "/api/audit") {
    if (request.method != "GET") return HttpResponse::Error(405, "use GET");
    if (!need(Role::kRegulator)) return forbidden();
    auto text = core_.AuditExport();
    if (!text.ok()) return FromStatus(text.status());
    return HttpResponse{200, "application/x-ndjson", std::move(*text)};
  }
  if (path == "/api/subject") {
    if (request.method != "POST") return HttpResponse::Error(405, "use POST");
    return need(Role::kReviewer) ? Subject(request, caller) : forbidden();
  }
  constexpr std::string_view kIncidents = "/api/incidents/";
  if (path.starts_with(kIncidents)) {
    std::string_view rest = std::string_view(path).substr(kIncidents.size());
    if (rest.ends_with("/snooze")) {
      if (request.method != "POST") return HttpResponse::Error(405, "use POST");
      if (!need(Role::kReviewer)) return forbidden();
      return Snooze(rest.substr(0, rest.size() - 7), request, caller);
    }
    if (rest.ends_with("/actions")) {
      if (request.method != "POST") return HttpResponse::Error(405, "use POST");
      if (!need(Role::kReviewer)) return forbidden();
      return Act(rest.substr(0, rest.size() - 8), request, caller);
    }
    if (rest.find('/') == std::string_view::npos && !rest.empty()) {
      if (request.method != "GET") return HttpResponse::Error(405, "use GET");
      return need(Role::kViewer) ? OneIncident(rest) : forbidden();
    }
  }
  return HttpResponse::Error(404, "no such path; see docs/api.md");
}

HttpResponse ServeApi::Metrics() {
  PrometheusWriter out;
  const std::map<IncidentState, int64_t> states = core_.CountByState();
  out.Gauge("consentry_serve_incidents", "Incidents, by state.");
  for (IncidentState s : {IncidentState::kOpen, IncidentState::kAcknowledged,
                          IncidentState::kResolved, IncidentState::kFalsePositive}) {
    const auto it = states.find(s);
    out.Sample({{"state", std::string(Name(s))}}, it == states.end() ? 0 : it->second);
  }
  const ServeStats stats = core_.stats();
  out.Counter("consentry_serve_records_total", "Records read from the alerts topic.")
      .Sample(stats.records);
  out.Counter("consentry_serve_malformed_total", "Records that were not alert.v1 (skipped).")
      .Sample(stats.malformed);
  out.Counter("consentry_serve_notices_total", "Incident notices (opened, escalated, ...).")
      .Sample(stats.notices);
  out.Counter("consentry_serve_audit_entries_total", "Entries appended to the audit log.")
      .Sample(stats.audit_entries);
  if (webhook_stats_) {
    const WebhookStats w = webhook_stats_();
    out.Gauge("consentry_serve_webhook_outbox", "Webhook messages waiting to be delivered.")
        .Sample(w.waiting);
    out.Counter("consentry_serve_webhook_delivered_total", "Webhook messages delivered.")
        .Sample(w.delivered);
    out.Counter("consentry_serve_webhook_failures_total", "Failed webhook delivery attempts.")
        .Sample(w.failed_attempts);
    out.Counter("consentry_serve_webhook_dropped_total",
                "Webhook messages dropped after their last attempt.")
        .Sample(w.dropped);
  }
  out.Counter("consentry_serve_http_requests_total", "HTTP requests, by route and status.");
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, n] : requests_) {
      out.Sample({{"route", key.first}, {"code", std::to_string(key.second)}}, n);
    }
  }
  return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8", out.Take()};
}

HttpResponse ServeApi::ListIncidents(const HttpRequest& request) {
  const auto query = ParseQuery(request.target);
  IncidentFilter filter;
  for (const auto& [name, value] : query) {
    if (name == "state") {
      bool known = false;
      for (IncidentState s : {IncidentState::kOpen, IncidentState::kAcknowledged,
                              IncidentState::kResolved, IncidentState::kFalsePositive}) {
        if (value == Name(s)) {
          filter.state = s;
          known = true;
        }
      }
      if (!known) {
        return HttpResponse::Error(400,
                                   "state must be open, acknowledged, resolved or false_positive");
      }
    } else if (name == "detector") {
      filter.detector = value;
    } else if (name == "tenant") {
      filter.tenant = value;
    } else if (name == "sort") {
      if (value == "last_seen") {
        filter.sort = IncidentFilter::Sort::kLastSeen;
      } else if (value == "first_seen") {
        filter.sort = IncidentFilter::Sort::kFirstSeen;
      } else if (value == "count") {
        filter.sort = IncidentFilter::Sort::kCount;
      } else {
        return HttpResponse::Error(400, "sort must be last_seen, first_seen or count");
      }
    } else if (name == "limit") {
      if (!ParseSize(value, 500, &filter.limit) || filter.limit == 0) {
        return HttpResponse::Error(400, "limit must be a number from 1 to 500");
      }
    } else if (name == "offset") {
      if (!ParseSize(value, SIZE_MAX / 2, &filter.offset)) {
        return HttpResponse::Error(400, "offset must be a number");
      }
    } else {
      return HttpResponse::Error(400, "unknown parameter '" + name +
                                          "'; use state, detector, tenant, sort, limit, offset");
    }
  }
  const IncidentPage page = core_.List(filter);
  JsonWriter w;
  w.BeginObject().Field("total", static_cast<int64_t>(page.total));
  w.Field("offset", static_cast<int64_t>(filter.offset))
      .Field("limit", static_cast<int64_t>(filter.limit));
  w.Key("incidents").BeginArray();
  for (const Incident& in : page.incidents) WriteIncidentJson(w, in, core_.SnoozedUntil(in));
  w.EndArray();
  w.EndObject();
  return Json(200, w.Take());
}

HttpResponse ServeApi::OneIncident(std::string_view id) {
  const std::optional<Incident> in = core_.Get(id);
  if (!in) return HttpResponse::Error(404, "no incident " + std::string(id));
  auto alerts = core_.Alerts(id, kMaxAlertsShown);
  if (!alerts.ok()) return FromStatus(alerts.status());
  JsonWriter w;
  w.BeginObject().Key("incident");
  WriteIncidentJson(w, *in, core_.SnoozedUntil(*in));
  w.Key("alerts").BeginArray();
  for (const std::string& alert : *alerts) w.Raw(alert);
  w.EndArray();
  w.Field("alerts_shown", static_cast<int64_t>(alerts->size()));
  w.EndObject();
  return Json(200, w.Take());
}

HttpResponse ServeApi::Act(std::string_view id, const HttpRequest& request, const Caller& caller) {
  simdjson::dom::parser parser;
  simdjson::dom::object body;
  if (parser.parse(request.body).get_object().get(body) != simdjson::SUCCESS) {
    return HttpResponse::Error(400,
                               "the body must be a JSON object {\"action\": ..., \"reason\": ...}");
  }
  std::string_view action_name, reason;
  if (body["action"].get_string().get(action_name) != simdjson::SUCCESS) {
    return HttpResponse::Error(400, "\"action\" (a string) is required");
  }
  if (auto r = body["reason"];
      r.error() != simdjson::NO_SUCH_FIELD && r.get_string().get(reason) != simdjson::SUCCESS) {
    return HttpResponse::Error(400, "\"reason\" must be a string");
  }
  auto action = ParseIncidentAction(action_name);
  if (!action.ok()) return HttpResponse::Error(400, action.status().message());
  auto incident = core_.Act(id, *action, reason, caller.name);
  if (!incident.ok()) return FromStatus(incident.status());
  JsonWriter w;
  WriteIncidentJson(w, *incident, core_.SnoozedUntil(*incident));
  return Json(200, w.Take());
}

HttpResponse ServeApi::Snooze(std::string_view id, const HttpRequest& request,
                              const Caller& caller) {
  simdjson::dom::parser parser;
  simdjson::dom::object body;
  std::string_view until_text, reason;
  if (parser.parse(request.body).get_object().get(body) != simdjson::SUCCESS ||
      body["until"].get_string().get(until_text) != simdjson::SUCCESS ||
      body["reason"].get_string().get(reason) != simdjson::SUCCESS) {
    return HttpResponse::Error(400,
                               "the body must be {\"until\": RFC 3339 time, \"reason\": a string}");
  }
  auto until = ParseRfc3339(until_text);
  if (!until.ok()) return HttpResponse::Error(400, "until is not an RFC 3339 time");
  auto incident = core_.Snooze(id, *until, reason, caller.name);
  if (!incident.ok()) return FromStatus(incident.status());
  JsonWriter w;
  WriteIncidentJson(w, *incident, core_.SnoozedUntil(*incident));
  return Json(200, w.Take());
}

// The subject id comes in the body, never the URL: URLs end up in proxy and access logs.
HttpResponse ServeApi::Subject(const HttpRequest& request, const Caller& caller) {
  simdjson::dom::parser parser;
  simdjson::dom::object body;
  std::string_view subject, tenant;
  if (parser.parse(request.body).get_object().get(body) != simdjson::SUCCESS ||
      body["subject"].get_string().get(subject) != simdjson::SUCCESS || subject.empty()) {
    return HttpResponse::Error(
        400, "the body must be {\"subject\": the subject id, \"tenant\": optional}");
  }
  if (auto t = body["tenant"];
      t.error() != simdjson::NO_SUCH_FIELD && t.get_string().get(tenant) != simdjson::SUCCESS) {
    return HttpResponse::Error(400, "\"tenant\" must be a string");
  }
  const SubjectId id{std::string(subject)};
  const TenantId tenant_id{std::string(tenant)};
  auto found = core_.LookUpSubject(id, tenant_id, kMaxSubjectAlertsShown, caller.name);
  if (!found.ok()) return FromStatus(found.status());
  return Json(200, SubjectViewJson(id, tenant_id, *found));
}

}  // namespace consentry
