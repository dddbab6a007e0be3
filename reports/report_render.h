#pragma once
// The regulator report's files: report.json for machines, violations.csv and summary.csv for
// analysts, report.html for people (charts as inline SVG: no script, nothing fetched; printable
// one section a page). A hidden figure is null in JSON and "suppressed" in CSV and HTML. No
// subject id and no message content is ever in a ReportData, so none can be in a file.

#include <string>

#include "reports/incident_handling.h"
#include "reports/report_data.h"

namespace consentry {

// `incidents` is null when serve's incidents were not given: the report says so.
std::string RenderJson(const ReportData& data, const ReportContext& context,
                       const IncidentHandling* incidents);
std::string RenderViolationsCsv(const ReportData& data);
std::string RenderSummaryCsv(const ReportData& data, const IncidentHandling* incidents);
std::string RenderHtml(const ReportData& data, const ReportContext& context,
                       const IncidentHandling* incidents);

// The plain-language summary the HTML opens with (also in the JSON).
std::string PlainSummary(const ReportData& data);

}  // namespace consentry
