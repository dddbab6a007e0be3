#pragma once
// The HTTP API of `consentry serve` (docs/api.md), in front of ServeCore:
//   GET  /healthz, /readyz, /metrics        no token (/metrics: Prometheus text)
//   GET  /api/incidents                     viewer: filter (state, detector, tenant), sort
//                                           (last_seen, first_seen, count), limit, offset
//   GET  /api/incidents/{id}                viewer: the incident and up to 100 of its alerts
//   POST /api/incidents/{id}/actions        reviewer: {"action": ..., "reason": ...}
//   POST /api/incidents/{id}/snooze         reviewer: {"until": RFC 3339, "reason": ...}
//   POST /api/subject                       reviewer: {"subject": ..., "tenant": ...}: the
//                                           subject's alerts and the decisions they quote
//   GET  /api/audit                         regulator: the audit log export (JSON Lines)
// Admin may do everything. A missing or unknown bearer token is a 401, a role that may not a
// 403, each with {"error": ...}. Tokens are compared by their SHA-256 (only hashes are
// configured). Each token may make `rate_per_second` requests a second (a burst of twice
// that), then gets 429s. Access lines are logged with the route, never a subject id or body.
//
// Thread-safe (the HTTP server's thread calls Handle).

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <variant>

#include "app/serve_config.h"
#include "app/serve_core.h"
#include "app/webhook_sender.h"
#include "server/http_server.h"

namespace consentry {

class ServeApi {
 public:
  ServeApi(ServeCore& core, const ServeConfig& config, double rate_per_second = 50);

  HttpResponse Handle(const HttpRequest& request);
  // Where /metrics reads the webhook's figures (none: no webhook configured).
  void SetWebhookStats(std::function<WebhookStats()> stats) { webhook_stats_ = std::move(stats); }
  // Set once the consumer has read every assigned partition to its end.
  void SetReady(bool ready);

 private:
  struct Caller {
    std::string name;
    Role role;
  };
  // The caller of `request`, or the 401 to answer.
  std::variant<Caller, HttpResponse> Authenticate(const HttpRequest& request) const;
  bool Allow(const std::string& caller);  // the rate limit
  HttpResponse Route(const HttpRequest& request, const Caller& caller);
  HttpResponse ListIncidents(const HttpRequest& request);
  HttpResponse OneIncident(std::string_view id);
  HttpResponse Act(std::string_view id, const HttpRequest& request, const Caller& caller);
  HttpResponse Snooze(std::string_view id, const HttpRequest& request, const Caller& caller);
  HttpResponse Subject(const HttpRequest& request, const Caller& caller);
  HttpResponse Metrics();

  ServeCore& core_;
  const ServeConfig& config_;
  const double rate_per_second_;
  std::mutex mu_;
  bool ready_ = false;
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  std::map<std::string, Bucket> buckets_;
  std::map<std::pair<std::string, int>, int64_t> requests_;  // (route, status) -> count
  std::function<WebhookStats()> webhook_stats_;
};

}  // namespace consentry
