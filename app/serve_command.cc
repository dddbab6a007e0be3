// consentry serve: consumes the alerts topic (its own consumer group, read_committed) into
// incidents and the audit log in its own RocksDB store (app/serve_core.h), and serves the API
// (app/serve_api.h). Several `run` instances feed one `serve`; restarted on its state it resumes
// where its last batch ended.

#include <fmt/format.h>

#include <set>

#include "app/command_util.h"
#include "app/commands.h"
#include "app/serve_api.h"
#include "app/serve_core.h"
#include "app/webhook_sender.h"
#include "kafka/consumer.h"
#include "server/http_client.h"
#include "server/http_server.h"
#include "state/store.h"

namespace consentry {
namespace {

Status Serve(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfigFromFlags(flags));
  if (!config.kafka.contains("bootstrap.servers")) {
    return FailedPrecondition(config.path +
                              ": no kafka bootstrap.servers; set `kafka: {bootstrap.servers: "
                              "HOST:PORT}`, pass --bootstrap or set CONSENTRY_BOOTSTRAP");
  }
  const ServeConfig& serve = config.serve;
  if (serve.tokens.empty()) {
    log::Warn("serve", config.path +
                           ": serve.tokens is empty: every API call will be refused "
                           "(make a token with `consentry keys token`)");
  }
  const std::string state_dir = flags.Has("state-dir") ? flags.Get("state-dir") : serve.state_dir;
  CONSENTRY_ASSIGN_OR_RETURN(auto store, Store::Open(state_dir, StoreOptions{}));
  SystemClock clock;
  CONSENTRY_ASSIGN_OR_RETURN(auto core, ServeCore::Open(*store, serve, clock));
  ServeApi api(*core, serve);
  std::unique_ptr<WebhookSender> webhook;
  if (!serve.webhook.url.empty()) {
    webhook = std::make_unique<WebhookSender>(*store, serve.webhook, clock);
    core->OnWebhookQueued([&webhook] { webhook->Wake(); });
    api.SetWebhookStats([&webhook] { return webhook->stats(); });
    log::Info("serve",
              "incident notices go to the webhook " + ParseUrl(serve.webhook.url).value().host);
  }
  HttpServerOptions http_options{.max_body_bytes = 64 << 10};
  CONSENTRY_RETURN_IF_ERROR(
      ParseListenAddress(flags.Has("listen") ? flags.Get("listen") : serve.listen, &http_options));
  CONSENTRY_ASSIGN_OR_RETURN(
      auto http,
      HttpServer::Start(http_options, [&api](const HttpRequest& r) { return api.Handle(r); }));
  log::Info("serve", fmt::format("serving the API on http://{}:{}; state in {}",
                                 http_options.address, http->port(), state_dir));

  const std::string& topic = config.topics.alerts;
  std::set<TopicPartition> unread;  // assigned, not yet read to the end
  bool assigned = false;
  kafka::ConsumerHooks hooks;
  hooks.on_assign = [&](const std::vector<TopicPartition>& parts)
      -> StatusOr<std::map<TopicPartition, std::optional<int64_t>>> {
    std::map<TopicPartition, std::optional<int64_t>> starts;
    for (const auto& tp : parts) {
      CONSENTRY_ASSIGN_OR_RETURN(starts[tp], core->ResumeAt(tp.first, tp.second));
      unread.insert(tp);
    }
    assigned = !parts.empty();
    log::Info("serve", fmt::format("assigned {} partitions of {}", parts.size(), topic));
    return starts;
  };
  hooks.on_revoke = [&](const std::vector<TopicPartition>& parts) {
    for (const auto& tp : parts) unread.erase(tp);
    assigned = false;
  };
  CONSENTRY_ASSIGN_OR_RETURN(
      auto consumer, kafka::GroupConsumer::Create(config.kafka, serve.group_id, {topic}, hooks));
  const std::atomic<bool>& stop = InstallStopSignals();
  Status result;
  while (!stop.load()) {
    auto polled = consumer->Poll(1000, std::chrono::milliseconds(200));
    if (!polled.ok()) {
      result = polled.status();
      break;
    }
    if (!polled->records.empty()) {
      auto next = core->Ingest(polled->records);
      if (!next.ok()) {
        result = next.status();
        break;
      }
      if (Status s = consumer->Commit(*next); !s.ok()) {
        log::Warn("serve", "offset commit failed (the store has them): " + s.ToString());
      }
    }
    for (const auto& tp : polled->caught_up) unread.erase(tp);
    api.SetReady(assigned && unread.empty());
    // A reviewer's action whose write failed leaves memory ahead of the store: stop, so a
    // restart carries on from the store (nothing lost: the action was answered with an error).
    if (result = core->Usable(); !result.ok()) break;
  }
  api.SetReady(false);
  consumer->Close();
  http->Stop();
  const ServeStats stats = core->stats();
  log::Info("serve", fmt::format("stopping: {} records read ({} not alert.v1), {} incident "
                                 "notices, {} actions, {} audit entries, {} webhooks queued",
                                 stats.records, stats.malformed, stats.notices, stats.actions,
                                 stats.audit_entries, stats.webhooks_queued));
  if (webhook) {
    const WebhookStats w = webhook->stats();
    log::Info("serve", fmt::format("webhook: {} delivered, {} failed attempts, {} dropped, {} "
                                   "waiting in the outbox",
                                   w.delivered, w.failed_attempts, w.dropped, w.waiting));
  }
  return result;
}

}  // namespace

Command ServeCommand() {
  return {.spec = {.name = "serve",
                   .summary = "Group the alerts topic into incidents, keep the signed audit log, "
                              "send the webhook and serve the API and the review page "
                              "(docs/api.md). Several run instances feed one serve.",
                   .flags = {ConfigFlag(),
                             BootstrapFlag(),
                             StateDirFlag("serve's own state (default: the config's "
                                          "serve.state_dir)"),
                             {.name = "listen",
                              .value_name = "ADDRESS:PORT",
                              .help = "where the API listens (port 0: any free one; default: "
                                      "the config's serve.listen)"}}},
          .run = ExitZero(Serve)};
}

}  // namespace consentry
