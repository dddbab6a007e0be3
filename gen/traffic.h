#pragma once
// Synthetic traffic with ground-truth labels, for the demo, backtests and integration tests.
//
// Every subject gets one scenario whose verdict is known by construction, from literal dates and
// the rules documented in docs/detectors.md (never by calling detector code): a grant before the
// messages, no consent at all, an expired or lapsed implied consent, a third-party grant that
// does not name the tenant, a STOP reply or unsubscribe click honoured late or in time, a
// withdrawal on the last business day of a window before a holiday or across a DST switch,
// campaigns that declare correctly and ones that do not, AI content, missing unsubscribe links,
// do-not-contact entries, consent that arrives later than the allowed lateness (the engine
// first alerts, then retracts), and messages sent at night or too often (quiet hours and
// frequency caps). The scenarios live in gen/*_scenarios.cc, one family per file.
//
// The quiet_hours and frequency.cap verdicts of EVERY message (whatever its scenario) come from
// an independent oracle (gen/spam_oracle.h: the tz database through date/tz.h, the windows and
// caps of the default policies), so scenarios whose times are random get correct labels too.
//
// Sender scenarios (gen/sender_scenarios.cc) are not about one subject: a sender's burst, a
// campaign past its declared volume, content fanned out to many unconsented recipients, a
// complaint spike, and hard negatives for each, with fresh subjects and senders of their own.
// They add sender labels (entity and window) besides the labels of their messages.
//
// The output is one mixed JSONL stream in arrival order (file order; roughly event-time order,
// with campaign declarations first) plus a label for every message and every deliberately
// malformed or duplicate record. A label carries the set of detectors that must fire on the
// message as NET alerts (alerts minus retractions): one message may break several rules.
//
// Same options, same bytes: the generator uses its own integer arithmetic on a seeded
// mt19937_64, no platform-dependent distributions. No event time lies after 2026-11-28, so the
// stream never runs ahead of a wall clock (or replay --now) at or after 2026-11-29.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace consentry {

// The detectors the labels speak about.
inline constexpr std::string_view kConsentMissing = "consent.missing";
inline constexpr std::string_view kConsentExpired = "consent.expired";
inline constexpr std::string_view kThirdPartyUnnamed = "consent.third_party_unnamed";
inline constexpr std::string_view kConsentWithdrawn = "consent.withdrawn";
inline constexpr std::string_view kPurposeMismatch = "purpose.mismatch";
inline constexpr std::string_view kPurposeUndeclared = "purpose.undeclared";
inline constexpr std::string_view kDataSourceUnconsented = "data_source.unconsented";
inline constexpr std::string_view kAiUndisclosed = "ai.undisclosed";
inline constexpr std::string_view kUnsubscribeMissing = "unsubscribe.missing";
inline constexpr std::string_view kSuppressionHit = "suppression.hit";
inline constexpr std::string_view kQuietHours = "quiet_hours";
inline constexpr std::string_view kFrequencyCap = "frequency.cap";
// Judged per message (labels name event ids).
inline constexpr std::string_view kLabelledDetectors[] = {
    kConsentMissing,  kConsentExpired,    kThirdPartyUnnamed,   kConsentWithdrawn,
    kPurposeMismatch, kPurposeUndeclared, kDataSourceUnconsented, kAiUndisclosed,
    kUnsubscribeMissing, kSuppressionHit, kQuietHours,          kFrequencyCap};

// Judged per sender, campaign or content over a window (sender labels name an entity).
inline constexpr std::string_view kSenderVelocity = "sender.velocity";
inline constexpr std::string_view kContentFanout = "content.fanout";
inline constexpr std::string_view kComplaintRate = "complaint.rate";
inline constexpr std::string_view kSenderDetectors[] = {kSenderVelocity, kContentFanout,
                                                        kComplaintRate};

struct GenOptions {
  uint64_t seed = 42;
  int subjects = 1000;
  int messages_per_subject = 3;  // for the scenarios without a fixed set of edge messages
  int malformed = 10;            // deliberately broken lines mixed into the stream
  // Copies of each sender scenario (gen/sender_scenarios.cc: bursts, fan-out, complaint spikes
  // and their hard negatives, about 26,000 records per copy whatever `subjects` is); 0: none.
  // At most 20 (each copy takes nine days from 2026-03-03).
  int sender_scenarios = 1;
  Timestamp start = FromMicros(1772409600LL * 1000000);  // 2026-03-02T00:00:00Z
};

struct GenLabel {
  std::string event_id;               // of a message; empty for a dead-lettered line
  std::vector<std::string> expected;  // detectors that must fire, sorted; empty: none
  std::string scenario;
  // The detector the scenario exercises (positive or hard negative); empty for plain traffic.
  std::string focus;
  int64_t line = 0;                 // 0-based line in the stream
  std::string expected_dlq_reason;  // for a line that must go to the DLQ

  bool Expects(std::string_view detector) const;
};

// What a sender-level detector must (positive) or must not (negative) raise: a net alert of
// `detector` for `tenant` whose entity matches and whose window overlaps [from, to). Entities
// are "sender:<id>", "campaign:<id>" or "content:<16 hex digits>"; a content label gives the
// base fingerprint of near-duplicates and matches an alert fingerprint within Hamming
// distance 3 of it.
struct SenderLabel {
  std::string detector;
  std::string tenant;
  std::string entity;
  Timestamp from, to;
  bool positive = true;
  std::string scenario;
};

struct GeneratedTraffic {
  std::vector<std::string> lines;
  std::vector<GenLabel> labels;
  std::vector<SenderLabel> sender_labels;
};

GeneratedTraffic GenerateTraffic(const GenOptions& options);

// {"event_id":...,"expected":["consent.missing"],"scenario":...,"focus":...} or
// {"line":N,"expected_dlq":...,"scenario":...}
std::string ToJson(const GenLabel& label);
// {"sender_label":true,"detector":...,"tenant":...,"entity":...,"from":...,"to":...,
//  "positive":true,"scenario":...}
std::string ToJson(const SenderLabel& label);

// Every scenario name with the detector it focuses on (for tests and docs).
struct ScenarioInfo {
  std::string_view name;
  std::string_view focus;
  int weight;  // relative frequency among subjects; 0 for a sender scenario (fixed count)
};
// Subject scenarios, then sender scenarios.
std::vector<ScenarioInfo> Scenarios();

}  // namespace consentry
