#pragma once
// stats.v1: one report aggregate cell (state/stats_cell.h) as published on the compacted
// `consentry.stats` topic, whole, each time a batch changes it. The record key names the cell
// (its partition, day, tenant, channel, purpose and jurisdiction as a JSON array), so compaction
// keeps each cell's latest value and a report sums the latest values of all cells.
//
//   {"schema":"stats.v1","partition":3,"day":"2026-03-02","tenant":"acme","channel":"sms",
//    "purpose":"marketing.promotions","jurisdiction":"US-FL","screened":120,
//    "ai_generated":3,"ai_disclosed":2,"violations":{"consent.missing":4},
//    "honoured":{"count":2,"total_us":7200000000,"max_us":5400000000,
//                "buckets":[0,1,1,0,0,0,0,0,0,0]}}

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "state/honouring_delays.h"
#include "state/stats_cell.h"

namespace consentry {

// The Kafka record key of a cell: a JSON array of its fields.
std::string StatsTopicKey(const StatsCellKey& key);
// The stats.v1 document, one line.
std::string ToJson(const StatsRecord& record);

// A decoded stats.v1 record: what a report adds up.
struct StatsRow {
  int32_t partition = 0;
  int32_t day = 0;  // days since 1970-01-01
  std::string tenant;
  std::string channel;
  std::string purpose;
  std::string jurisdiction;
  int64_t screened = 0;
  int64_t ai_generated = 0;
  int64_t ai_disclosed = 0;
  std::map<std::string, int64_t> violations;
  int64_t honoured_count = 0;
  int64_t honoured_total_us = 0;
  int64_t honoured_max_us = 0;
  std::array<int64_t, DelayHistogram::kBuckets> honoured_buckets{};
};

// InvalidArgument naming the field for anything ToJson could not have written (a missing or
// mistyped field, a count below zero or past 2^48, buckets that do not add up).
StatusOr<StatsRow> DecodeStatsRecord(std::string_view json);

}  // namespace consentry
