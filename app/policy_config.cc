#include "app/policy_config.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/calendar_config.h"
#include "detectors/calendar/business_days.h"

namespace consentry {
namespace {

using Cited = Policy::CitedClause;

constexpr char kChannels[] = "use email, sms, mms, push, voice, whatsapp, letter or in_app";

StatusOr<Channel> ReadChannel(const ConfigReader& r, const YAML::Node& node) {
  const auto channel = node.IsScalar() ? ParseChannel(node.Scalar()) : std::nullopt;
  if (!channel) return r.Error(node, "unknown channel '" + node.Scalar() + "'", kChannels);
  return *channel;
}

StatusOr<std::vector<Channel>> ReadChannels(const ConfigReader& r, const YAML::Node& node,
                                            const std::string& what) {
  if (!node.IsSequence() || node.size() == 0) {
    return r.Error(node, what + " must be a non-empty list of channels", "write e.g. [sms, voice]");
  }
  std::vector<Channel> out;
  for (const auto& c : node) {
    CONSENTRY_ASSIGN_OR_RETURN(Channel channel, ReadChannel(r, c));
    out.push_back(channel);
  }
  return out;
}

StatusOr<std::vector<LegalBasis>> ReadBases(const ConfigReader& r, const YAML::Node& node,
                                            const std::string& what) {
  if (!node.IsSequence()) {
    return r.Error(node, what + " must be a list of legal bases",
                   "write e.g. [existing_relationship, soft_opt_in]");
  }
  std::vector<LegalBasis> out;
  for (const auto& b : node) {
    const auto basis = b.IsScalar() ? ParseLegalBasis(b.Scalar()) : std::nullopt;
    if (!basis) {
      return r.Error(b, "unknown legal basis '" + b.Scalar() + "'",
                     "use consent, soft_opt_in, existing_relationship, legitimate_interest, "
                     "contract or legal_obligation");
    }
    out.push_back(*basis);
  }
  return out;
}

// {rule, source, kind}; kind defaults to law, as every clause did before kinds existed.
Status ReadClause(const ConfigReader& r, const YAML::Node& node, const std::string& what,
                  Cited& clause) {
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, {"rule", "source", "kind"}, what));
  CONSENTRY_ASSIGN_OR_RETURN(clause.clause.rule, r.String(node["rule"], what + " rule"));
  CONSENTRY_ASSIGN_OR_RETURN(clause.clause.source, r.String(node["source"], what + " source"));
  clause.kind = Policy::ClauseKind::kLaw;
  if (node["kind"]) {
    const auto kind = node["kind"].IsScalar() ? Policy::ParseKind(node["kind"].Scalar())
                                              : std::nullopt;
    if (!kind) {
      return r.Error(node["kind"], "unknown clause kind '" + node["kind"].Scalar() + "'",
                     "use law, guidance, provider_policy or consentry_policy");
    }
    clause.kind = *kind;
  }
  return Status::Ok();
}

Status ReadRequiredClause(const ConfigReader& r, const YAML::Node& parent, const char* key,
                          const std::string& owner, Cited& clause) {
  if (!parent[key]) {
    return r.Error(parent, owner + " has no " + key,
                   std::string("add `") + key +
                       ": {rule: ..., source: ..., kind: law}` citing its source");
  }
  return ReadClause(r, parent[key], owner + " " + key, clause);
}

// "10bd" (business days) or a duration ("0s", "48h", "2d").
StatusOr<HonouringWindow> ReadWindow(const ConfigReader& r, const YAML::Node& node,
                                     const std::string& what) {
  const std::string fix =
      "write e.g. 0s, 48h, 2d, or 10bd for 10 business days (counted with the policy's "
      "`calendar` in its `time_zone`)";
  if (!node.IsScalar()) return r.Error(node, what + " must be a single value", fix);
  const std::string text = node.Scalar();
  if (text.size() > 2 && text.substr(text.size() - 2) == "bd") {
    int n = 0;
    for (char ch : text.substr(0, text.size() - 2)) {
      if (ch < '0' || ch > '9' || n > kMaxBusinessDays) {
        return r.Error(node, what + " is not valid", fix);
      }
      n = n * 10 + (ch - '0');
    }
    if (n < 1 || n > kMaxBusinessDays) {
      return r.Error(node, what + " must be 1 to " + std::to_string(kMaxBusinessDays) +
                               " business days", fix);
    }
    return HonouringWindow::BusinessDays(n);
  }
  auto d = ParseDuration(text);
  if (!d.ok()) return r.Error(node, what + " is not a duration or a number of business days", fix);
  return HonouringWindow::CalendarTime(*d);
}

// "2027-01-31" (local midnight in `zone`) or an RFC 3339 instant.
StatusOr<Timestamp> ReadFrom(const ConfigReader& r, const YAML::Node& node,
                             const std::string& zone,
                             const std::string& what = "revoke_all.from") {
  const std::string fix = "write a date such as 2027-01-31 (midnight in the policy's time_zone) "
                          "or an RFC 3339 time such as 2027-01-31T00:00:00-05:00";
  if (!node.IsScalar()) return r.Error(node, what + " must be a date", fix);
  if (node.Scalar().size() == 10) {
    auto t = ParseRfc3339(node.Scalar() + "T00:00:00Z");
    if (!t.ok()) return r.Error(node, what + " is not a date", fix);
    auto local = StartOfLocalDay(std::chrono::floor<std::chrono::days>(*t), zone);
    if (!local.ok()) return r.Error(node, local.status().message(), "");
    return *local;
  }
  auto t = ParseRfc3339(node.Scalar());
  if (!t.ok()) return r.Error(node, what + " is not a date or time", fix);
  return *t;
}

Status ReadChannelConsent(const ConfigReader& r, const YAML::Node& node, const std::string& what,
                          Policy::ChannelConsent& out) {
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      node, {"required", "clause", "not_a_consent_basis", "not_a_consent_basis_clause"}, what));
  if (node["required"]) {
    CONSENTRY_ASSIGN_OR_RETURN(out.required, r.Bool(node["required"], what + ".required"));
  }
  CONSENTRY_RETURN_IF_ERROR(ReadRequiredClause(r, node, "clause", what, out.clause));
  if (node["not_a_consent_basis"]) {
    CONSENTRY_ASSIGN_OR_RETURN(
        out.not_a_consent_basis,
        ReadBases(r, node["not_a_consent_basis"], what + ".not_a_consent_basis"));
    CONSENTRY_RETURN_IF_ERROR(ReadRequiredClause(r, node, "not_a_consent_basis_clause", what,
                                                 out.not_a_consent_basis_clause));
  }
  return Status::Ok();
}

Status ReadRevokeAll(const ConfigReader& r, const YAML::Node& node, Policy& p) {
  const std::string what = "policy " + p.name + " revoke_all";
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, {"from", "channels", "clause"}, what));
  if (!node["from"]) return r.Error(node, what + " has no `from`", "add e.g. `from: 2027-01-31`");
  CONSENTRY_ASSIGN_OR_RETURN(p.revoke_all.from, ReadFrom(r, node["from"], p.time_zone));
  if (!node["channels"]) {
    return r.Error(node, what + " has no `channels`", "add e.g. `channels: [voice, sms, mms]`");
  }
  CONSENTRY_ASSIGN_OR_RETURN(p.revoke_all.channels,
                             ReadChannels(r, node["channels"], what + ".channels"));
  return ReadRequiredClause(r, node, "clause", what, p.revoke_all.clause);
}

Status ReadImpliedExpiry(const ConfigReader& r, const YAML::Node& node, Policy& p) {
  const std::string what = "policy " + p.name + " implied_consent_expiry";
  Policy::ImpliedConsentExpiry& e = p.implied_consent_expiry;
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      node, {"enabled", "purchase_months", "inquiry_months", "implied_bases", "clause"}, what));
  e.enabled = true;
  if (node["enabled"]) {
    CONSENTRY_ASSIGN_OR_RETURN(e.enabled, r.Bool(node["enabled"], what + ".enabled"));
  }
  if (node["purchase_months"]) {
    CONSENTRY_ASSIGN_OR_RETURN(
        int64_t m, r.Int(node["purchase_months"], what + ".purchase_months", 1, 1200));
    e.purchase_months = static_cast<int>(m);
  }
  if (node["inquiry_months"]) {
    CONSENTRY_ASSIGN_OR_RETURN(
        int64_t m, r.Int(node["inquiry_months"], what + ".inquiry_months", 1, 1200));
    e.inquiry_months = static_cast<int>(m);
  }
  if (node["implied_bases"]) {
    CONSENTRY_ASSIGN_OR_RETURN(e.implied_bases,
                               ReadBases(r, node["implied_bases"], what + ".implied_bases"));
  }
  return ReadRequiredClause(r, node, "clause", what, e.clause);
}

Status ReadThirdParty(const ConfigReader& r, const YAML::Node& node, Policy& p) {
  const std::string what = "policy " + p.name + " third_party_consent";
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, {"must_name_sender", "clause"}, what));
  if (node["must_name_sender"]) {
    CONSENTRY_ASSIGN_OR_RETURN(p.third_party.must_name_sender,
                               r.Bool(node["must_name_sender"], what + ".must_name_sender"));
  }
  if (node["clause"]) {
    CONSENTRY_RETURN_IF_ERROR(
        ReadClause(r, node["clause"], what + " clause", p.third_party.clause));
  }
  return Status::Ok();
}

// ai_disclosure: {required, from, text_clause, agent_clause, voice_clause} for ai.undisclosed.
Status ReadAiDisclosure(const ConfigReader& r, const YAML::Node& node, Policy& p) {
  const std::string what = "policy " + p.name + " ai_disclosure";
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      node, {"required", "from", "text_clause", "agent_clause", "voice_clause"}, what));
  if (node["required"]) {
    CONSENTRY_ASSIGN_OR_RETURN(p.ai_disclosure_required,
                               r.Bool(node["required"], what + ".required"));
  }
  if (node["from"]) {
    CONSENTRY_ASSIGN_OR_RETURN(const std::string from, r.String(node["from"], what + ".from"));
    auto at = ParseRfc3339(from);
    if (!at.ok()) {
      return r.Error(node["from"], what + ".from is not an RFC 3339 time",
                     "write e.g. 2026-08-02T00:00:00Z");
    }
    p.ai_disclosure_from = *at;
  }
  const std::pair<const char*, Cited*> clauses[] = {{"text_clause", &p.ai_text_clause},
                                                    {"agent_clause", &p.ai_agent_clause},
                                                    {"voice_clause", &p.ai_voice_clause}};
  for (const auto& [key, clause] : clauses) {
    if (node[key]) CONSENTRY_RETURN_IF_ERROR(ReadClause(r, node[key], what + " " + key, *clause));
  }
  return Status::Ok();
}

// rule_clauses: the clauses the campaign, content and suppression rules quote.
Status ReadRuleClauses(const ConfigReader& r, const YAML::Node& node, Policy& p) {
  const std::string what = "policy " + p.name + " rule_clauses";
  const std::pair<const char*, Cited*> clauses[] = {
      {"campaign_scope", &p.campaign_scope_clause},
      {"campaign_declared", &p.campaign_declared_clause},
      {"data_source", &p.data_source_clause},
      {"unsubscribe", &p.unsubscribe_clause},
      {"suppression", &p.suppression_clause}};
  std::set<std::string> keys;
  for (const auto& [key, clause] : clauses) keys.emplace(key);
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(node, keys, what));
  for (const auto& [key, clause] : clauses) {
    if (node[key]) CONSENTRY_RETURN_IF_ERROR(ReadClause(r, node[key], what + "." + key, *clause));
  }
  return Status::Ok();
}

// ---- Quiet hours: quiet_hours is one entry or a list of entries
// {channels, from, to, in_force_from, clause}; from and to are "HH:MM" local time, to may be
// "24:00", and the permitted window is [from, to).
StatusOr<int> ReadMinuteOfDay(const ConfigReader& r, const YAML::Node& node,
                              const std::string& what, bool allow_24) {
  const std::string fix = std::string("write a quoted time of day HH:MM from \"00:00\" to ") +
                          (allow_24 ? "\"24:00\"" : "\"23:59\"") + ", e.g. \"08:00\"";
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  const auto digit = [&text](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return r.Error(node, what + " '" + text + "' is not a time of day", fix);
  }
  const int hour = (text[0] - '0') * 10 + (text[1] - '0');
  const int minute = (text[3] - '0') * 10 + (text[4] - '0');
  const bool midnight_end = allow_24 && hour == 24 && minute == 0;
  if (!midnight_end && (hour > 23 || minute > 59)) {
    return r.Error(node, what + " '" + text + "' is not a time of day", fix);
  }
  return hour * 60 + minute;
}

Status ReadQuietHoursEntry(const ConfigReader& r, const YAML::Node& node, const std::string& what,
                           Policy& p) {
  CONSENTRY_RETURN_IF_ERROR(
      r.OnlyKnownKeys(node, {"channels", "from", "to", "in_force_from", "clause"}, what));
  Policy::QuietHours q;
  for (const char* key : {"channels", "from", "to"}) {
    if (!node[key]) {
      return r.Error(node, what + " has no `" + key + "`",
                     "write e.g. `{channels: [voice, sms, mms], from: \"08:00\", to: \"21:00\", "
                     "clause: {rule: ..., source: ..., kind: law}}`");
    }
  }
  CONSENTRY_ASSIGN_OR_RETURN(q.channels, ReadChannels(r, node["channels"], what + ".channels"));
  CONSENTRY_ASSIGN_OR_RETURN(q.from_minute,
                             ReadMinuteOfDay(r, node["from"], what + ".from", false));
  CONSENTRY_ASSIGN_OR_RETURN(q.to_minute, ReadMinuteOfDay(r, node["to"], what + ".to", true));
  if (q.to_minute <= q.from_minute) {
    return r.Error(node["to"],
                   what + ".to (" + node["to"].Scalar() + ") must be later than from (" +
                       node["from"].Scalar() + ")",
                   "give the permitted local window [from, to), e.g. from: \"08:00\", to: "
                   "\"21:00\"; a window across midnight is not supported");
  }
  if (node["in_force_from"]) {
    CONSENTRY_ASSIGN_OR_RETURN(
        q.in_force_from, ReadFrom(r, node["in_force_from"], p.time_zone, what + ".in_force_from"));
  }
  CONSENTRY_RETURN_IF_ERROR(ReadRequiredClause(r, node, "clause", what, q.clause));
  for (const Policy::QuietHours& other : p.quiet_hours) {
    if (other.in_force_from != q.in_force_from) continue;
    for (Channel c : q.channels) {
      if (std::find(other.channels.begin(), other.channels.end(), c) != other.channels.end()) {
        return r.Error(node["channels"],
                       what + " names channel " + std::string(Name(c)) + " again",
                       "give each channel one window (or a different in_force_from)");
      }
    }
  }
  p.quiet_hours.push_back(std::move(q));
  return Status::Ok();
}

Status ReadQuietHours(const ConfigReader& r, const YAML::Node& node, Policy& p) {
  const std::string what = "policy " + p.name + " quiet_hours";
  if (node.IsMap()) return ReadQuietHoursEntry(r, node, what, p);
  if (!node.IsSequence() || node.size() == 0) {
    return r.Error(node, what + " must be an entry or a non-empty list of entries",
                   "write e.g. `- {channels: [voice, sms, mms], from: \"08:00\", to: \"21:00\", "
                   "clause: {rule: ..., source: ..., kind: law}}`");
  }
  for (size_t i = 0; i < node.size(); ++i) {
    CONSENTRY_RETURN_IF_ERROR(
        ReadQuietHoursEntry(r, node[i], what + "[" + std::to_string(i) + "]", p));
  }
  return Status::Ok();
}
// ---- end of quiet hours

// Reads a `channel: value` mapping, calling `read(channel, value_node)` for each entry.
template <typename Fn>
Status ForEachChannel(const ConfigReader& r, const YAML::Node& node, const std::string& what,
                      Fn read) {
  if (!node.IsMap()) return r.Error(node, what + " must map channels to settings", kChannels);
  for (const auto& kv : node) {
    CONSENTRY_ASSIGN_OR_RETURN(Channel channel, ReadChannel(r, kv.first));
    CONSENTRY_RETURN_IF_ERROR(read(channel, kv.second));
  }
  return Status::Ok();
}

Status ReadPerChannel(const ConfigReader& r, const YAML::Node& v, Policy& p) {
  const std::string owner = "policy " + p.name;
  if (v["withdrawal_window_by_channel"]) {
    CONSENTRY_RETURN_IF_ERROR(ForEachChannel(
        r, v["withdrawal_window_by_channel"], "withdrawal_window_by_channel",
        [&](Channel c, const YAML::Node& n) -> Status {
          CONSENTRY_ASSIGN_OR_RETURN(p.withdrawal_window_by_channel[c],
                                     ReadWindow(r, n, "withdrawal window"));
          return Status::Ok();
        }));
  }
  if (v["withdrawal_clause_by_channel"]) {
    CONSENTRY_RETURN_IF_ERROR(ForEachChannel(
        r, v["withdrawal_clause_by_channel"], "withdrawal_clause_by_channel",
        [&](Channel c, const YAML::Node& n) {
          return ReadClause(r, n, owner + " withdrawal clause", p.withdrawal_clause_by_channel[c]);
        }));
  }
  if (v["consent_by_channel"]) {
    CONSENTRY_RETURN_IF_ERROR(ForEachChannel(
        r, v["consent_by_channel"], "consent_by_channel", [&](Channel c, const YAML::Node& n) {
          return ReadChannelConsent(r, n, owner + " consent_by_channel." + std::string(Name(c)),
                                    p.consent_by_channel[c]);
        }));
  }
  return Status::Ok();
}

StatusOr<Policy> ReadPolicy(const ConfigReader& r, const YAML::Node& key, const YAML::Node& v) {
  Policy p;
  p.name = key.Scalar();
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      v, {"withdrawal_window", "withdrawal_window_by_channel", "withdrawal_clause",
          "withdrawal_clause_by_channel", "consent_clause", "consent_by_channel", "calendar",
          "time_zone", "revoke_all", "implied_consent_expiry", "third_party_consent",
          "ai_disclosure", "rule_clauses", "quiet_hours"},
      "policy " + p.name));
  if (v["calendar"]) {
    CONSENTRY_ASSIGN_OR_RETURN(p.calendar, r.String(v["calendar"], "calendar"));
  }
  if (v["time_zone"]) {
    CONSENTRY_ASSIGN_OR_RETURN(p.time_zone, r.String(v["time_zone"], "time_zone"));
    const Status zone = CheckTimeZone(p.time_zone);
    if (!zone.ok()) return r.Error(v["time_zone"], zone.message(), "");
  }
  if (v["withdrawal_window"]) {
    CONSENTRY_ASSIGN_OR_RETURN(p.withdrawal_window,
                               ReadWindow(r, v["withdrawal_window"], "withdrawal_window"));
  }
  CONSENTRY_RETURN_IF_ERROR(ReadPerChannel(r, v, p));
  // Every alert quotes its clause, so a policy without one would cite nothing.
  for (const char* clause : {"withdrawal_clause", "consent_clause"}) {
    if (!v[clause]) {
      return r.Error(key, "policy " + p.name + " has no " + clause,
                     std::string("add `") + clause +
                         ": {rule: ..., source: ...}` citing its legal source");
    }
  }
  CONSENTRY_RETURN_IF_ERROR(
      ReadClause(r, v["withdrawal_clause"], "withdrawal_clause", p.withdrawal_clause));
  CONSENTRY_RETURN_IF_ERROR(ReadClause(r, v["consent_clause"], "consent_clause", p.consent_clause));
  if (v["revoke_all"]) CONSENTRY_RETURN_IF_ERROR(ReadRevokeAll(r, v["revoke_all"], p));
  if (v["implied_consent_expiry"]) {
    CONSENTRY_RETURN_IF_ERROR(ReadImpliedExpiry(r, v["implied_consent_expiry"], p));
  }
  if (v["third_party_consent"]) {
    CONSENTRY_RETURN_IF_ERROR(ReadThirdParty(r, v["third_party_consent"], p));
  }
  if (v["ai_disclosure"]) CONSENTRY_RETURN_IF_ERROR(ReadAiDisclosure(r, v["ai_disclosure"], p));
  if (v["rule_clauses"]) CONSENTRY_RETURN_IF_ERROR(ReadRuleClauses(r, v["rule_clauses"], p));
  if (v["quiet_hours"]) CONSENTRY_RETURN_IF_ERROR(ReadQuietHours(r, v["quiet_hours"], p));
  return p;
}

}  // namespace

StatusOr<PolicySet> ReadPolicies(const ConfigReader& r, const YAML::Node& node,
                                 const YAML::Node& regions, const YAML::Node& calendars) {
  PolicySet set;
  if (calendars) CONSENTRY_RETURN_IF_ERROR(ReadCalendars(r, calendars, set));
  if (!node.IsMap()) {
    return r.Error(node, "policies must be a mapping of jurisdiction to policy", "");
  }
  for (const auto& kv : node) {
    CONSENTRY_ASSIGN_OR_RETURN(Policy p, ReadPolicy(r, kv.first, kv.second));
    const YAML::Node at = kv.second["calendar"] ? kv.second["calendar"] : kv.first;
    Status s = set.Add(std::move(p));
    if (!s.ok()) return r.Error(at, s.message(), "");
  }
  if (regions) {
    if (!regions.IsMap()) return r.Error(regions, "regions must map a region to its members", "");
    for (const auto& kv : regions) {
      if (!kv.second.IsSequence()) {
        return r.Error(kv.second, "members of region " + kv.first.Scalar() + " must be a list",
                       "write e.g. `EU: [DK, DE, FR]`");
      }
      set.AddRegion(kv.first.Scalar(), kv.second.as<std::vector<std::string>>());
    }
  }
  Status s = set.Validate();
  if (!s.ok()) return r.Error(node, s.message(), "add a `default:` policy");
  return set;
}

}  // namespace consentry
