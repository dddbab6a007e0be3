#include "reports/incident_handling.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

namespace consentry {
namespace {

constexpr size_t kTop = 5;

std::string Hours(Duration d) {
  char out[32];
  const double minutes = std::chrono::duration<double, std::ratio<60>>(d).count();
  if (minutes < 120) {
    std::snprintf(out, sizeof out, "%.0f min", minutes);
  } else {
    std::snprintf(out, sizeof out, "%.1f h", minutes / 60);
  }
  return out;
}

// The nearest-rank quantile of `values`.
std::optional<std::string> Quantile(std::vector<Duration> values, double q) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  return Hours(values[std::max<size_t>(rank, 1) - 1]);
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

IncidentHandling SummarizeIncidents(const std::vector<Incident>& incidents,
                                    const ReportQuery& query) {
  IncidentHandling h;
  std::vector<Duration> to_acknowledge, to_close;
  std::vector<const Incident*> period;
  for (const Incident& in : incidents) {
    const int32_t day = DayOf(in.first_seen);
    if (day < query.from_day || day > query.to_day) continue;
    if (!query.tenant.empty() && in.tenant.value() != query.tenant) continue;
    if (in.count == 0) continue;  // every alert retracted: nothing happened
    period.push_back(&in);
    ++h.incidents.value;
    if (in.acknowledged_at) {
      ++h.acknowledged.value;
      if (in.opened_at) to_acknowledge.push_back(*in.acknowledged_at - *in.opened_at);
    }
    if (in.closed()) {
      ++h.closed.value;
      if (in.state == IncidentState::kFalsePositive) ++h.false_positives.value;
      if (in.opened_at && in.closed_at) to_close.push_back(*in.closed_at - *in.opened_at);
    }
  }
  std::sort(period.begin(), period.end(), [](const Incident* a, const Incident* b) {
    return a->count != b->count ? a->count > b->count : a->id < b->id;
  });
  for (size_t i = 0; i < period.size() && i < kTop; ++i) {
    const Incident& in = *period[i];
    const size_t scope = in.key.find('|', in.key.find('|') + 1);
    h.top.push_back({.detector = in.detector,
                     .tenant = in.tenant.value(),
                     .scope = scope == std::string::npos ? "" : in.key.substr(scope + 1),
                     .channels = Join(in.channels),
                     .jurisdictions = Join(in.jurisdictions),
                     .first_day = FormatDay(DayOf(in.first_seen)),
                     .last_day = FormatDay(DayOf(in.last_seen)),
                     .state = std::string(Name(in.state)),
                     .alerts = {in.count},
                     .affected_subjects = {in.affected_subjects()}});
  }
  // Closed ones split into false positives and the rest; each top incident stands alone.
  // Not acknowledged and closed otherwise than as false positives are not shown, but follow
  // from what is: they are parts of their totals all the same.
  Figure not_acknowledged{h.incidents.value - h.acknowledged.value};
  Figure closed_otherwise{h.closed.value - h.false_positives.value};
  std::vector<FigureGroup> groups = {
      {.total = &h.incidents, .parts = {&h.acknowledged, &not_acknowledged}},
      {.total = &h.closed, .parts = {&h.false_positives, &closed_otherwise}}};
  for (TopIncident& t : h.top) {
    groups.push_back({.total = &t.alerts});
    groups.push_back({.total = &t.affected_subjects});
  }
  h.suppressed = Suppress(groups, query.min_cell);
  if (!h.acknowledged.hidden && static_cast<int64_t>(to_acknowledge.size()) >= query.min_cell) {
    h.median_to_acknowledge = Quantile(to_acknowledge, 0.5);
    h.p95_to_acknowledge = Quantile(to_acknowledge, 0.95);
  }
  if (!h.closed.hidden && static_cast<int64_t>(to_close.size()) >= query.min_cell) {
    h.median_to_close = Quantile(to_close, 0.5);
    h.p95_to_close = Quantile(to_close, 0.95);
  }
  return h;
}

}  // namespace consentry
