#pragma once
// Delivers the webhook outbox (alerts/webhook.h) from a thread of its own: every message whose
// time has come is POSTed, signed, in queue order; a 2xx answer deletes it, anything else (or
// no answer) schedules the next attempt with exponential backoff and jitter, and a message that
// failed `max_attempts` times is dropped with an error line. Consumption never waits for it;
// the outbox survives restarts in serve's store.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "app/serve_config.h"
#include "core/time.h"
#include "server/http_client.h"
#include "state/store.h"

namespace consentry {

struct WebhookStats {
  int64_t delivered = 0;
  int64_t failed_attempts = 0;
  int64_t dropped = 0;
  int64_t waiting = 0;  // in the outbox at the last pass
};

class WebhookSender {
 public:
  // Starts the thread. `config.url` must parse (the config reader checked it).
  WebhookSender(Store& store, const WebhookConfig& config, const Clock& clock);
  ~WebhookSender();  // stops and joins

  // New messages were queued: look now rather than at the next tick.
  void Wake();
  WebhookStats stats() const;

 private:
  void Loop();
  // One pass over the outbox: delivers what is due. Returns false to stop early.
  Status Pass();

  Store& store_;
  const WebhookConfig& config_;
  const Clock& clock_;
  Url url_;
  std::mt19937_64 random_{std::random_device{}()};
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  WebhookStats stats_;
  std::thread thread_;
};

}  // namespace consentry
