#include "app/webhook_sender.h"

#include <fmt/format.h>

#include <vector>

#include "alerts/webhook.h"
#include "core/log.h"
#include "state/keys.h"

namespace consentry {

WebhookSender::WebhookSender(Store& store, const WebhookConfig& config, const Clock& clock)
    : store_(store), config_(config), clock_(clock), url_(ParseUrl(config.url).value()) {
  thread_ = std::thread([this] { Loop(); });
}

WebhookSender::~WebhookSender() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WebhookSender::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

WebhookStats WebhookSender::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void WebhookSender::Loop() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::milliseconds(500), [&] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
    }
    if (Status s = Pass(); !s.ok()) log::Warn("serve", "webhook outbox: " + s.ToString());
  }
}

Status WebhookSender::Pass() {
  std::vector<WebhookMessage> due;
  int64_t waiting = 0;
  const Timestamp now = clock_.Now();
  Status decode;
  CONSENTRY_RETURN_IF_ERROR(store_.ScanPrefix(
      Family::kIncidents, WebhookOutboxPrefix(), [&](std::string_view, std::string_view value) {
        auto m = DecodeWebhookMessage(value);
        if (!m.ok()) {
          decode = m.status();
          return false;
        }
        ++waiting;
        if (m->next_attempt <= now) due.push_back(std::move(*m));
        return true;
      }));
  CONSENTRY_RETURN_IF_ERROR(decode);
  {
    std::lock_guard lock(mu_);
    stats_.waiting = waiting;
  }
  for (WebhookMessage& m : due) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return Status::Ok();
    }
    const int64_t timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    CONSENTRY_ASSIGN_OR_RETURN(const std::string signature,
                               SignWebhook(config_.secret, m.id, timestamp, m.body));
    auto result = HttpPost(url_,
                           {{"content-type", "application/json"},
                            {"webhook-id", m.id},
                            {"webhook-timestamp", std::to_string(timestamp)},
                            {"webhook-signature", signature}},
                           m.body, config_.timeout);
    StoreBatch writes;
    const std::string key = WebhookOutboxKey(m.seq);
    std::lock_guard lock(mu_);
    if (result.ok() && result->status >= 200 && result->status < 300) {
      writes.Delete(Family::kIncidents, key);
      ++stats_.delivered;
    } else {
      ++stats_.failed_attempts;
      ++m.attempts;
      const std::string why = result.ok() ? "HTTP " + std::to_string(result->status)
                                          : result.status().message();
      if (m.attempts >= config_.max_attempts) {
        writes.Delete(Family::kIncidents, key);
        ++stats_.dropped;
        log::Error("serve", fmt::format("webhook {} dropped after {} attempts: {}", m.id,
                                        m.attempts, why));
      } else {
        const double unit = std::uniform_real_distribution<double>(0, 1)(random_);
        m.next_attempt = clock_.Now() + WebhookBackoff(m.attempts, unit);
        writes.Put(Family::kIncidents, key, EncodeWebhookMessage(m));
        log::Warn("serve", fmt::format("webhook {} attempt {} failed ({}); next in {:.1f}s", m.id,
                                       m.attempts, why,
                                       std::chrono::duration<double>(m.next_attempt -
                                                                     clock_.Now())
                                           .count()));
      }
    }
    CONSENTRY_RETURN_IF_ERROR(store_.Write(writes));
  }
  return Status::Ok();
}

}  // namespace consentry
