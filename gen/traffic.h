#pragma once
// Synthetic traffic with ground-truth labels, for the demo, backtests and integration tests.
//
// Every subject gets one scenario whose verdict is known by construction, from literal dates and
// the rules documented in docs/detectors.md (never by calling detector code): a grant before the
// messages, no consent at all, an expired or lapsed implied consent, a third-party grant that
// does not name the tenant, a STOP reply or unsubscribe click honoured late or in time, a
// withdrawal on the last business day of a window before a holiday or across a DST switch,
// campaigns that declare correctly and ones that do not, AI content, missing unsubscribe links,
// do-not-contact entries, and consent that arrives later than the allowed lateness (the engine
// first alerts, then retracts). The scenarios live in gen/*_scenarios.cc, one family per file.
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
inline constexpr std::string_view kLabelledDetectors[] = {
    kConsentMissing,  kConsentExpired,    kThirdPartyUnnamed,   kConsentWithdrawn,
    kPurposeMismatch, kPurposeUndeclared, kDataSourceUnconsented, kAiUndisclosed,
    kUnsubscribeMissing, kSuppressionHit};

struct GenOptions {
  uint64_t seed = 42;
  int subjects = 1000;
  int messages_per_subject = 3;  // for the scenarios without a fixed set of edge messages
  int malformed = 10;            // deliberately broken lines mixed into the stream
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

struct GeneratedTraffic {
  std::vector<std::string> lines;
  std::vector<GenLabel> labels;
};

GeneratedTraffic GenerateTraffic(const GenOptions& options);

// {"event_id":...,"expected":["consent.missing"],"scenario":...,"focus":...} or
// {"line":N,"expected_dlq":...,"scenario":...}
std::string ToJson(const GenLabel& label);

// Every scenario name with the detector it focuses on (for tests and docs).
struct ScenarioInfo {
  std::string_view name;
  std::string_view focus;
  int weight;  // relative frequency among subjects
};
std::vector<ScenarioInfo> Scenarios();

}  // namespace consentry
