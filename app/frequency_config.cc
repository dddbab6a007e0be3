#include "app/frequency_config.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "detectors/default_policies.h"

namespace consentry {
namespace {

using Cited = Policy::CitedClause;

constexpr char kChannelsFix[] =
    "write [\"*\"] for every channel, or a list of email, sms, mms, push, voice, whatsapp, letter "
    "and in_app";

StatusOr<std::vector<Channel>> ReadCapChannels(const ConfigReader& r, const YAML::Node& node,
                                               const std::string& what) {
  if (!node.IsSequence() || node.size() == 0) {
    return r.Error(node, what + " must be a non-empty list", kChannelsFix);
  }
  std::vector<Channel> out;
  bool all = false;
  for (const auto& c : node) {
    if (c.IsScalar() && c.Scalar() == "*") {
      all = true;
      continue;
    }
    const auto channel = c.IsScalar() ? ParseChannel(c.Scalar()) : std::nullopt;
    if (!channel) {
      return r.Error(c, "unknown channel '" + c.Scalar() + "' in " + what, kChannelsFix);
    }
    out.push_back(*channel);
  }
  if (all && !out.empty()) {
    return r.Error(node, what + " mixes \"*\" with channels", kChannelsFix);
  }
  return out;  // empty: every channel
}

StatusOr<Duration> ReadCapWindow(const ConfigReader& r, const YAML::Node& node,
                                 const std::string& what) {
  const std::string fix = "write a whole number of seconds, minutes, hours or days from 1s to "
                          "90d, e.g. 24h or 6d";
  if (!node.IsScalar()) return r.Error(node, what + " must be a duration", fix);
  auto d = ParseDuration(node.Scalar());
  if (!d.ok() || *d < std::chrono::seconds(1) || *d > FrequencyCap::kMaxWindow ||
      *d % std::chrono::seconds(1) != Duration(0)) {
    return r.Error(node, what + " '" + node.Scalar() + "' is not a valid window", fix);
  }
  return *d;
}

// {rule, source, kind}; kind defaults to `fallback`.
Status ReadCapClause(const ConfigReader& r, const YAML::Node& node, const std::string& what,
                     Policy::ClauseKind fallback, Cited& clause) {
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, {"rule", "source", "kind"}, what));
  CONSENTRY_ASSIGN_OR_RETURN(clause.clause.rule, r.String(node["rule"], what + " rule"));
  CONSENTRY_ASSIGN_OR_RETURN(clause.clause.source, r.String(node["source"], what + " source"));
  clause.kind = fallback;
  if (node["kind"]) {
    const auto kind =
        node["kind"].IsScalar() ? Policy::ParseKind(node["kind"].Scalar()) : std::nullopt;
    if (!kind) {
      return r.Error(node["kind"], "unknown clause kind '" + node["kind"].Scalar() + "'",
                     "use law, guidance, provider_policy, consentry_policy or tenant_policy");
    }
    clause.kind = *kind;
  }
  return Status::Ok();
}

// The clause a tenant cap quotes when the config gives none.
Cited TenantClause(const FrequencyCap& cap, const std::string& tenant) {
  std::string rule = "at most " + std::to_string(cap.max) + " ";
  for (size_t i = 0; i < cap.purposes.size(); ++i) {
    rule += (i == 0 ? "" : i + 1 == cap.purposes.size() ? " or " : ", ") + cap.purposes[i];
  }
  rule += " messages to one person in " + FrequencyCap::WindowText(cap.window);
  return {{std::move(rule), "tenant policy (" + tenant + ")"}, Policy::ClauseKind::kTenantPolicy};
}

struct ReadCap {
  FrequencyCap cap;
  std::string tenant;        // exactly one of tenant and jurisdiction
  std::string jurisdiction;
};

StatusOr<ReadCap> ReadOne(const ConfigReader& r, const YAML::Node& node, size_t index) {
  const std::string what = "frequency_caps[" + std::to_string(index) + "]";
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      node,
      {"tenant", "jurisdiction", "name", "max", "window", "channels", "purposes", "per_purpose",
       "in_force_from", "clause"},
      what));
  ReadCap out;
  if (node["tenant"].IsDefined() == node["jurisdiction"].IsDefined()) {
    return r.Error(node, what + " needs exactly one of `tenant` and `jurisdiction`",
                   "write `tenant: acme` for a tenant's own cap or `jurisdiction: US-TX` for a "
                   "statutory one");
  }
  if (node["tenant"]) {
    CONSENTRY_ASSIGN_OR_RETURN(out.tenant, r.String(node["tenant"], what + ".tenant"));
  } else {
    CONSENTRY_ASSIGN_OR_RETURN(out.jurisdiction,
                               r.String(node["jurisdiction"], what + ".jurisdiction"));
  }
  FrequencyCap& cap = out.cap;
  for (const char* key : {"name", "max", "window"}) {
    if (!node[key]) {
      return r.Error(node, what + " has no `" + key + "`",
                     "a cap needs name, max and window, e.g. {name: marketing-weekly, max: 4, "
                     "window: 6d}");
    }
  }
  CONSENTRY_ASSIGN_OR_RETURN(cap.name, r.String(node["name"], what + ".name"));
  CONSENTRY_ASSIGN_OR_RETURN(cap.max, r.Int(node["max"], what + ".max", 1, 1'000'000));
  CONSENTRY_ASSIGN_OR_RETURN(cap.window, ReadCapWindow(r, node["window"], what + ".window"));
  if (node["channels"]) {
    CONSENTRY_ASSIGN_OR_RETURN(cap.channels,
                               ReadCapChannels(r, node["channels"], what + ".channels"));
  }
  if (node["purposes"]) {
    const YAML::Node p = node["purposes"];
    if (!p.IsSequence() || p.size() == 0) {
      return r.Error(p, what + ".purposes must be a non-empty list of purpose paths",
                     "write e.g. [marketing]");
    }
    cap.purposes.clear();
    for (const auto& purpose : p) {
      CONSENTRY_ASSIGN_OR_RETURN(std::string s, r.String(purpose, what + ".purposes entry"));
      cap.purposes.push_back(std::move(s));
    }
  }
  if (node["per_purpose"]) {
    CONSENTRY_ASSIGN_OR_RETURN(cap.per_purpose, r.Bool(node["per_purpose"], what + ".per_purpose"));
  }
  if (node["in_force_from"]) {
    CONSENTRY_ASSIGN_OR_RETURN(const std::string from,
                               r.String(node["in_force_from"], what + ".in_force_from"));
    auto at = ParseRfc3339(from.size() == 10 ? from + "T00:00:00Z" : from);
    if (!at.ok()) {
      return r.Error(node["in_force_from"], what + ".in_force_from is not a date or time",
                     "write e.g. 2024-01-01 (midnight UTC) or 2024-01-01T00:00:00-05:00");
    }
    cap.in_force_from = *at;
  }
  if (node["clause"]) {
    CONSENTRY_RETURN_IF_ERROR(ReadCapClause(r, node["clause"], what + ".clause",
                                            out.tenant.empty() ? Policy::ClauseKind::kLaw
                                                               : Policy::ClauseKind::kTenantPolicy,
                                            cap.clause));
  } else if (!out.tenant.empty()) {
    cap.clause = TenantClause(cap, out.tenant);
  } else {
    return r.Error(node, what + " (jurisdiction " + out.jurisdiction + ") has no clause",
                   "add `clause: {rule: ..., source: ..., kind: law}` citing its source");
  }
  return out;
}

}  // namespace

Status ReadFrequencyCaps(const ConfigReader& r, const YAML::Node& node, PolicySet& set) {
  if (set.jurisdiction_caps().empty()) {
    for (auto& [jurisdiction, caps] : BuiltinFrequencyCaps()) {
      CONSENTRY_RETURN_IF_ERROR(set.SetJurisdictionFrequencyCaps(jurisdiction, std::move(caps)));
    }
  }
  if (!node) return Status::Ok();
  if (!node.IsSequence()) {
    return r.Error(node, "frequency_caps must be a list of caps",
                   "write e.g. `frequency_caps: [{tenant: acme, name: weekly, max: 4, window: "
                   "6d}]`");
  }
  // Jurisdiction caps replace a key's caps as a whole: gather them first.
  std::map<std::string, std::vector<FrequencyCap>> by_jurisdiction;
  std::map<std::string, YAML::Node> first_of;
  for (size_t i = 0; i < node.size(); ++i) {
    CONSENTRY_ASSIGN_OR_RETURN(ReadCap read, ReadOne(r, node[i], i));
    if (!read.tenant.empty()) {
      const Status s = set.AddTenantFrequencyCap(TenantId(read.tenant), std::move(read.cap));
      if (!s.ok()) return r.Error(node[i], s.message(), "");
      continue;
    }
    first_of.try_emplace(read.jurisdiction, node[i]);
    by_jurisdiction[read.jurisdiction].push_back(std::move(read.cap));
  }
  for (auto& [jurisdiction, caps] : by_jurisdiction) {
    const Status s = set.SetJurisdictionFrequencyCaps(jurisdiction, std::move(caps));
    if (!s.ok()) return r.Error(first_of.at(jurisdiction), s.message(), "");
  }
  return Status::Ok();
}

}  // namespace consentry
