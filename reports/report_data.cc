#include "reports/report_data.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <tuple>

namespace consentry {
namespace {

using CellKey = std::tuple<int32_t, int32_t, std::string, std::string, std::string, std::string>;
using GroupKey = std::tuple<std::string, std::string, std::string>;

// "under 4 h", or "256 h or more" when the quantile falls in the open last bucket (the longest
// delay is one message's: never shown).
std::string Describe(Duration bound) {
  const int64_t hours = std::chrono::duration_cast<std::chrono::hours>(bound).count();
  if (hours % 24 == 0 && hours >= 48) return std::to_string(hours / 24) + " days";
  return std::to_string(hours) + " h";
}

using Buckets = std::array<int64_t, DelayHistogram::kBuckets>;

std::optional<std::string> Quantile(const Buckets& buckets, int64_t count, double q) {
  if (count == 0) return std::nullopt;
  const auto rank = static_cast<int64_t>(std::ceil(q * static_cast<double>(count)));
  int64_t seen = 0;
  for (int i = 0; i < DelayHistogram::kBuckets; ++i) {
    seen += buckets[i];
    if (seen < rank) continue;
    const Duration end = DelayHistogram::BucketEnd(i);
    if (end == Duration::max()) return Describe(DelayHistogram::BucketEnd(i - 1)) + " or more";
    return "under " + Describe(end);
  }
  return std::nullopt;
}

}  // namespace

std::vector<StatsRow> LatestCells(std::vector<StatsRow> rows) {
  std::map<CellKey, size_t> latest;
  for (size_t i = 0; i < rows.size(); ++i) {
    const StatsRow& r = rows[i];
    latest[{r.partition, r.day, r.tenant, r.channel, r.purpose, r.jurisdiction}] = i;
  }
  std::vector<StatsRow> out;
  out.reserve(latest.size());
  for (const auto& [key, i] : latest) out.push_back(std::move(rows[i]));
  return out;
}

namespace {

// The cells of the query's days and tenant, summed; the honouring delays' buckets into `buckets`.
ReportData Sum(const std::vector<StatsRow>& rows, const ReportQuery& query, Buckets& buckets) {
  ReportData d;
  d.query = query;
  std::map<GroupKey, ReportGroup> groups;
  for (const StatsRow& r : rows) {
    if (r.day < query.from_day || r.day > query.to_day) continue;
    if (!query.tenant.empty() && r.tenant != query.tenant) continue;
    ++d.cells;
    ReportGroup& g = groups[{r.channel, r.purpose, r.jurisdiction}];
    g.channel = r.channel;
    g.purpose = r.purpose;
    g.jurisdiction = r.jurisdiction;
    g.screened.value += r.screened;
    d.screened.value += r.screened;
    for (const auto& [detector, count] : r.violations) {
      g.violations[detector].value += count;
      d.violations_by_detector[detector].value += count;
      d.violations.value += count;
    }
    d.honoured_inside.value += r.honoured_count;
    for (int i = 0; i < DelayHistogram::kBuckets; ++i) buckets[i] += r.honoured_buckets[i];
    d.ai_generated.value += r.ai_generated;
    d.ai_disclosed.value += r.ai_disclosed;
  }
  for (auto& [key, g] : groups) d.groups.push_back(std::move(g));
  d.after_withdrawal.value = d.honoured_inside.value + d.honoured_outside().value;
  d.ai_undisclosed.value = d.ai_generated.value - d.ai_disclosed.value;
  return d;
}

// Hides every figure under the minimum and whatever would give one back (reports/suppression.h).
void Protect(ReportData& d) {
  std::vector<FigureGroup> protect;
  FigureGroup screened{.total = &d.screened};
  for (ReportGroup& g : d.groups) screened.parts.push_back(&g.screened);
  protect.push_back(screened);
  FigureGroup by_detector{.total = &d.violations};
  for (auto& [detector, total] : d.violations_by_detector) {
    by_detector.parts.push_back(&total);
    FigureGroup rows_of_detector{.total = &total};
    for (ReportGroup& g : d.groups) {
      const auto it = g.violations.find(detector);
      if (it != g.violations.end()) rows_of_detector.parts.push_back(&it->second);
    }
    protect.push_back(rows_of_detector);
  }
  protect.push_back(by_detector);
  protect.push_back({.total = &d.ai_generated, .parts = {&d.ai_disclosed, &d.ai_undisclosed}});
  // Outside the window is consent.withdrawn's figure itself, protected with the detectors above:
  // never hidden for this group's sake.
  Figure none;  // no consent.withdrawn alert in the period
  const auto withdrawn = d.violations_by_detector.find("consent.withdrawn");
  protect.push_back(
      {.total = &d.after_withdrawal,
       .parts = {&d.honoured_inside,
                 withdrawn != d.violations_by_detector.end() ? &withdrawn->second : &none},
       .parts_hideable = false});
  d.suppressed = Suppress(protect, d.query.min_cell);
}

}  // namespace

const Figure& ReportData::honoured_outside() const {
  static const Figure kNone;
  const auto withdrawn = violations_by_detector.find("consent.withdrawn");
  return withdrawn != violations_by_detector.end() ? withdrawn->second : kNone;
}

ReportData BuildReport(const std::vector<StatsRow>& rows, const ReportQuery& query) {
  Buckets buckets{};
  ReportData d = Sum(rows, query, buckets);
  Protect(d);
  if (!d.honoured_inside.hidden) {
    d.median_delay = Quantile(buckets, d.honoured_inside.value, 0.5);
    d.p95_delay = Quantile(buckets, d.honoured_inside.value, 0.95);
  }
  return d;
}

}  // namespace consentry
