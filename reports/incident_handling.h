#pragma once
// How the trust team handled the period's incidents (serve's incident book, alerts/incident.h):
// how many, how long to the first acknowledgement and to closing, the share called false
// positives, and the largest ones described without personal data (rule, tenant, campaign or
// sender, channels, jurisdictions, counts). Counts under the minimum cell are suppressed.

#include <optional>
#include <string>
#include <vector>

#include "alerts/incident.h"
#include "reports/report_data.h"
#include "reports/suppression.h"

namespace consentry {

struct TopIncident {
  std::string detector;
  std::string tenant;
  std::string scope;  // "campaign:<id>" or "sender:<id>", from the incident key
  std::string channels;
  std::string jurisdictions;
  std::string first_day, last_day;  // event time
  std::string state;
  Figure alerts;
  Figure affected_subjects;
};

struct IncidentHandling {
  Figure incidents;        // of the period (first alert's event time inside it)
  Figure acknowledged;     // with a first acknowledgement
  Figure closed;           // resolved or false positive now
  Figure false_positives;  // of the closed ones
  // Quantiles over the incidents with the times known (opened, acknowledged, closed); absent
  // when the count behind them is suppressed or zero.
  std::optional<std::string> median_to_acknowledge, p95_to_acknowledge;
  std::optional<std::string> median_to_close, p95_to_close;
  std::vector<TopIncident> top;  // by alert count, at most 5
  int64_t suppressed = 0;
};

IncidentHandling SummarizeIncidents(const std::vector<Incident>& incidents,
                                    const ReportQuery& query);

}  // namespace consentry
