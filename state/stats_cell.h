#pragma once
// What a regulator report counts (design section 6), per aggregate cell: one input partition
// (the cell moves with it through the changelog, so counts survive a crash and a rebalance
// exactly once), one UTC day of sent_at, tenant, channel, purpose and jurisdiction. The engine
// adds each judged message and each alert and retraction to its cell; every batch publishes the
// cells it changed, whole, to the compacted `consentry.stats` topic (reports/stats_record.h), so
// a report sums the latest value of every cell over all partitions and instances.
//
// Kept forever in family windows (a cell per partition, day and combination seen: a few
// thousand a day), untouched by its compaction filter.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "core/ids.h"
#include "core/status.h"
#include "state/honouring_delays.h"

namespace consentry {

struct StatsCellKey {
  int32_t partition = 0;  // the input partition of the subject
  int32_t day = 0;        // days since 1970-01-01 (UTC) of sent_at
  TenantId tenant;
  std::string channel;       // as in alert.v1
  std::string purpose;       // the message's purpose, as sent
  std::string jurisdiction;  // empty when the message named none
  friend bool operator==(const StatsCellKey&, const StatsCellKey&) = default;
  friend bool operator<(const StatsCellKey& a, const StatsCellKey& b) {
    return std::tie(a.partition, a.day, a.tenant, a.channel, a.purpose, a.jurisdiction) <
           std::tie(b.partition, b.day, b.tenant, b.channel, b.purpose, b.jurisdiction);
  }
};

// The key of `key` in family windows.
std::string StatsCellStateKey(const StatsCellKey& key);

struct StatsCell {
  int64_t screened = 0;      // messages judged
  int64_t ai_generated = 0;  // of those, content.ai_generated true
  int64_t ai_disclosed = 0;  // of those, content.ai_disclosed true as well
  // Per detector, alerts raised minus alerts retracted. An entry that reaches 0 is dropped; a
  // retraction of an alert counted before this cell existed (an upgrade) is ignored.
  std::map<std::string, int64_t> violations;
  // Messages sent after a withdrawal but inside its honouring window: the delay since it.
  DelayHistogram honoured;

  void AddViolation(const std::string& detector) { ++violations[detector]; }
  void RetractViolation(const std::string& detector);

  bool empty() const {
    return screened == 0 && ai_generated == 0 && violations.empty() && honoured.empty();
  }
  // Rough heap bytes held, for the overlay's memory-bounded cache (state/heap_bytes.h).
  size_t ApproxBytes() const;
  std::string Encode() const;
  // DataLoss on bytes Encode did not write (counts out of order or past 2^48).
  static StatusOr<StatsCell> Decode(std::string_view bytes);
};

// A cell as the engine publishes it after a batch changed it (reports/stats_record.h).
struct StatsRecord {
  StatsCellKey key;
  StatsCell cell;
};

}  // namespace consentry

template <>
struct std::hash<consentry::StatsCellKey> {
  size_t operator()(const consentry::StatsCellKey& k) const noexcept {
    size_t h = std::hash<std::string>{}(k.tenant.value());
    for (const std::string* s : {&k.channel, &k.purpose, &k.jurisdiction}) {
      h = h * 31 + std::hash<std::string>{}(*s);
    }
    return (h * 31 + static_cast<size_t>(k.day)) * 31 + static_cast<size_t>(k.partition);
  }
};
