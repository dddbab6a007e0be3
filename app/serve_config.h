#pragma once
// Reads `serve:` (docs/configuration.md, "serve"): where `consentry serve` listens and keeps its
// state, how it groups alerts into incidents, and who may call it (bearer tokens stored as
// SHA-256 hashes, each with a role). Errors name the file, the line and the fix.

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>
#include <vector>

#include "alerts/incident_book.h"
#include "core/status.h"

namespace consentry {

// What a token may do. viewer: read incidents; reviewer: also act on them; regulator: read the
// audit log; admin: everything.
enum class Role { kViewer, kReviewer, kRegulator, kAdmin };
std::string_view Name(Role role);

struct ApiToken {
  std::string name;    // who it is, for the audit log (never the token)
  Role role = Role::kViewer;
  std::string sha256;  // hex SHA-256 of the token
};

// serve.webhook: where incident notices go (alerts/webhook.h); no url: nowhere.
struct WebhookConfig {
  std::string url;
  std::string secret;  // "whsec_" + base64
  std::chrono::milliseconds timeout{5000};
  int32_t max_attempts = 30;  // then the message is dropped (logged); about a day of retries
};

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  std::string state_dir = ".consentry/serve";
  std::string group_id = "consentry-serve";
  IncidentOptions incidents;
  std::vector<ApiToken> tokens;
  // The Ed25519 private key (PEM file) that signs the audit log's head in exports; empty: the
  // export is unsigned.
  std::string audit_key;
  WebhookConfig webhook;
};

class ConfigReader;  // app/config_reader.h
Status ReadServe(const ConfigReader& r, const YAML::Node& node, ServeConfig& serve);

}  // namespace consentry
