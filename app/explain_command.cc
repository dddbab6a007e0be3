// consentry explain: "why was this flagged?" The subject's consent timeline (decisions,
// do-not-contact entries, and a campaign's declarations when asked) and the verdict every
// enabled detector gives a hypothetical message to the subject at a given time, judged on the
// state the engine keeps, through the same StateView the engine gives detectors.
//
// The store is opened read-only (no RocksDB lock), so explain runs beside a live `run` and sees
// its state as of the moment it opens. See docs/explain.md.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/command_util.h"
#include "app/commands.h"
#include "app/explain_view.h"
#include "detectors/consent_standing.h"
#include "detectors/withdrawal_timing.h"
#include "state/overlay.h"
#include "state/keys.h"
#include "state/store.h"
#include "state/verdict.h"

namespace consentry {
namespace {

// What the person asked about: the subject, the time, and the hypothetical message's attributes
// (absent ones get the defaults of TenantsToJudge, ChannelsToJudge and PurposeFor).
struct Request {
  SubjectId subject;
  Timestamp at;
  // The subject access view: the judged messages sent in [from, to), instead of verdicts at `at`.
  std::optional<Timestamp> from, to;
  TenantId tenant;
  std::optional<Channel> channel;
  std::string purpose;
  std::string jurisdiction;
  CampaignId campaign;
  SenderId sender;
  Content content;
  std::vector<std::string> data_sources;
  bool json = false;
};

// A true|false flag (its choices checked by the parser), absent when not given.
std::optional<bool> BoolFlag(const Flags& flags, const std::string& name) {
  if (!flags.Has(name)) return std::nullopt;
  return flags.Get(name) == "true";
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// A day (YYYY-MM-DD, its start in UTC; `end_of_day`: the next day's start) or an RFC 3339 time.
StatusOr<Timestamp> DayOrTime(const std::string& flag, const std::string& text, bool end_of_day) {
  if (text.size() == 10) {
    const auto day = ParseDay(text);
    if (day.ok()) {
      return Timestamp(std::chrono::days(*day + (end_of_day ? 1 : 0)));
    }
  }
  auto t = ParseRfc3339(text);
  if (!t.ok()) {
    return InvalidArgument("--" + flag + " must be a day (2026-03-01) or an RFC 3339 time");
  }
  return *t;
}

// Every error here is a usage error (exit 2).
StatusOr<Request> ParseRequest(const Flags& flags) {
  Request r;
  r.subject = SubjectId(flags.Get("subject"));
  r.tenant = TenantId(flags.Get("tenant"));
  r.json = flags.Switch("json");
  if (flags.Has("from") || flags.Has("to")) {
    if (!flags.Has("from") || !flags.Has("to")) {
      return InvalidArgument("the subject access view needs both --from and --to");
    }
    for (const char* name : {"at", "channel", "purpose", "jurisdiction", "campaign", "sender",
                             "has-unsubscribe", "ai-generated", "ai-disclosed", "data-sources"}) {
      if (flags.Has(name)) {
        return InvalidArgument("--" + std::string(name) +
                               " describes a message for --at; the subject access view "
                               "(--from, --to) lists the messages judged");
      }
    }
    CONSENTRY_ASSIGN_OR_RETURN(r.from, DayOrTime("from", flags.Get("from"), false));
    CONSENTRY_ASSIGN_OR_RETURN(r.to, DayOrTime("to", flags.Get("to"), true));
    if (*r.to <= *r.from) return InvalidArgument("--to must be after --from");
    return r;
  }
  if (!flags.Has("at")) {
    return InvalidArgument("missing required flag --at (verdicts on a message then), or --from and "
                           "--to (the messages judged in that period)");
  }
  auto parsed = ParseRfc3339(flags.Get("at"));
  if (!parsed.ok()) {
    return InvalidArgument("--at must be an RFC 3339 time such as 2026-03-01T09:30:00Z (" +
                           parsed.status().message() + ")");
  }
  r.at = *parsed;
  if (flags.Has("channel")) r.channel = ParseChannel(flags.Get("channel"));
  r.purpose = flags.Get("purpose");
  r.jurisdiction = flags.Get("jurisdiction");
  r.campaign = CampaignId(flags.Get("campaign"));
  r.sender = SenderId(flags.Get("sender"));
  r.content.has_unsubscribe = BoolFlag(flags, "has-unsubscribe");
  r.content.ai_generated = BoolFlag(flags, "ai-generated");
  r.content.ai_disclosed = BoolFlag(flags, "ai-disclosed");
  r.data_sources = SplitList(flags.Get("data-sources"));
  return r;
}

// --tenant, else every tenant the subject's decisions or tenant-scoped do-not-contact entries
// name, and the tenant of the --campaign declaration in force at the time.
std::vector<TenantId> TenantsToJudge(const Request& r, const Explanation& e) {
  if (!r.tenant.empty()) return {r.tenant};
  std::set<TenantId> tenants;
  for (const ConsentEvent& d : e.decisions) tenants.insert(d.tenant);
  for (const SuppressionEvent& s : e.suppressions) {
    if (!s.tenant.empty()) tenants.insert(s.tenant);
  }
  if (e.campaign_in_force) tenants.insert(e.campaign_versions[*e.campaign_in_force].tenant);
  return {tenants.begin(), tenants.end()};
}

// --channel, else every channel the tenant's decisions name ("*" names none), else email.
std::vector<Channel> ChannelsToJudge(const Request& r, const Explanation& e,
                                     const TenantId& tenant) {
  if (r.channel) return {*r.channel};
  std::set<Channel> channels;
  for (const ConsentEvent& d : e.decisions) {
    if (d.tenant != tenant) continue;
    channels.insert(d.channels.channels.begin(), d.channels.channels.end());
  }
  if (channels.empty()) return {Channel::kEmail};
  return {channels.begin(), channels.end()};
}

// --purpose, else marketing.communications.<channel>, or marketing.communications for a channel
// the taxonomy has no leaf for (letter, mms, in_app in the default one).
std::string PurposeFor(const Request& r, Channel channel, const Taxonomy& taxonomy) {
  if (!r.purpose.empty()) return r.purpose;
  const std::string leaf = "marketing.communications." + std::string(Name(channel));
  return taxonomy.Known(leaf) ? leaf : "marketing.communications";
}

// The timeline: every decision (of --tenant, when given), the do-not-contact entries that can
// reach that tenant, and the campaign's declaration versions.
void FillTimeline(const Request& r, const BatchOverlay& state, Explanation& e) {
  for (const ConsentEvent& d : state.Ledger(r.subject).decisions()) {
    if (r.tenant.empty() || d.tenant == r.tenant) e.decisions.push_back(d);
  }
  for (const SuppressionEvent& s : state.Suppressions(r.subject).entries()) {
    if (r.tenant.empty() || s.tenant.empty() || s.tenant == r.tenant) e.suppressions.push_back(s);
  }
  if (r.campaign.empty()) return;
  const CampaignHistory* history = state.Campaign(r.campaign);
  if (history == nullptr) return;
  e.campaign_versions = history->versions();
  if (const CampaignDeclaration* in_force = history->At(r.at)) {
    e.campaign_in_force = static_cast<size_t>(in_force - history->versions().data());
  }
}

ExplainedConsent ExplainConsent(const Evaluation& evaluation, const Config& config) {
  const OutboundEvent& m = evaluation.message;
  const ConsentJudgement& j = evaluation.Consent(config.taxonomy, config.policies);
  ExplainedConsent c;
  c.needed = j.consent_needed;
  c.standing = std::string(Name(j.standing));
  if (j.decision != nullptr) c.decision = *j.decision;
  if (j.standing == ConsentStanding::kExpired) {
    c.expiry = std::string(Name(j.expiry));
    c.expired_at = j.expired_at;
  }
  if (const auto timing = TimingOf(m, j, config.policies)) {
    c.withdrawal_deadline = timing->deadline;
    c.inside_window = timing->inside_window;
  }
  c.decisions_considered = j.decisions_considered;
  c.covering_decisions = j.covering_decisions;
  return c;
}

ExplainedMessage Judge(OutboundEvent m, const BatchOverlay& state, const Config& config,
                       const std::vector<std::unique_ptr<Detector>>& detectors) {
  ExplainedMessage out;
  out.policy = config.policies.For(m.jurisdiction).name;
  out.jurisdiction_chain = config.policies.Chain(m.jurisdiction);
  out.purpose_known = config.taxonomy.Known(m.purpose);
  // One Evaluation, as in the engine: the detectors share the consent judgement shown here.
  const Evaluation evaluation(m, state);
  out.consent = ExplainConsent(evaluation, config);
  for (const auto& detector : detectors) {
    ExplainedDetector d{std::string(detector->Name()), std::string(detector->RuleVersion()), {}};
    detector->Judge(evaluation, d.findings);
    out.detectors.push_back(std::move(d));
  }
  out.message = std::move(m);
  return out;
}

// The subject access view: every judged message kept for the subject, sent in [from, to) (and
// by --tenant), with the rules it broke and the consent basis as the detectors see it now.
Status ExplainAccess(const Request& r, const Config& config, Store& store,
                     const BatchOverlay& state, Explanation timeline) {
  SubjectAccess a;
  a.from = *r.from;
  a.to = *r.to;
  a.retention = JudgedMessagesKept(config);
  timeline.at = a.to;
  a.timeline = std::move(timeline);
  Status decode = Status::Ok();
  CONSENTRY_RETURN_IF_ERROR(store.ScanPrefix(
      Family::kVerdicts, VerdictPrefix(r.subject),
      [&](std::string_view, std::string_view raw) {
        auto verdict = Verdict::Decode(raw);
        if (!verdict.ok()) {
          decode = verdict.status().WithContext("family verdicts");
          return false;
        }
        const OutboundEvent& m = verdict->message;
        if (m.sent_at >= a.to) return false;
        if (!r.tenant.empty() && m.tenant != r.tenant) return true;
        AccessedMessage out;
        out.policy = config.policies.For(m.jurisdiction).name;
        out.basis = ExplainConsent(Evaluation(m, state), config);
        for (const FiredRule& f : verdict->fired) out.alerts.emplace_back(f.detector, f.rule_version);
        out.message = std::move(verdict->message);
        a.messages.push_back(std::move(out));
        return true;
      },
      VerdictKey(r.subject, a.from, TenantId(""), EventId(""))));
  CONSENTRY_RETURN_IF_ERROR(decode);
  const std::string out = r.json ? RenderSubjectAccessJson(a) : RenderSubjectAccessText(a);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::Ok();
}

Status Explain(const Flags& flags, const Request& r) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfigFromFlags(flags));
  CONSENTRY_ASSIGN_OR_RETURN(auto detectors, MakeDetectors(config));
  auto store = OpenStateBesideWriter(config.state_dir);
  if (!store.ok()) {
    return Status(store.status().code(),
                  store.status().message() +
                      " (give the directory the job writes with --state-dir, or state_dir in "
                      "the config)");
  }

  BatchOverlay state;
  state.WantLedger(r.subject);
  state.WantSuppressions(r.subject);
  if (!r.campaign.empty()) state.WantCampaign(r.campaign);
  CONSENTRY_RETURN_IF_ERROR(state.Load(**store));

  Explanation e;
  e.subject = r.subject;
  e.at = r.at;
  e.tenant_filter = r.tenant;
  e.campaign = r.campaign;
  FillTimeline(r, state, e);
  if (r.from) return ExplainAccess(r, config, **store, state, std::move(e));
  for (const TenantId& tenant : TenantsToJudge(r, e)) {
    for (Channel channel : ChannelsToJudge(r, e, tenant)) {
      OutboundEvent m;
      m.event_id = EventId("explain");
      m.sent_at = r.at;
      m.tenant = tenant;
      m.subject = r.subject;
      m.channel = channel;
      m.purpose = PurposeFor(r, channel, config.taxonomy);
      m.sender_id = r.sender;
      m.campaign_id = r.campaign;
      m.jurisdiction = r.jurisdiction;
      m.content = r.content;
      m.data_sources = r.data_sources;
      e.messages.push_back(Judge(std::move(m), state, config, detectors));
    }
  }
  if (e.messages.empty()) {
    e.note =
        "No verdicts: no tenant appears in this subject's state. Pass --tenant to see what every "
        "detector would say about a message from that tenant.";
  }
  const std::string out = r.json ? RenderExplanationJson(e) : RenderExplanationText(e);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::Ok();
}

}  // namespace

Command ExplainCommand() {
  const auto text = [](std::string name, std::string value_name, std::string help) {
    return Flag{
        .name = std::move(name), .value_name = std::move(value_name), .help = std::move(help)};
  };
  const auto boolean = [](std::string name, std::string help) {
    return Flag{.name = std::move(name),
                .value_name = "BOOL",
                .help = std::move(help),
                .choices = {"true", "false"}};
  };
  return {
      .spec =
          {.name = "explain",
           .summary = "A subject's consent timeline and every detector's verdict on a "
                      "message at a given time: why was this flagged? The message is "
                      "described by the flags below (docs/explain.md). With --from and --to, "
                      "the subject access view instead: every message judged in that period, "
                      "its alerts and its consent basis. Reads the state read-only, beside a "
                      "running job.",
           .flags = {ConfigFlag(),
                     {.name = "subject",
                      .value_name = "ID",
                      .help = "the subject (recipient) id",
                      .required = true},
                     {.name = "at",
                      .value_name = "RFC3339",
                      .help = "the message's event time, e.g. 2026-03-01T09:30:00Z (or --from "
                              "and --to)"},
                     text("from", "DAY",
                          "the subject access view: the messages judged from this day (UTC; or "
                          "an RFC 3339 time), with the rules they broke and their consent basis"),
                     text("to", "DAY", "... up to this day, included (or an RFC 3339 time, "
                                       "excluded)"),
                     StateDirFlag("the state the job writes (default: the config's state_dir)"),
                     text("tenant", "ID",
                          "the sending tenant (default: every tenant the subject's state names, "
                          "one block each); also narrows the timeline to that tenant"),
                     {.name = "channel",
                      .value_name = "CHANNEL",
                      .help = "the channel (default: every channel the tenant's decisions name, "
                              "else email)",
                      .choices = {"email", "sms", "mms", "push", "voice", "whatsapp", "letter",
                                  "in_app"}},
                     text("purpose", "PATH",
                          "a taxonomy path (default: marketing.communications.<channel>)"),
                     text("jurisdiction", "CODE",
                          "the recipient's jurisdiction, e.g. DE or US-FL (default: none, the "
                          "default policy)"),
                     text("campaign", "ID", "the campaign whose declaration applies"),
                     text("sender", "ID", "the sending identity"),
                     boolean("has-unsubscribe",
                             "whether the message carries an unsubscribe "
                             "(default: unknown, not judged)"),
                     boolean("ai-generated",
                             "whether the message was AI-generated (default: "
                             "unknown)"),
                     boolean("ai-disclosed", "whether that is disclosed (default: unknown)"),
                     text("data-sources", "A,B", "the data sources used, comma-separated"),
                     {.name = "json", .type = FlagType::kSwitch, .help = "print JSON, not text"}}},
      .check_usage = [](const Flags& flags) { return ParseRequest(flags).status(); },
      .run = ExitZero([](const Flags& flags) -> Status {
        CONSENTRY_ASSIGN_OR_RETURN(const Request request, ParseRequest(flags));
        return Explain(flags, request);
      })};
}

}  // namespace consentry
