#pragma once
// Plain key/value librdkafka settings (passed through from the YAML `kafka:` map: TLS, SASL,
// tuning), which of them each kind of client gets, and librdkafka configuration objects built
// from them.

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace consentry::kafka {

using Settings = std::map<std::string, std::string>;

// The kinds of librdkafka client consentry creates. The admin client is a producer handle that
// never produces.
enum class ClientKind { kProducer, kConsumer, kAdmin };

// The settings that belong to a client of `kind`, following the scope librdkafka 2.0.2 documents
// for each property (CONFIGURATION.md: C = consumer only, P = producer only, * = both): a
// producer drops the consumer-only keys, a consumer the producer-only ones, the admin client
// both. Keys librdkafka does not know are kept, so that a typo still fails with librdkafka's
// error naming the key instead of vanishing. Every client in kafka/ applies this to the settings
// it is given; callers pass the whole `kafka:` map.
Settings For(ClientKind kind, const Settings& settings);

// Whether the value of `key` is a secret that must never be printed: a key naming a password,
// a secret, any sasl.oauthbearer setting or the TLS private key (ssl.key.*).
bool IsSecretKey(std::string_view key);

// `message` with each secret value of `settings` (IsSecretKey) replaced by "***". Every error
// built from librdkafka's text about a client made from `settings` goes through this: librdkafka
// may quote the value it rejects.
std::string RedactSecrets(std::string message, const Settings& settings);

// librdkafka's log lines go through core/log.h as component "kafka" at the level their syslog
// level says, with every secret value of every client configured so far replaced by "***".
// MakeConf installs this for the clients made from its configuration; a client made with the C
// API calls RememberSecrets with its settings and LogFromLibrdkafka from its log callback.
void RememberSecrets(const Settings& settings);
void LogFromLibrdkafka(int syslog_level, std::string_view facility, std::string_view message);

// OK if librdkafka accepts every key and value (for some client kind); InvalidArgument naming
// the offending key otherwise. For checking a configuration file before anything connects.
Status CheckSettings(const Settings& settings);

// A global librdkafka configuration holding `settings`, or InvalidArgument naming the offending
// key (never its value: see RedactSecrets). Clients filter the settings with For() first. (Only kafka/ should need this; outside it,
// CheckSettings() checks a configuration without librdkafka's types.)
StatusOr<std::unique_ptr<RdKafka::Conf>> MakeConf(const Settings& settings);

}  // namespace consentry::kafka
