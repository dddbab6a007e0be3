#include "gen/kit.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/json_writer.h"
#include "core/status.h"

namespace consentry::gen_internal {
namespace {

void StringArray(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.Key(key).BeginArray();
  for (const auto& v : values) w.String(v);
  w.EndArray();
}

const std::vector<std::string> kTenants = {"acme", "globex"};
const std::vector<std::string> kChannels = {"email", "sms", "push"};
// EU members and one EEA state (NO): all resolve to the EU policy.
const std::vector<std::string> kEu = {"DK", "DE", "FR", "NL", "IE", "NO"};
// The US and two states without a policy of their own: all resolve to the US policy.
const std::vector<std::string> kUs = {"US", "US-NY", "US-TX"};

}  // namespace

std::string BackgroundSender(std::string_view tenant, int subject_index) {
  const int shard = subject_index / kSubjectsPerBackgroundSender;
  std::string id = "crm-" + std::string(tenant);
  if (shard > 0) id += "-" + std::to_string(shard);
  return id;
}

int BackgroundSenders(int subjects) {
  return std::max(1, (subjects + kSubjectsPerBackgroundSender - 1) / kSubjectsPerBackgroundSender);
}

Timestamp Utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  using namespace std::chrono;
  const sys_days d{std::chrono::year{year} / month / day};
  return Timestamp(duration_cast<Duration>(d.time_since_epoch() + hours(hour) +
                                           minutes(minute) + seconds(second)));
}

Timestamp ShiftCivil(Timestamp t, int years, int months, int days) {
  using namespace std::chrono;
  const sys_days day = floor<std::chrono::days>(t);
  const Duration time_of_day = t - day;
  year_month_day ymd{day};
  ymd += std::chrono::years(years);
  ymd += std::chrono::months(months);
  return sys_days(ymd) + std::chrono::days(days) + time_of_day;
}

std::string ToJson(const Decision& d, std::string_view subject) {
  JsonWriter w;
  w.BeginObject().Field("schema", "consent.v1").Field("event_id", d.event_id)
      .Field("recorded_at", FormatRfc3339(d.at)).Field("tenant", d.tenant)
      .Field("subject", subject).Field("action", d.action);
  StringArray(w, "channels", d.channels);
  StringArray(w, "purposes", d.purposes);
  if (d.action == "grant" && !d.legal_basis.empty()) w.Field("legal_basis", d.legal_basis);
  if (!d.method.empty()) w.Field("method", d.method);
  if (!d.source.empty()) w.Field("source", d.source);
  if (!d.named_senders.empty()) StringArray(w, "named_senders", d.named_senders);
  if (d.expires_at) w.Field("expires_at", FormatRfc3339(*d.expires_at));
  if (!d.relationship_kind.empty()) {
    w.Key("relationship").BeginObject().Field("kind", d.relationship_kind);
    if (d.relationship_at) w.Field("at", FormatRfc3339(*d.relationship_at));
    w.EndObject();
  }
  if (d.action == "grant") {
    w.Key("evidence").BeginObject().Field("receipt_id", "r-" + d.event_id)
        .Field("notice_version", "2026-01").EndObject();
  }
  w.EndObject();
  return w.Take();
}

std::string ToJson(const Message& m, std::string_view subject) {
  CONSENTRY_CHECK(!m.sender_id.empty() && "every generated message names its sender");
  JsonWriter w;
  w.BeginObject().Field("schema", "outbound.v1").Field("event_id", m.event_id)
      .Field("sent_at", FormatRfc3339(m.at)).Field("tenant", m.tenant).Field("subject", subject)
      .Field("channel", m.channel).Field("purpose", m.purpose)
      .Field("sender_id", m.sender_id);
  if (m.campaign != "-") w.Field("campaign_id", m.campaign);
  if (m.jurisdiction != "-") w.Field("jurisdiction", m.jurisdiction);
  if (!m.recipient_tz.empty()) w.Field("recipient_tz", m.recipient_tz);
  w.Key("content").BeginObject().Field("template_id", "t-" + m.channel);
  if (m.fingerprint) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(*m.fingerprint));
    w.Field("fingerprint", hex);
  }
  if (m.has_unsubscribe) w.Field("has_unsubscribe", *m.has_unsubscribe);
  if (m.ai_generated) w.Field("ai_generated", *m.ai_generated);
  if (m.ai_disclosed) w.Field("ai_disclosed", *m.ai_disclosed);
  w.EndObject();
  if (!m.data_sources.empty()) {
    w.Key("targeting").BeginObject();
    StringArray(w, "data_sources", m.data_sources);
    w.EndObject();
  }
  w.EndObject();
  return w.Take();
}

std::string ToJson(const Declaration& d) {
  JsonWriter w;
  w.BeginObject().Field("schema", "campaign.v1").Field("campaign_id", d.campaign_id)
      .Field("tenant", d.tenant);
  StringArray(w, "declared_purposes", d.purposes);
  if (!d.channels.empty()) StringArray(w, "channels", d.channels);
  if (!d.allowed_data_sources.empty()) {
    StringArray(w, "allowed_data_sources", d.allowed_data_sources);
  }
  if (d.valid_from) w.Field("valid_from", FormatRfc3339(*d.valid_from));
  if (d.valid_to) w.Field("valid_to", FormatRfc3339(*d.valid_to));
  w.Field("owner", "marketing-" + d.tenant);
  if (d.expected_volume) w.Field("expected_volume", *d.expected_volume);
  w.EndObject();
  return w.Take();
}

std::string ToJson(const Feedback& f, std::string_view event_id, std::string_view subject) {
  JsonWriter w;
  w.BeginObject().Field("schema", "feedback.v1").Field("event_id", event_id)
      .Field("at", FormatRfc3339(f.at)).Field("subject", subject).Field("channel", f.channel)
      .Field("kind", f.kind)
      .Field("sender_id", f.sender_id);
  if (!f.ref_event_id.empty()) w.Field("ref_event_id", f.ref_event_id);
  if (!f.campaign.empty()) w.Field("campaign_id", f.campaign);
  w.Field("tenant", f.tenant);
  w.EndObject();
  return w.Take();
}

std::string ToJson(const Suppression& s, std::string_view subject) {
  JsonWriter w;
  w.BeginObject().Field("schema", "suppression.v1").Field("subject", subject)
      .Field("list", s.list);
  if (!s.channels.empty()) StringArray(w, "channels", s.channels);
  w.Field("added_at", FormatRfc3339(s.added_at));
  if (s.removed_at) w.Field("removed_at", FormatRfc3339(*s.removed_at));
  if (!s.tenant.empty()) w.Field("tenant", s.tenant);
  w.EndObject();
  return w.Take();
}

void Stream::Add(Timestamp arrival, std::string json, std::optional<GenLabel> label) {
  lines_.push_back({arrival, std::move(json), std::move(label)});
}

void Stream::AddMessage(Timestamp arrival, const Message& m, std::string_view subject,
                        GenLabel label, bool states_spam_rules) {
  MessageFacts facts{.tenant = m.tenant, .subject = std::string(subject), .channel = m.channel,
                     .purpose = m.purpose,
                     .jurisdiction = m.jurisdiction == "-" ? "" : m.jurisdiction,
                     .recipient_tz = m.recipient_tz, .sent_at = m.at};
  lines_.push_back({arrival, ToJson(m, subject), std::move(label), std::move(facts),
                    states_spam_rules});
}

void Stream::LabelSpamRules() {
  std::vector<MessageFacts> facts;
  std::vector<Line*> messages;
  for (Line& line : lines_) {
    if (!line.facts) continue;
    facts.push_back(*line.facts);
    messages.push_back(&line);
  }
  const std::vector<bool> capped = BreaksFrequencyCap(facts);
  for (size_t i = 0; i < messages.size(); ++i) {
    GenLabel& label = *messages[i]->label;
    const bool quiet = BreaksQuietHours(facts[i]);
    if (messages[i]->states_spam_rules) {
      // The scenario's literal verdicts and the oracle's must agree: a generator bug otherwise.
      CONSENTRY_CHECK(label.Expects(kQuietHours) == quiet);
      CONSENTRY_CHECK(label.Expects(kFrequencyCap) == capped[i]);
      continue;
    }
    if (quiet) label.expected.emplace_back(kQuietHours);
    if (capped[i]) label.expected.emplace_back(kFrequencyCap);
    std::sort(label.expected.begin(), label.expected.end());
    label.expected.erase(std::unique(label.expected.begin(), label.expected.end()),
                         label.expected.end());
  }
}

void Stream::Insert(size_t position, std::string json, GenLabel label) {
  lines_.insert(lines_.begin() + static_cast<std::ptrdiff_t>(std::min(position, lines_.size())),
                Line{Timestamp{}, std::move(json), std::move(label)});
}

void Stream::Sort() {
  std::stable_sort(lines_.begin(), lines_.end(),
                   [](const Line& a, const Line& b) { return a.arrival < b.arrival; });
}

GeneratedTraffic Stream::Finish() {
  GeneratedTraffic out;
  out.lines.reserve(lines_.size());
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].label) {
      lines_[i].label->line = static_cast<int64_t>(i);
      out.labels.push_back(std::move(*lines_[i].label));
    }
    out.lines.push_back(std::move(lines_[i].json));
  }
  lines_.clear();
  return out;
}

Kit::Kit(Stream& stream, Rng& rng, const GenOptions& options, int index,
         std::string_view scenario, std::string_view focus)
    : stream_(stream),
      rng_(rng),
      options_(options),
      index_(index),
      scenario_(scenario),
      focus_(focus),
      subject_("subj-" + std::to_string(index)) {
  tenant_ = rng_.Pick(kTenants);
  other_tenant_ = tenant_ == "acme" ? "globex" : "acme";
  channel_ = rng_.Pick(kChannels);
  eu_ = rng_.Pick(kEu);
  us_ = rng_.Pick(kUs);
  jurisdiction_ = eu_;
  first_send_ = options_.start + rng_.Within(14 * kDay);
  history_ = first_send_ - 60 * kDay + rng_.Within(std::chrono::duration_cast<Duration>(hours(1)));
}

std::string Kit::Decide(Decision d, std::optional<Timestamp> arrival) {
  if (d.tenant.empty()) d.tenant = tenant_;
  if (d.event_id.empty()) {
    d.event_id = "c-" + std::to_string(index_) + "-" + std::to_string(next_decision_++);
  }
  if (d.action != "grant") {
    d.legal_basis.clear();
    if (d.method == "double_opt_in") d.method = "email_link";
  }
  std::string id = d.event_id;
  stream_.Add(arrival.value_or(d.at), ToJson(d, subject_));
  return id;
}

bool Kit::states_spam_rules() const { return focus_ == kQuietHours || focus_ == kFrequencyCap; }

std::string Kit::Send(Message m, Expected expected, std::optional<Timestamp> arrival) {
  if (m.tenant.empty()) m.tenant = tenant_;
  if (m.sender_id.empty()) m.sender_id = BackgroundSender(m.tenant, index_);
  if (m.channel.empty()) m.channel = channel_;
  if (m.purpose.empty()) m.purpose = "marketing.communications." + m.channel;
  if (m.campaign.empty()) m.campaign = "camp-" + m.tenant + "-" + m.channel;
  if (m.jurisdiction.empty()) m.jurisdiction = jurisdiction_;
  if (m.event_id.empty()) {
    m.event_id = "m-" + std::to_string(index_) + "-" + std::to_string(next_message_++);
  }
  GenLabel label;
  label.event_id = m.event_id;
  for (std::string_view d : expected) label.expected.emplace_back(d);
  std::sort(label.expected.begin(), label.expected.end());
  label.expected.erase(std::unique(label.expected.begin(), label.expected.end()),
                       label.expected.end());
  label.scenario = scenario_;
  label.focus = focus_;
  std::string id = m.event_id;
  stream_.AddMessage(arrival.value_or(m.at), m, subject_, std::move(label), states_spam_rules());
  return id;
}

std::string Kit::Give(Feedback f, std::optional<Timestamp> arrival) {
  if (f.tenant.empty()) f.tenant = tenant_;
  if (f.sender_id.empty()) f.sender_id = BackgroundSender(f.tenant, index_);
  const std::string id = "f-" + std::to_string(index_) + "-" + std::to_string(next_decision_++);
  stream_.Add(arrival.value_or(f.at), ToJson(f, id, subject_));
  return id;
}

void Kit::Suppress(Suppression s, std::optional<Timestamp> arrival) {
  const Timestamp at = s.removed_at.value_or(s.added_at);  // the record's event time
  stream_.Add(arrival.value_or(at), ToJson(s, subject_));
}

void Kit::Declare(Declaration d, Timestamp arrival) { stream_.Add(arrival, ToJson(d)); }

void Kit::DeadLetter(std::string json, std::string_view reason, Timestamp arrival) {
  GenLabel label;
  label.scenario = scenario_;
  label.focus = focus_;
  label.expected_dlq_reason = std::string(reason);
  stream_.Add(arrival, std::move(json), std::move(label));
}

void Kit::SendRun(Message m, Timestamp first, Expected expected) {
  for (int i = 0; i < options_.messages_per_subject; ++i) {
    Message copy = m;
    copy.at = i == 0 ? first : first + rng_.Within(std::chrono::duration_cast<Duration>(hours(20)));
    Send(std::move(copy), expected);
  }
}

std::string Kit::GrantAt(std::string channel, std::string purpose, Timestamp at) {
  Decision d;
  d.channels = {std::move(channel)};
  d.purposes = {std::move(purpose)};
  d.at = at;
  return Decide(std::move(d));
}

}  // namespace consentry::gen_internal
