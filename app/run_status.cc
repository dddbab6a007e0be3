#include "app/run_status.h"

#include "core/json_writer.h"

namespace consentry {
namespace {

HttpResponse Json(int status, std::string_view state, std::string_view detail = "") {
  JsonWriter json;
  json.BeginObject();
  json.Field("status", state);
  if (!detail.empty()) json.Field("reason", detail);
  json.EndObject();
  return HttpResponse{status, "application/json", json.Take() + "\n"};
}

}  // namespace

RunStatus::RunStatus(std::chrono::seconds stall_after)
    : stall_after_(stall_after), published_(std::chrono::steady_clock::now()) {}

void RunStatus::Publish(std::string metrics, std::string not_ready) {
  std::lock_guard lock(mu_);
  metrics_ = std::move(metrics);
  not_ready_ = std::move(not_ready);
  published_ = std::chrono::steady_clock::now();
}

void RunStatus::Busy(std::string why) {
  std::lock_guard lock(mu_);
  not_ready_ = std::move(why);
  published_ = std::chrono::steady_clock::now();
}

HttpResponse RunStatus::Handle(const HttpRequest& request) const {
  const bool known =
      request.path == "/healthz" || request.path == "/readyz" || request.path == "/metrics";
  if (!known) return HttpResponse::Error(404, "no such path; try /healthz, /readyz or /metrics");
  if (request.method != "GET") return HttpResponse::Error(405, "only GET is served here");
  std::lock_guard lock(mu_);
  if (request.path == "/metrics") {
    return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8", metrics_};
  }
  const auto quiet = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - published_);
  if (quiet > stall_after_) {
    return Json(503, "stalled",
                "the run loop has not finished a step for " + std::to_string(quiet.count()) + " s");
  }
  if (request.path == "/healthz") return Json(200, "ok");
  if (!not_ready_.empty()) return Json(503, "not ready", not_ready_);
  return Json(200, "ready");
}

}  // namespace consentry
