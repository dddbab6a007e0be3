#pragma once
// What `run` answers over HTTP (http.listen or --http): the run loop publishes a snapshot after
// its batches, the HTTP thread serves the latest.
//   GET /healthz  200 while the run loop turns; 503 once it has published nothing for
//                 `stall_after`, 5 minutes (a batch stuck, a hung call)
//   GET /readyz   200 once partitions are assigned and every one was read to its end since;
//                 503 with the reason before that and while degraded
//   GET /metrics  the Prometheus text (app/run_metrics.h)
// Anything else is a 404, a method other than GET a 405, each with a JSON error.
//
// Thread-safe.

#include <chrono>
#include <mutex>
#include <string>

#include "server/http_server.h"

namespace consentry {

class RunStatus {
 public:
  explicit RunStatus(std::chrono::seconds stall_after = std::chrono::minutes(5));

  // `not_ready` empty: ready; else why not.
  void Publish(std::string metrics, std::string not_ready);
  // Alive but not ready (restoring a partition's state, say), metrics unchanged.
  void Busy(std::string why);
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  const std::chrono::seconds stall_after_;
  mutable std::mutex mu_;
  std::string metrics_;
  std::string not_ready_ = "starting";
  std::chrono::steady_clock::time_point published_;
};

}  // namespace consentry
