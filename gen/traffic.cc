#include "gen/traffic.h"

#include <algorithm>

#include "core/json_writer.h"
#include "core/status.h"
#include "gen/kit.h"

namespace consentry {
namespace {

using gen_internal::Kit;
using gen_internal::Rng;
using gen_internal::Scenario;
using gen_internal::Stream;

const std::vector<Scenario>& AllScenarios() {
  static const std::vector<Scenario>* const all = [] {
    auto* v = new std::vector<Scenario>;
    gen_internal::AddConsentScenarios(*v);
    gen_internal::AddWithdrawalScenarios(*v);
    gen_internal::AddCalendarScenarios(*v);
    gen_internal::AddCampaignScenarios(*v);
    gen_internal::AddContentScenarios(*v);
    gen_internal::AddLateScenarios(*v);
    gen_internal::AddSpamScenarios(*v);
    return v;
  }();
  return *all;
}

const std::vector<gen_internal::SenderScenario>& AllSenderScenarios() {
  static const std::vector<gen_internal::SenderScenario>* const all = [] {
    auto* v = new std::vector<gen_internal::SenderScenario>;
    gen_internal::AddSenderScenarios(*v);
    return v;
  }();
  return *all;
}

// Copy `copy` of every sender scenario, each on a day of its own from 2026-03-03, and the hard
// negatives of the background senders (subject scenarios send as crm-<tenant>[-n], one sender
// per 2,500 subjects: a few messages a minute at most, and too few a day for a complaint rate).
void AddSenderTraffic(const GenOptions& o, Stream& stream, Rng& rng,
                      std::vector<SenderLabel>& labels) {
  const std::vector<gen_internal::SenderScenario>& scenarios = AllSenderScenarios();
  CONSENTRY_CHECK(o.sender_scenarios <= 20);  // 9 days a copy from March 3: ends by September
  for (int copy = 0; copy < o.sender_scenarios; ++copy) {
    for (size_t i = 0; i < scenarios.size(); ++i) {
      const gen_internal::SenderSlot slot{
          .day = gen_internal::Utc(2026, 3, 3) +
                 static_cast<int>(i + scenarios.size() * static_cast<size_t>(copy)) *
                     gen_internal::kDay,
          .copy = copy};
      gen_internal::Crowd crowd(stream, labels, rng, std::string(scenarios[i].name),
                                "x" + std::to_string(copy + 1) + "-" +
                                    std::string(scenarios[i].name));
      scenarios[i].build(crowd, slot);
    }
  }
  const Timestamp from = gen_internal::Utc(2025, 1, 1), to = gen_internal::Utc(2026, 11, 29);
  for (const char* tenant : {"acme", "globex"}) {
    for (int shard = 0; shard < gen_internal::BackgroundSenders(o.subjects); ++shard) {
      const std::string sender =
          gen_internal::BackgroundSender(tenant, shard * gen_internal::kSubjectsPerBackgroundSender);
      for (std::string_view detector : {kSenderVelocity, kComplaintRate}) {
        labels.push_back({.detector = std::string(detector), .tenant = tenant,
                          .entity = "sender:" + sender, .from = from, .to = to,
                          .positive = false, .scenario = "background_senders"});
      }
    }
  }
}

// The deliberately broken records and the DLQ reason each must get.
const std::vector<std::pair<std::string, std::string>>& Malformed() {
  static const std::vector<std::pair<std::string, std::string>> kBad = {
      {"{\"schema\":\"outbound.v1\",\"event_id\":", "bad_json"},
      {"this is not json", "bad_json"},
      {R"({"schema":"outbound.v1","event_id":"x","sent_at":"2026-03-02T10:00:00Z","tenant":"acme","channel":"sms","purpose":"marketing","sender_id":"s"})",
       "missing_field"},
      {R"({"schema":"outbound.v1","event_id":"x","sent_at":"2026-03-02T10:00:00Z","tenant":"acme","subject":"s","channel":"fax","purpose":"marketing","sender_id":"s"})",
       "bad_enum"},
      {R"({"schema":"consent.v1","event_id":"x","recorded_at":"last tuesday","tenant":"acme","subject":"s","action":"grant","channels":["*"],"purposes":["marketing"]})",
       "bad_timestamp"},
      {"{\"schema\":\"outbound.v1\",\"event_id\":\"\xff\xfe\"}", "bad_utf8"},
      {R"({"schema":"telemetry.v9","event_id":"x"})", "unknown_schema"},
      // A STOP reply withdraws marketing for one tenant, so it must name it.
      {R"({"schema":"feedback.v1","event_id":"fb-x","at":"2026-03-02T10:15:00Z","subject":"s","channel":"sms","kind":"stop_reply"})",
       "missing_field"},
      {R"({"schema":"feedback.v1","event_id":"fb-y","at":"2026-03-02T10:15:00Z","subject":"s","channel":"sms","kind":"angry","tenant":"acme"})",
       "bad_enum"},
      {R"({"schema":"suppression.v1","subject":"s","list":"dnc","added_at":"2026-02-01T00:00:00Z","removed_at":"2026-01-01T00:00:00Z"})",
       "bad_value"},
      {R"({"schema":"suppression.v1","subject":"s","list":"internal","tenant":"acme"})",
       "missing_field"},
      {R"({"schema":"consent.v1","event_id":"x","recorded_at":"2026-03-02T10:00:00Z","tenant":"acme","subject":"s","action":"grant","channels":["*"],"purposes":["marketing"],"source":"a list we bought"})",
       "bad_value"},
      // Decodes, but lies years ahead of any clock: it must not move the watermark.
      {R"({"schema":"outbound.v1","event_id":"from-the-future","sent_at":"2030-01-01T00:00:00Z","tenant":"acme","subject":"subj-future","channel":"sms","purpose":"marketing.communications.sms","sender_id":"s"})",
       "future_timestamp"},
      {R"({"schema":"suppression.v1","subject":"s","list":"dnc","added_at":"2026-02-01T00:00:00Z","tenant":""})",
       "bad_value"},
  };
  return kBad;
}

}  // namespace

bool GenLabel::Expects(std::string_view detector) const {
  return std::find(expected.begin(), expected.end(), detector) != expected.end();
}

std::vector<ScenarioInfo> Scenarios() {
  std::vector<ScenarioInfo> out;
  for (const Scenario& s : AllScenarios()) out.push_back({s.name, s.focus, s.weight});
  for (const auto& s : AllSenderScenarios()) out.push_back({s.name, s.focus, 0});
  return out;
}

GeneratedTraffic GenerateTraffic(const GenOptions& o) {
  const std::vector<Scenario>& scenarios = AllScenarios();
  uint64_t total_weight = 0;
  for (const Scenario& s : scenarios) total_weight += static_cast<uint64_t>(s.weight);

  Rng rng(o.seed);
  Stream stream;
  gen_internal::DeclareCatalogue(stream);
  for (int s = 0; s < o.subjects; ++s) {
    uint64_t roll = rng.Below(total_weight);
    const Scenario* pick = &scenarios.back();
    for (const Scenario& candidate : scenarios) {
      if (roll < static_cast<uint64_t>(candidate.weight)) {
        pick = &candidate;
        break;
      }
      roll -= static_cast<uint64_t>(candidate.weight);
    }
    Kit kit(stream, rng, o, s, pick->name, pick->focus);
    pick->build(kit);
  }
  // A random source of their own, so the sender scenarios do not change with --subjects.
  Rng sender_rng(o.seed ^ 0x5e4de55ca1e5ULL);
  std::vector<SenderLabel> sender_labels;
  AddSenderTraffic(o, stream, sender_rng, sender_labels);
  stream.LabelSpamRules();
  stream.Sort();

  for (int i = 0; i < o.malformed; ++i) {
    const auto& [json, reason] = Malformed()[static_cast<size_t>(i) % Malformed().size()];
    GenLabel label;
    label.scenario = "malformed";
    label.expected_dlq_reason = reason;
    stream.Insert(rng.Below(stream.size() + 1), json, std::move(label));
  }
  GeneratedTraffic out = stream.Finish();
  out.sender_labels = std::move(sender_labels);
  return out;
}

std::string ToJson(const GenLabel& l) {
  JsonWriter w;
  w.BeginObject();
  if (l.event_id.empty()) {
    w.Field("line", l.line).Field("expected_dlq", l.expected_dlq_reason);
  } else {
    w.Field("event_id", l.event_id);
    w.Key("expected").BeginArray();
    for (const auto& d : l.expected) w.String(d);
    w.EndArray();
  }
  w.Field("scenario", l.scenario);
  if (!l.focus.empty()) w.Field("focus", l.focus);
  w.EndObject();
  return w.Take();
}

std::string ToJson(const SenderLabel& l) {
  JsonWriter w;
  w.BeginObject().Field("sender_label", true).Field("detector", l.detector)
      .Field("tenant", l.tenant).Field("entity", l.entity).Field("from", FormatRfc3339(l.from))
      .Field("to", FormatRfc3339(l.to)).Field("positive", l.positive)
      .Field("scenario", l.scenario);
  w.EndObject();
  return w.Take();
}

}  // namespace consentry
