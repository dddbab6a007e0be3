#pragma once
// The generator's building blocks (internal to gen/): the records it writes, a seeded random
// source, the stream being assembled, and the per-subject kit a scenario writes through.
//
// A scenario only says what happens to its subject (decisions, feedback, do-not-contact
// entries, campaign declarations, messages with the detectors each must raise) and, where an
// input must arrive out of event-time order, when it arrives. The stream sorts everything by
// arrival time at the end (stable, so equal times keep the order they were written in).

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "gen/spam_oracle.h"
#include "gen/traffic.h"

namespace consentry::gen_internal {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
inline constexpr Duration kDay = std::chrono::duration_cast<Duration>(hours(24));

// A UTC instant from literal fields.
Timestamp Utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0,
              int second = 0);
// `t` moved by whole civil years, months and days in UTC, time of day kept. Callers pick dates
// whose day exists in the target month (the scenarios use days 1-17).
Timestamp ShiftCivil(Timestamp t, int years, int months, int days);

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return engine_() % n; }
  uint64_t Bits() { return engine_(); }
  Duration Within(Duration span) { return Duration(static_cast<int64_t>(Below(span.count()))); }
  bool Coin() { return Below(2) == 1; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

 private:
  std::mt19937_64 engine_;
};

struct Decision {
  std::string action = "grant";  // grant | withdraw | object | expire
  std::vector<std::string> channels;
  std::vector<std::string> purposes;
  Timestamp at;
  std::string legal_basis = "consent";  // for grants; "" leaves it out
  std::string method = "double_opt_in";
  std::string source = "first_party";
  std::vector<std::string> named_senders;
  std::optional<Timestamp> expires_at;
  std::string relationship_kind;  // purchase | inquiry | ""
  std::optional<Timestamp> relationship_at;
  std::string tenant;    // the kit's tenant when empty
  std::string event_id;  // assigned when empty
};

struct Message {
  std::string channel;
  std::string purpose;
  Timestamp at;
  std::string campaign;      // "camp-<tenant>-<channel>" when empty; "-" for none
  std::string jurisdiction;  // the kit's when empty; "-" for none
  std::optional<bool> has_unsubscribe = true;
  std::optional<bool> ai_generated = false;
  std::optional<bool> ai_disclosed;
  std::vector<std::string> data_sources;
  std::string tenant;    // the kit's tenant when empty
  std::string event_id;  // assigned when empty
  std::string sender_id;     // BackgroundSender(tenant, subject index) when empty
  std::string recipient_tz;  // "" leaves it out
  std::optional<uint64_t> fingerprint;  // content.fingerprint (16 hex digits)
};

struct Declaration {
  std::string campaign_id;
  std::string tenant;
  std::vector<std::string> purposes;
  std::vector<std::string> channels;  // empty: field left out (any channel)
  std::vector<std::string> allowed_data_sources;  // empty: left out (first_party only)
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_to;
  std::optional<int64_t> expected_volume;
};

struct Feedback {
  std::string kind;  // stop_reply | unsubscribe_click | complaint | bounce
  std::string channel;
  Timestamp at;
  std::string campaign;  // "" leaves it out
  std::string tenant;    // the kit's tenant when empty
  std::string sender_id;     // BackgroundSender(tenant, subject index) when empty
  std::string ref_event_id;  // "" leaves it out
};

struct Suppression {
  std::string list;                   // dnc | internal | legal_hold | complaint
  std::string tenant;                 // "" leaves it out: every tenant
  std::vector<std::string> channels;  // empty: left out (every channel)
  Timestamp added_at;
  std::optional<Timestamp> removed_at;
};

std::string ToJson(const Decision& d, std::string_view subject);
std::string ToJson(const Message& m, std::string_view subject);
std::string ToJson(const Declaration& d);
std::string ToJson(const Feedback& f, std::string_view event_id, std::string_view subject);
std::string ToJson(const Suppression& s, std::string_view subject);

// The sender of a subject scenario's messages and feedback: "crm-<tenant>" for the first
// kSubjectsPerBackgroundSender subjects, then "crm-<tenant>-1", "-2", ...: the background
// senders' volume (a few messages a minute, well under a thousand a day) stays the same however
// many subjects are generated, so it never looks like a burst or a complaint-rate sample.
inline constexpr int kSubjectsPerBackgroundSender = 2500;
std::string BackgroundSender(std::string_view tenant, int subject_index);
// How many background senders per tenant `subjects` subjects use.
int BackgroundSenders(int subjects);

// Campaign declarations arrive before everything else (a global table; a declaration arriving
// after the message it governs is not corrected).
inline constexpr Timestamp kFirst = Timestamp::min();

// The stream being built: lines with their arrival time, sorted once at the end.
class Stream {
 public:
  void Add(Timestamp arrival, std::string json, std::optional<GenLabel> label = std::nullopt);
  // A message with every field resolved (tenant, sender, campaign, ...) and its label. When
  // `states_spam_rules`, the label already says whether quiet_hours and frequency.cap fire (a
  // scenario about them) and LabelSpamRules checks the oracle agrees; otherwise the oracle adds
  // them.
  void AddMessage(Timestamp arrival, const Message& m, std::string_view subject, GenLabel label,
                  bool states_spam_rules);
  // Adds the oracle's quiet_hours and frequency.cap verdicts to every message label (after all
  // messages are in: the cap looks at a subject's other messages).
  void LabelSpamRules();
  void Insert(size_t position, std::string json, GenLabel label);  // after sorting
  void Sort();
  size_t size() const { return lines_.size(); }
  GeneratedTraffic Finish();

 private:
  struct Line {
    Timestamp arrival;
    std::string json;
    std::optional<GenLabel> label;
    std::optional<MessageFacts> facts;  // for a message
    bool states_spam_rules = false;
  };
  std::vector<Line> lines_;
};

// Set sorted-unique expected detectors.
using Expected = std::vector<std::string_view>;

// What a scenario writes through: one subject, its tenant and a few random picks it may use.
class Kit {
 public:
  Kit(Stream& stream, Rng& rng, const GenOptions& options, int index, std::string_view scenario,
      std::string_view focus);

  // The subject's records. Arrival defaults to the record's event time.
  std::string Decide(Decision d, std::optional<Timestamp> arrival = std::nullopt);
  std::string Send(Message m, Expected expected, std::optional<Timestamp> arrival = std::nullopt);
  std::string Give(Feedback f, std::optional<Timestamp> arrival = std::nullopt);
  void Suppress(Suppression s, std::optional<Timestamp> arrival = std::nullopt);
  // A campaign declaration, arriving first unless told otherwise.
  void Declare(Declaration d, Timestamp arrival = kFirst);
  // A raw line that must be dead-lettered with `reason`.
  void DeadLetter(std::string json, std::string_view reason, Timestamp arrival);

  // messages_per_subject copies of `m`: the first at `first`, the others within 20 hours.
  void SendRun(Message m, Timestamp first, Expected expected);

  // A grant of `purpose` on `channel` (or "*") at `at`.
  std::string GrantAt(std::string channel, std::string purpose, Timestamp at);

  Rng& rng() { return rng_; }
  const std::string& subject() const { return subject_; }
  const std::string& tenant() const { return tenant_; }
  const std::string& other_tenant() const { return other_tenant_; }
  // The background sender of this subject's messages and feedback.
  std::string sender() const { return BackgroundSender(tenant_, index_); }
  const std::string& channel() const { return channel_; }  // email, sms or push
  const std::string& eu() const { return eu_; }            // an EU/EEA member
  const std::string& us() const { return us_; }            // US or a US state
  void set_channel(std::string c) { channel_ = std::move(c); }
  void set_jurisdiction(std::string j) { jurisdiction_ = std::move(j); }
  const std::string& jurisdiction() const { return jurisdiction_; }
  // A random instant in the generator's two-week window, and 60 days before it.
  Timestamp first_send() const { return first_send_; }
  Timestamp history() const { return history_; }
  // Moves the scenario to another first message time (history moves with it).
  void set_first_send(Timestamp t) {
    history_ = history_ - first_send_ + t;
    first_send_ = t;
  }
  std::string Marketing() const { return "marketing.communications." + channel_; }
  // Messages of a spam scenario state their quiet_hours and frequency.cap verdicts themselves
  // (checked against the oracle); others get them from the oracle.
  bool states_spam_rules() const;

 private:
  Stream& stream_;
  Rng& rng_;
  const GenOptions& options_;
  int index_;
  std::string scenario_, focus_;
  std::string subject_, tenant_, other_tenant_, channel_, eu_, us_, jurisdiction_;
  Timestamp first_send_, history_;
  int next_message_ = 0;
  int next_decision_ = 0;
};

struct Scenario {
  std::string_view name;
  std::string_view focus;  // the detector it exercises; "" for plain traffic
  int weight;
  void (*build)(Kit&);
};

// What a sender scenario writes through: many fresh subjects and senders of its own, the
// labels of their messages, and sender labels.
class Crowd {
 public:
  Crowd(Stream& stream, std::vector<SenderLabel>& labels, Rng& rng, std::string scenario,
        std::string prefix);

  // The n-th recipient of this scenario copy: "<prefix>-r<n>".
  std::string Subject(int n) const;
  // A message to `subject`; m.tenant, m.channel and m.sender_id must be set.
  std::string Send(Message m, const std::string& subject, Expected expected);
  // A grant of `purpose` on `channel` for (tenant, subject).
  void Grant(const std::string& tenant, const std::string& subject, std::string channel,
             std::string purpose, Timestamp at);
  // Feedback from `subject`; f.tenant and f.sender_id must be set.
  void Give(Feedback f, const std::string& subject);
  void Declare(const Declaration& d) { stream_.Add(kFirst, ToJson(d)); }
  void Label(std::string_view detector, std::string tenant, std::string entity, Timestamp from,
             Timestamp to, bool positive);

  Rng& rng() { return rng_; }
  const std::string& prefix() const { return prefix_; }

 private:
  Stream& stream_;
  std::vector<SenderLabel>& labels_;
  Rng& rng_;
  std::string scenario_, prefix_;
  int next_ = 0;
};

// Where one copy of a sender scenario goes: its own day, its copy number for its ids.
struct SenderSlot {
  Timestamp day;  // 00:00Z of the day it starts on
  int copy = 0;   // 0-based
  // "<base>-<copy + 1>": hijack-1, hijack-2, ...
  std::string Id(std::string_view base) const {
    return std::string(base) + "-" + std::to_string(copy + 1);
  }
};

struct SenderScenario {
  std::string_view name;
  std::string_view focus;  // the sender detector it exercises
  void (*build)(Crowd&, const SenderSlot&);
};

// The campaigns every tenant declares at the start of the stream (gen/campaign_scenarios.cc).
void DeclareCatalogue(Stream& stream);

// The scenario families, one file each.
void AddConsentScenarios(std::vector<Scenario>& out);     // consent_scenarios.cc
void AddWithdrawalScenarios(std::vector<Scenario>& out);  // withdrawal_scenarios.cc
void AddCalendarScenarios(std::vector<Scenario>& out);    // calendar_scenarios.cc
void AddCampaignScenarios(std::vector<Scenario>& out);    // campaign_scenarios.cc
void AddContentScenarios(std::vector<Scenario>& out);     // content_scenarios.cc
void AddLateScenarios(std::vector<Scenario>& out);        // late_scenarios.cc
void AddSpamScenarios(std::vector<Scenario>& out);        // spam_scenarios.cc
void AddSenderScenarios(std::vector<SenderScenario>& out);  // sender_scenarios.cc

}  // namespace consentry::gen_internal
