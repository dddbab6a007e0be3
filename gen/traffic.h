#pragma once
// Synthetic traffic with ground-truth labels, for the demo, backtests and integration tests.
//
// Every subject gets one scenario whose verdict is known by construction (a grant before the
// messages, no consent at all, a withdrawal a month before, a withdrawal still inside the
// honouring window, a grant that arrives after the message but was made before it, ...). The
// output is one mixed JSONL stream in arrival order (roughly event-time order) plus a label for
// every message and every deliberately malformed line. Same options, same bytes: the generator
// uses its own integer arithmetic on a seeded mt19937_64, no platform-dependent distributions.

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"

namespace consentry {

struct GenOptions {
  uint64_t seed = 42;
  int subjects = 1000;
  int messages_per_subject = 3;
  int malformed = 10;  // deliberately broken lines mixed into the stream
  Timestamp start = FromMicros(1772409600LL * 1000000);  // 2026-03-02T00:00:00Z
};

struct GenLabel {
  std::string event_id;  // of a message; empty for a malformed line
  std::string expected_detector;  // "" when the message is fine
  std::string scenario;
  int64_t line = 0;  // 0-based line in the stream
  std::string expected_dlq_reason;  // for a malformed line
};

struct GeneratedTraffic {
  std::vector<std::string> lines;
  std::vector<GenLabel> labels;
};

GeneratedTraffic GenerateTraffic(const GenOptions& options);

// {"event_id":...,"expected":"consent.missing","scenario":...} or {"line":N,"expected_dlq":...}
std::string ToJson(const GenLabel& label);

}  // namespace consentry
