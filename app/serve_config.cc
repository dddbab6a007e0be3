#include "app/serve_config.h"

#include "app/config_reader.h"

#include "alerts/webhook.h"
#include "server/http_client.h"
#include "server/http_server.h"

namespace consentry {
namespace {

StatusOr<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kViewer, Role::kReviewer, Role::kRegulator, Role::kAdmin}) {
    if (name == Name(role)) return role;
  }
  return InvalidArgument("");
}

Status ReadToken(const ConfigReader& r, const YAML::Node& node, ApiToken& token) {
  if (!node.IsMap()) {
    return r.Error(node, "a serve.tokens entry must be a mapping",
                   "write {name: alice, role: reviewer, sha256: <hex>} (consentry keys token "
                   "makes one)");
  }
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, {"name", "role", "sha256"}, "serve.tokens"));
  for (const char* key : {"name", "role", "sha256"}) {
    if (!node[key]) {
      return r.Error(node, std::string("serve.tokens entry without ") + key,
                     "every token needs name, role and sha256");
    }
  }
  CONSENTRY_ASSIGN_OR_RETURN(token.name, r.String(node["name"], "serve.tokens.name"));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string role, r.String(node["role"], "serve.tokens.role"));
  auto parsed = ParseRole(role);
  if (!parsed.ok()) {
    return r.Error(node["role"], "unknown role '" + role + "'",
                   "use viewer, reviewer, regulator or admin");
  }
  token.role = *parsed;
  CONSENTRY_ASSIGN_OR_RETURN(token.sha256, r.String(node["sha256"], "serve.tokens.sha256"));
  if (token.sha256.size() != 64 ||
      token.sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return r.Error(node["sha256"], "serve.tokens.sha256 must be 64 lower-case hex characters",
                   "store the token's SHA-256, never the token (consentry keys token makes both)");
  }
  return Status::Ok();
}

Status ReadWebhook(const ConfigReader& r, const YAML::Node& node, WebhookConfig& webhook) {
  if (!node.IsMap()) return r.Error(node, "serve.webhook must be a mapping", "see docs/api.md");
  CONSENTRY_RETURN_IF_ERROR(
      r.OnlyKnownKeys(node, {"url", "secret", "timeout", "max_attempts"}, "serve.webhook"));
  if (!node["url"] || !node["secret"]) {
    return r.Error(node, "serve.webhook needs url and secret",
                   "secret: whsec_ followed by base64 (Standard Webhooks)");
  }
  CONSENTRY_ASSIGN_OR_RETURN(webhook.url, r.String(node["url"], "serve.webhook.url"));
  if (auto url = ParseUrl(webhook.url); !url.ok()) {
    return r.Error(node["url"], "serve.webhook.url: " + url.status().message(), "");
  }
  CONSENTRY_ASSIGN_OR_RETURN(webhook.secret, r.String(node["secret"], "serve.webhook.secret"));
  if (auto s = SignWebhook(webhook.secret, "", 0, ""); !s.ok()) {
    return r.Error(node["secret"], "serve.webhook.secret: " + s.status().message(),
                   "for example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw (never commit a real one)");
  }
  if (node["timeout"]) {
    CONSENTRY_ASSIGN_OR_RETURN(const Duration t,
                               r.DurationOf(node["timeout"], "serve.webhook.timeout"));
    webhook.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(t);
  }
  if (node["max_attempts"]) {
    CONSENTRY_ASSIGN_OR_RETURN(const int64_t n,
                               r.Int(node["max_attempts"], "serve.webhook.max_attempts", 1, 1000));
    webhook.max_attempts = static_cast<int32_t>(n);
  }
  return Status::Ok();
}

}  // namespace

std::string_view Name(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kReviewer:
      return "reviewer";
    case Role::kRegulator:
      return "regulator";
    case Role::kAdmin:
      return "admin";
  }
  return "?";
}

Status ReadServe(const ConfigReader& r, const YAML::Node& node, ServeConfig& serve) {
  if (!node.IsMap()) return r.Error(node, "serve must be a mapping", "see docs/configuration.md");
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      node, {"listen", "state_dir", "group_id", "incident_window", "escalate_at", "tokens",
             "audit_key", "webhook"},
      "serve"));
  if (node["listen"]) {
    CONSENTRY_ASSIGN_OR_RETURN(serve.listen, r.String(node["listen"], "serve.listen"));
    HttpServerOptions options;
    if (Status s = ParseListenAddress(serve.listen, &options); !s.ok()) {
      return r.Error(node["listen"], "serve.listen: " + s.message(),
                     "for example `serve: {listen: 127.0.0.1:8080}`");
    }
  }
  if (node["state_dir"]) {
    CONSENTRY_ASSIGN_OR_RETURN(serve.state_dir, r.String(node["state_dir"], "serve.state_dir"));
  }
  if (node["group_id"]) {
    CONSENTRY_ASSIGN_OR_RETURN(serve.group_id, r.String(node["group_id"], "serve.group_id"));
  }
  if (node["incident_window"]) {
    CONSENTRY_ASSIGN_OR_RETURN(serve.incidents.window,
                               r.DurationOf(node["incident_window"], "serve.incident_window"));
  }
  if (node["escalate_at"]) {
    if (!node["escalate_at"].IsSequence()) {
      return r.Error(node["escalate_at"], "serve.escalate_at must be a list of counts",
                     "for example [100, 1000, 10000]");
    }
    serve.incidents.escalate_at.clear();
    for (const auto& n : node["escalate_at"]) {
      CONSENTRY_ASSIGN_OR_RETURN(const int64_t count,
                                 r.Int(n, "serve.escalate_at", 2, 1'000'000'000));
      if (!serve.incidents.escalate_at.empty() && count <= serve.incidents.escalate_at.back()) {
        return r.Error(n, "serve.escalate_at must rise", "list the counts in increasing order");
      }
      serve.incidents.escalate_at.push_back(count);
    }
  }
  if (node["tokens"]) {
    if (!node["tokens"].IsSequence()) {
      return r.Error(node["tokens"], "serve.tokens must be a list", "see docs/api.md");
    }
    for (const auto& entry : node["tokens"]) {
      ApiToken token;
      CONSENTRY_RETURN_IF_ERROR(ReadToken(r, entry, token));
      serve.tokens.push_back(std::move(token));
    }
  }
  if (node["webhook"]) CONSENTRY_RETURN_IF_ERROR(ReadWebhook(r, node["webhook"], serve.webhook));
  if (node["audit_key"]) {
    CONSENTRY_ASSIGN_OR_RETURN(serve.audit_key, r.String(node["audit_key"], "serve.audit_key"));
  }
  return Status::Ok();
}

}  // namespace consentry
