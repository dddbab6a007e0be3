#include "gen/traffic.h"

#include <algorithm>
#include <random>

#include "core/json_writer.h"

namespace consentry {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
constexpr auto kDay = hours(24);

struct Line {
  Timestamp order;  // arrival position
  std::string json;
  GenLabel label;
  bool labelled = false;
};

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return engine_() % n; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

 private:
  std::mt19937_64 engine_;
};

struct Decision {
  std::string id, tenant, subject, action, channel, purpose;
  Timestamp at;
};

std::string DecisionJson(const Decision& d) {
  JsonWriter w;
  w.BeginObject().Field("schema", "consent.v1").Field("event_id", d.id)
      .Field("recorded_at", FormatRfc3339(d.at)).Field("tenant", d.tenant)
      .Field("subject", d.subject).Field("action", d.action);
  w.Key("channels").BeginArray().String(d.channel).EndArray();
  w.Key("purposes").BeginArray().String(d.purpose).EndArray();
  if (d.action == "grant") {
    w.Field("legal_basis", "consent").Field("method", "double_opt_in").Field("source", "first_party");
    w.Key("evidence").BeginObject().Field("receipt_id", "r-" + d.id).Field("notice_version", "2026-01").EndObject();
  } else {
    w.Field("method", "email_link");
  }
  w.EndObject();
  return w.Take();
}

struct Message {
  std::string id, tenant, subject, channel, purpose, jurisdiction, campaign;
  Timestamp at;
};

std::string MessageJson(const Message& m) {
  JsonWriter w;
  w.BeginObject().Field("schema", "outbound.v1").Field("event_id", m.id)
      .Field("sent_at", FormatRfc3339(m.at)).Field("tenant", m.tenant).Field("subject", m.subject)
      .Field("channel", m.channel).Field("purpose", m.purpose).Field("sender_id", "crm-" + m.tenant);
  if (!m.campaign.empty()) w.Field("campaign_id", m.campaign);
  w.Field("jurisdiction", m.jurisdiction);
  w.Key("content").BeginObject().Field("template_id", "t-" + m.channel)
      .Field("has_unsubscribe", true).Field("ai_generated", false).EndObject();
  w.EndObject();
  return w.Take();
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
  };
  return kBad;
}

}  // namespace

GeneratedTraffic GenerateTraffic(const GenOptions& o) {
  Rng rng(o.seed);
  const std::vector<std::string> tenants = {"acme", "globex"};
  const std::vector<std::string> eu = {"DK", "DE", "FR", "NL"};
  const std::vector<std::string> channels = {"email", "sms", "push"};
  const Duration span = 14 * kDay;  // messages spread over two weeks
  std::vector<Line> lines;
  int decision_seq = 0;

  auto add_decision = [&](Decision d) {
    d.id = "c-" + std::to_string(decision_seq++);
    lines.push_back({d.at, DecisionJson(d), {}, false});
  };

  for (int s = 0; s < o.subjects; ++s) {
    const std::string subject = "subj-" + std::to_string(s);
    const std::string tenant = rng.Pick(tenants);
    const std::string other_tenant = tenant == "acme" ? "globex" : "acme";
    std::string channel = rng.Pick(channels);
    std::string jurisdiction = rng.Pick(eu);
    const uint64_t roll = rng.Below(100);
    std::string scenario, expected;
    std::string purpose_override;
    const Timestamp first_send = o.start + Duration(rng.Below(span.count()));
    // History starts 60 days before the first message.
    const Timestamp history = first_send - 60 * kDay + seconds(rng.Below(3600));

    auto marketing = [&] { return "marketing.communications." + channel; };
    if (roll < 35) {
      scenario = "granted";
      add_decision({"", tenant, subject, "grant", channel, marketing(), history});
    } else if (roll < 45) {
      scenario = "granted_parent_purpose";
      add_decision({"", tenant, subject, "grant", "*", "marketing", history});
    } else if (roll < 55) {
      scenario = "transactional_without_consent";
      purpose_override = "essential.service.transactional";
    } else if (roll < 60) {
      scenario = "regranted_after_withdrawal";
      add_decision({"", tenant, subject, "grant", channel, marketing(), history});
      add_decision({"", tenant, subject, "withdraw", channel, marketing(), history + 10 * kDay});
      add_decision({"", tenant, subject, "grant", channel, marketing(), history + 20 * kDay});
    } else if (roll < 65) {
      scenario = "withdrawal_inside_window";  // US SMS: 10 days to honour
      jurisdiction = "US";
      channel = "sms";
      add_decision({"", tenant, subject, "grant", channel, marketing(), history});
      add_decision({"", tenant, subject, "withdraw", channel, marketing(), first_send - 2 * kDay});
    } else if (roll < 70) {
      scenario = "grant_delivered_after_message";  // made before the message, arrives after it
      const Timestamp at = first_send - seconds(1);
      Decision d{"c-" + std::to_string(decision_seq++), tenant, subject, "grant", channel, marketing(), at};
      lines.push_back({first_send + std::chrono::milliseconds(1), DecisionJson(d), {}, false});
    } else if (roll < 85) {
      scenario = "no_consent";
      expected = "consent.missing";
    } else if (roll < 90) {
      scenario = "consent_for_other_tenant";
      expected = "consent.missing";
      add_decision({"", other_tenant, subject, "grant", channel, marketing(), history});
    } else {
      scenario = "withdrawn_long_ago";
      expected = "consent.withdrawn";
      add_decision({"", tenant, subject, "grant", channel, marketing(), history});
      add_decision({"", tenant, subject, "withdraw", channel, marketing(), history + 5 * kDay});
    }

    for (int m = 0; m < o.messages_per_subject; ++m) {
      Message msg;
      msg.id = "m-" + std::to_string(s) + "-" + std::to_string(m);
      msg.tenant = tenant;
      msg.subject = subject;
      msg.channel = channel;
      msg.purpose = purpose_override.empty() ? marketing() : purpose_override;
      msg.jurisdiction = jurisdiction;
      msg.campaign = "camp-" + tenant + "-" + channel;
      // Later messages of a subject stay within a day of the first, so a withdrawal "inside
      // the window" stays inside it.
      msg.at = first_send + (m == 0 ? Duration(0) : Duration(rng.Below(std::chrono::duration_cast<Duration>(hours(20)).count())));
      GenLabel label{msg.id, expected, scenario, 0, ""};
      lines.push_back({msg.at, MessageJson(msg), std::move(label), true});
    }
  }

  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.order < b.order; });
  for (int i = 0; i < o.malformed; ++i) {
    const auto& [json, reason] = Malformed()[i % Malformed().size()];
    const size_t at = lines.empty() ? 0 : rng.Below(lines.size() + 1);
    GenLabel label{"", "", "malformed", 0, reason};
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), Line{Timestamp{}, json, std::move(label), true});
  }

  GeneratedTraffic out;
  out.lines.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].labelled) {
      lines[i].label.line = static_cast<int64_t>(i);
      out.labels.push_back(std::move(lines[i].label));
    }
    out.lines.push_back(std::move(lines[i].json));
  }
  return out;
}

std::string ToJson(const GenLabel& l) {
  JsonWriter w;
  w.BeginObject();
  if (l.event_id.empty()) {
    w.Field("line", l.line).Field("expected_dlq", l.expected_dlq_reason);
  } else {
    w.Field("event_id", l.event_id).Field("expected", l.expected_detector).Field("scenario", l.scenario);
  }
  w.EndObject();
  return w.Take();
}

}  // namespace consentry
