#pragma once
// What a regulator report says, computed from the report aggregates (reports/stats_record.h):
// the cells of a date range (and a tenant, or all) summed, with every figure under the minimum
// cell size suppressed (reports/suppression.h). Rendering is reports/report_render.h.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reports/stats_record.h"
#include "reports/suppression.h"

namespace consentry {

struct ReportQuery {
  int32_t from_day = 0;  // inclusive, days since the epoch
  int32_t to_day = 0;    // inclusive
  std::string tenant;    // empty: every tenant
  int64_t min_cell = 10;
};

// Messages screened and violations of one channel, purpose and jurisdiction.
struct ReportGroup {
  std::string channel;
  std::string purpose;
  std::string jurisdiction;
  Figure screened;
  std::map<std::string, Figure> violations;  // by detector
};

struct ReportData {
  ReportQuery query;
  int64_t cells = 0;  // aggregate cells read for the range
  Figure screened;
  std::vector<ReportGroup> groups;                      // channel, purpose, jurisdiction order
  std::map<std::string, Figure> violations_by_detector;  // over every group
  Figure violations;
  // Messages sent after a withdrawal: inside its honouring window (no alert) or outside it
  // (honoured_outside(): consent.withdrawn's figure), and how long after the withdrawal those
  // inside went out.
  Figure after_withdrawal, honoured_inside;
  const Figure& honoured_outside() const;
  std::optional<std::string> median_delay, p95_delay;  // absent when suppressed or none
  Figure ai_generated, ai_disclosed, ai_undisclosed;
  int64_t suppressed = 0;  // figures hidden
};

// What was in force, from the config: each detector's rule version, each policy's withdrawal
// window and its legal source.
struct RuleInForce {
  std::string detector;
  std::string rule_version;
};
struct PolicyInForce {
  std::string name;
  std::string withdrawal_window;  // "2 days", "10 business days", "at once"
  std::string source;
};
struct ReportContext {
  std::string generated_at;  // RFC 3339
  std::string config_sha256;
  std::vector<RuleInForce> rules;
  std::vector<PolicyInForce> policies;
};

// The latest value of each cell: later lines replace earlier ones with the same key, as
// compaction of the stats topic does.
std::vector<StatsRow> LatestCells(std::vector<StatsRow> rows);

// `rows` must be the latest cells (LatestCells).
ReportData BuildReport(const std::vector<StatsRow>& rows, const ReportQuery& query);

}  // namespace consentry
