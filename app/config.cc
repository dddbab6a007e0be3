#include "app/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "app/config_file.h"
#include "app/config_reader.h"
#include "app/frequency_config.h"
#include "app/limits_config.h"
#include "app/policy_config.h"
#include "app/serve_config.h"
#include "app/yaml_load.h"
#include "core/digest.h"
#include "server/http_server.h"

namespace consentry {
namespace {

Status ReadTopics(const ConfigReader& r, const YAML::Node& node, TopicNames& t) {
  const std::set<std::string> known = {"outbound",    "consent",         "campaigns", "feedback",
                                       "suppression", "alerts",          "dlq",       "changelog",
                                       "by_sender",   "sender_changelog", "stats"};
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, known, "topics"));
  const std::pair<const char*, std::string*> fields[] = {{"outbound", &t.outbound},
                                                         {"consent", &t.consent},
                                                         {"campaigns", &t.campaigns},
                                                         {"feedback", &t.feedback},
                                                         {"suppression", &t.suppression},
                                                         {"alerts", &t.alerts},
                                                         {"dlq", &t.dlq},
                                                         {"changelog", &t.changelog},
                                                         {"by_sender", &t.by_sender},
                                                         {"sender_changelog", &t.sender_changelog},
                                                         {"stats", &t.stats}};
  for (const auto& [key, field] : fields) {
    if (node[key]) {
      CONSENTRY_ASSIGN_OR_RETURN(*field, r.String(node[key], "topics." + std::string(key)));
    }
  }
  return Status::Ok();
}

Status ReadProcessing(const ConfigReader& r, const YAML::Node& node, Config& c) {
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      node,
      {"guarantee", "allowed_lateness", "idle_timeout", "batch_size", "max_future_skew",
       "correction_horizon", "subject_access_retention", "misrouted", "max_batch_bytes",
       "state_cache_bytes", "block_cache_bytes", "limits", "engines", "max_waiting_per_partition"},
      "processing"));
  if (node["guarantee"]) {
    CONSENTRY_ASSIGN_OR_RETURN(std::string g, r.String(node["guarantee"], "processing.guarantee"));
    if (g != "exactly_once" && g != "at_least_once") {
      return r.Error(node["guarantee"], "unknown processing.guarantee '" + g + "'",
                     "use exactly_once (the default) or at_least_once");
    }
    c.exactly_once = g == "exactly_once";
  }
  if (node["misrouted"]) {
    CONSENTRY_ASSIGN_OR_RETURN(std::string m, r.String(node["misrouted"], "processing.misrouted"));
    if (m != "dead_letter" && m != "refuse") {
      return r.Error(node["misrouted"], "unknown processing.misrouted '" + m + "'",
                     "use dead_letter (set such records aside, the default) or refuse (stop)");
    }
    c.refuse_misrouted = m == "refuse";
  }
  if (node["allowed_lateness"]) {
    CONSENTRY_ASSIGN_OR_RETURN(
        c.allowed_lateness, r.DurationOf(node["allowed_lateness"], "processing.allowed_lateness"));
  }
  if (node["idle_timeout"]) {
    CONSENTRY_ASSIGN_OR_RETURN(c.idle_timeout,
                               r.DurationOf(node["idle_timeout"], "processing.idle_timeout"));
  }
  if (node["correction_horizon"]) {
    CONSENTRY_ASSIGN_OR_RETURN(c.correction_horizon, r.DurationOf(node["correction_horizon"],
                                                                  "processing.correction_horizon"));
  }
  if (node["subject_access_retention"]) {
    CONSENTRY_ASSIGN_OR_RETURN(
        c.subject_access_retention,
        r.DurationOf(node["subject_access_retention"], "processing.subject_access_retention"));
  }
  if (node["max_future_skew"]) {
    CONSENTRY_ASSIGN_OR_RETURN(c.max_future_skew,
                               r.DurationOf(node["max_future_skew"], "processing.max_future_skew"));
  }
  if (node["batch_size"]) {
    CONSENTRY_ASSIGN_OR_RETURN(int64_t n,
                               r.Int(node["batch_size"], "processing.batch_size", 1, 1000000));
    c.batch_size = static_cast<size_t>(n);
  }
  if (node["engines"]) {
    CONSENTRY_ASSIGN_OR_RETURN(int64_t n, r.Int(node["engines"], "processing.engines", 1, 64));
    c.engines = static_cast<int>(n);
  }
  if (node["max_waiting_per_partition"]) {
    CONSENTRY_ASSIGN_OR_RETURN(int64_t n, r.Int(node["max_waiting_per_partition"],
                                                "processing.max_waiting_per_partition", 0,
                                                10000000));
    c.max_waiting_per_partition = static_cast<size_t>(n);
  }
  if (node["max_batch_bytes"]) {
    CONSENTRY_ASSIGN_OR_RETURN(
        int64_t n,
        r.Int(node["max_batch_bytes"], "processing.max_batch_bytes", 65536, int64_t{1} << 30));
    c.max_batch_bytes = static_cast<size_t>(n);
  }
  if (node["state_cache_bytes"]) {
    CONSENTRY_ASSIGN_OR_RETURN(int64_t n, r.Int(node["state_cache_bytes"],
                                                "processing.state_cache_bytes", 0,
                                                int64_t{1} << 40));
    c.state_cache_bytes = static_cast<size_t>(n);
  }
  if (node["block_cache_bytes"]) {
    CONSENTRY_ASSIGN_OR_RETURN(int64_t n, r.Int(node["block_cache_bytes"],
                                                "processing.block_cache_bytes", int64_t{8} << 20,
                                                int64_t{1} << 40));
    c.block_cache_bytes = static_cast<size_t>(n);
  }
  if (node["limits"]) {
    CONSENTRY_RETURN_IF_ERROR(ReadDecodeLimits(r, node["limits"], c.decode_limits));
  }
  return Status::Ok();
}

// logging.<key>, when given, parsed by `parse` (log::ParseLevel, log::ParseFormat) into `out`.
template <typename T>
Status ReadLogSetting(const ConfigReader& r, const YAML::Node& node, const std::string& key,
                      StatusOr<T> (*parse)(std::string_view), std::optional<T>& out) {
  if (!node[key]) return Status::Ok();
  const std::string what = "logging." + key;
  CONSENTRY_ASSIGN_OR_RETURN(std::string name, r.String(node[key], what));
  StatusOr<T> value = parse(name);
  if (!value.ok()) return r.Error(node[key], what + ": " + value.status().message(), "");
  out = *value;
  return Status::Ok();
}

Status ReadLogging(const ConfigReader& r, const YAML::Node& node, Config& c) {
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, {"level", "format"}, "logging"));
  CONSENTRY_RETURN_IF_ERROR(ReadLogSetting(r, node, "level", &log::ParseLevel, c.log_level));
  return ReadLogSetting(r, node, "format", &log::ParseFormat, c.log_format);
}

Status ReadHttp(const ConfigReader& r, const YAML::Node& node, Config& c) {
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, {"listen"}, "http"));
  if (!node["listen"]) return Status::Ok();
  CONSENTRY_ASSIGN_OR_RETURN(c.http_listen, r.String(node["listen"], "http.listen"));
  HttpServerOptions options;
  if (Status s = ParseListenAddress(c.http_listen, &options); !s.ok()) {
    return r.Error(node["listen"], "http.listen: " + s.message(),
                   "for example `http: {listen: 127.0.0.1:9464}`");
  }
  return Status::Ok();
}

Status ReadDetectors(const ConfigReader& r, const YAML::Node& node, Config& c) {
  if (!node.IsMap()) {
    return r.Error(node, "detectors must be a mapping of detector name to its settings",
                   "write e.g. `consent.missing: {}`");
  }
  DetectorRegistry registry;
  RegisterBuiltinDetectors(registry);
  SenderDetectorRegistry sender_registry;
  RegisterBuiltinSenderDetectors(sender_registry);
  const std::vector<std::string> sender_names = sender_registry.Names();
  const DetectorEnv env{c.taxonomy, c.policies};
  for (const auto& kv : node) {
    const std::string name = kv.first.Scalar();
    DetectorParams params;
    bool enabled = true;
    if (kv.second.IsMap()) {
      for (const auto& p : kv.second) {
        if (p.first.Scalar() == "enabled") {
          CONSENTRY_ASSIGN_OR_RETURN(enabled, r.Bool(p.second, name + ".enabled"));
          continue;
        }
        if (!p.second.IsScalar()) {
          return r.Error(
              p.second,
              "detector parameter " + name + "." + p.first.Scalar() + " must be a single value",
              "");
        }
        params[p.first.Scalar()] = p.second.Scalar();
      }
    } else if (!kv.second.IsNull()) {
      return r.Error(kv.second, "settings of detector '" + name + "' must be a mapping",
                     "write `" + name + ": {}` for the defaults");
    }
    // Validate now, so a bad threshold is reported with its line.
    if (std::find(sender_names.begin(), sender_names.end(), name) != sender_names.end()) {
      auto detector = sender_registry.Create(name, params);
      if (!detector.ok()) return r.Error(kv.first, detector.status().message(), "");
      if (enabled) c.sender_detectors.emplace_back(name, std::move(params));
      continue;
    }
    auto detector = registry.Create(name, params, env);
    if (!detector.ok()) {
      // An unknown name: the registry listed its detectors; the sender-level ones are known too.
      const std::vector<std::string> names = registry.Names();
      std::string known;
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        for (const auto& n : sender_names) known += ", " + n;
      }
      return r.Error(kv.first, detector.status().message() + known, "");
    }
    if (enabled) c.detectors.emplace_back(name, std::move(params));
  }
  return Status::Ok();
}

Status ReadTaxonomy(const ConfigReader& r, const YAML::Node& node, Config& c) {
  if (!node.IsMap()) return r.Error(node, "taxonomy must be a mapping of purpose paths", "");
  Taxonomy taxonomy;
  for (const auto& kv : node) {
    PurposeRules rules;
    if (kv.second.IsMap()) {
      CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(kv.second, {"needs_consent"}, "taxonomy entry"));
      const YAML::Node needs = kv.second["needs_consent"];
      if (needs) {
        if (!needs.IsMap()) {
          return r.Error(needs, "needs_consent must map jurisdictions to true/false",
                         "write e.g. `needs_consent: {default: true, US: false}`");
        }
        for (const auto& j : needs) {
          CONSENTRY_ASSIGN_OR_RETURN(rules.needs_consent[j.first.Scalar()],
                                     r.Bool(j.second, "needs_consent." + j.first.Scalar()));
        }
      }
    } else if (!kv.second.IsNull()) {
      return r.Error(kv.second, "taxonomy entry must be a mapping", "");
    }
    Status s = taxonomy.Add(kv.first.Scalar(), std::move(rules));
    if (!s.ok()) return r.Error(kv.first, s.message(), "");
  }
  c.taxonomy = std::move(taxonomy);
  return Status::Ok();
}

Status ReadAll(const ConfigReader& r, const YAML::Node& root, Config& c) {
  if (!root.IsMap())
    return r.Error(root, "the file must be a YAML mapping", "see configs/consentry.yaml");
  CONSENTRY_RETURN_IF_ERROR(
      r.OnlyKnownKeys(root,
                      {"kafka", "group_id", "topics", "partitions", "state_dir", "processing",
                       "detectors", "taxonomy", "policies", "regions", "calendars",
                       "frequency_caps", "logging", "http", "serve"},
                      "the top level"));
  if (root["kafka"]) {
    if (!root["kafka"].IsMap())
      return r.Error(root["kafka"], "kafka must be a mapping of librdkafka settings", "");
    for (const auto& kv : root["kafka"]) {
      if (!kv.second.IsScalar())
        return r.Error(kv.second, "kafka." + kv.first.Scalar() + " must be a single value", "");
      c.kafka[kv.first.Scalar()] = kv.second.Scalar();
    }
    if (auto conf = kafka::MakeConf(c.kafka); !conf.ok()) {
      return r.Error(root["kafka"], conf.status().message(), "see librdkafka's CONFIGURATION.md");
    }
  }
  if (root["group_id"]) {
    CONSENTRY_ASSIGN_OR_RETURN(c.group_id, r.String(root["group_id"], "group_id"));
  }
  if (root["topics"]) CONSENTRY_RETURN_IF_ERROR(ReadTopics(r, root["topics"], c.topics));
  if (root["partitions"]) {
    CONSENTRY_ASSIGN_OR_RETURN(int64_t n, r.Int(root["partitions"], "partitions", 1, 10000));
    c.partitions = static_cast<int>(n);
  }
  if (root["state_dir"]) {
    CONSENTRY_ASSIGN_OR_RETURN(c.state_dir, r.String(root["state_dir"], "state_dir"));
  }
  if (root["processing"]) CONSENTRY_RETURN_IF_ERROR(ReadProcessing(r, root["processing"], c));
  if (root["logging"]) CONSENTRY_RETURN_IF_ERROR(ReadLogging(r, root["logging"], c));
  if (root["http"]) CONSENTRY_RETURN_IF_ERROR(ReadHttp(r, root["http"], c));
  if (root["serve"]) CONSENTRY_RETURN_IF_ERROR(ReadServe(r, root["serve"], c.serve));
  if (root["taxonomy"]) CONSENTRY_RETURN_IF_ERROR(ReadTaxonomy(r, root["taxonomy"], c));
  if (root["policies"]) {
    CONSENTRY_ASSIGN_OR_RETURN(
        c.policies, ReadPolicies(r, root["policies"], root["regions"], root["calendars"]));
  } else if (root["regions"]) {
    return r.Error(root["regions"], "regions without policies",
                   "declare `policies:` too, or drop `regions:` to use the defaults");
  } else if (root["calendars"]) {
    return r.Error(root["calendars"], "calendars without policies",
                   "declare `policies:` that name them, or drop `calendars:` (the built-in "
                   "policies use the built-in calendars)");
  }
  // frequency.cap: tenant caps and jurisdiction caps (app/frequency_config.h), after the
  // policies they are added to.
  CONSENTRY_RETURN_IF_ERROR(ReadFrequencyCaps(r, root["frequency_caps"], c.policies));
  if (!root["detectors"]) {
    return r.Error(root, "no `detectors:` section",
                   "enable at least one, e.g. `detectors: {consent.missing: {}}`");
  }
  return ReadDetectors(r, root["detectors"], c);
}

}  // namespace

StatusOr<Config> ParseConfig(const std::string& yaml, const std::string& path) {
  ConfigReader reader(path);
  CONSENTRY_ASSIGN_OR_RETURN(const YAML::Node root, LoadYaml(yaml, path));
  Config config;
  config.path = path;
  config.sha256 = Sha256Hex(yaml);
  try {
    CONSENTRY_RETURN_IF_ERROR(reader.NoDuplicateKeys(root));
    CONSENTRY_RETURN_IF_ERROR(ReadAll(reader, root, config));
  } catch (const YAML::Exception& e) {
    return InvalidArgument(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return config;
}

StatusOr<Config> LoadConfig(const std::string& path) {
  CONSENTRY_ASSIGN_OR_RETURN(const std::string text, ReadConfigFile(path));
  return ParseConfig(text, path);
}

Duration JudgedMessagesKept(const Config& config) {
  return std::max(config.subject_access_retention, config.correction_horizon);
}

StoreOptions StoreOptionsFor(const Config& config) {
  StoreOptions options;
  options.verdicts_kept_beyond_floor = JudgedMessagesKept(config) - config.correction_horizon;
  options.block_cache_mb = config.block_cache_bytes >> 20;
  return options;
}

std::vector<std::string> RestartOnlyDifferences(const Config& a, const Config& b) {
  std::vector<std::string> out;
  const auto differ = [&out](bool different, const char* name) {
    if (different) out.emplace_back(name);
  };
  const auto topics = [](const TopicNames& t) {
    return std::tie(t.outbound, t.consent, t.campaigns, t.feedback, t.suppression, t.alerts, t.dlq,
                    t.changelog, t.by_sender, t.sender_changelog, t.stats);
  };
  const auto limits = [](const DecodeLimits& l) {
    return std::tie(l.max_record_bytes, l.max_depth, l.max_array_items, l.max_string_bytes);
  };
  differ(a.kafka != b.kafka, "kafka");
  differ(a.group_id != b.group_id, "group_id");
  differ(topics(a.topics) != topics(b.topics), "topics");
  differ(a.partitions != b.partitions, "partitions");
  differ(a.state_dir != b.state_dir, "state_dir");
  differ(
      std::tie(a.allowed_lateness, a.idle_timeout, a.max_future_skew, a.correction_horizon,
               a.subject_access_retention, a.batch_size, a.max_batch_bytes, a.state_cache_bytes,
               a.block_cache_bytes, a.exactly_once, a.refuse_misrouted, a.engines,
               a.max_waiting_per_partition) !=
              std::tie(b.allowed_lateness, b.idle_timeout, b.max_future_skew, b.correction_horizon,
                       b.subject_access_retention, b.batch_size, b.max_batch_bytes,
                       b.state_cache_bytes, b.block_cache_bytes, b.exactly_once,
                       b.refuse_misrouted, b.engines, b.max_waiting_per_partition) ||
          limits(a.decode_limits) != limits(b.decode_limits),
      "processing");
  differ(a.http_listen != b.http_listen, "http");
  differ(a.sender_detectors != b.sender_detectors, "detectors (the sender-level ones)");
  return out;
}

StatusOr<std::vector<std::unique_ptr<Detector>>> MakeDetectors(const Config& config) {
  DetectorRegistry registry;
  RegisterBuiltinDetectors(registry);
  const DetectorEnv env{config.taxonomy, config.policies};
  std::vector<std::unique_ptr<Detector>> out;
  for (const auto& [name, params] : config.detectors) {
    CONSENTRY_ASSIGN_OR_RETURN(auto detector, registry.Create(name, params, env));
    out.push_back(std::move(detector));
  }
  return out;
}

StatusOr<std::vector<std::unique_ptr<SenderDetector>>> MakeSenderDetectors(const Config& config) {
  SenderDetectorRegistry registry;
  RegisterBuiltinSenderDetectors(registry);
  std::vector<std::unique_ptr<SenderDetector>> out;
  for (const auto& [name, params] : config.sender_detectors) {
    CONSENTRY_ASSIGN_OR_RETURN(auto detector, registry.Create(name, params));
    out.push_back(std::move(detector));
  }
  return out;
}

}  // namespace consentry
