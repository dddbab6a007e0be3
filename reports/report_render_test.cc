#include "reports/report_render.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

ReportData OneGroup(std::string purpose, int64_t screened, int64_t violations) {
  StatsRow r;
  r.day = 100;
  r.tenant = "acme";
  r.channel = "sms";
  r.purpose = std::move(purpose);
  r.jurisdiction = "DK";
  r.screened = screened;
  if (violations > 0) r.violations = {{"consent.missing", violations}};
  return BuildReport({r}, {.from_day = 100, .to_day = 100, .min_cell = 10});
}

TEST(ReportRenderTest, CsvRowsCarryTheRateAndHiddenFiguresSaySuppressed) {
  EXPECT_EQ(RenderViolationsCsv(OneGroup("marketing", 4000, 30)),
            "detector,channel,purpose,jurisdiction,violations,screened,rate_per_10000\n"
            "consent.missing,sms,marketing,DK,30,4000,75.00\n");
  EXPECT_EQ(RenderViolationsCsv(OneGroup("marketing", 4000, 3)),
            "detector,channel,purpose,jurisdiction,violations,screened,rate_per_10000\n"
            "consent.missing,sms,marketing,DK,suppressed,4000,\n");
}

TEST(ReportRenderTest, NamesFromInputCannotBecomeSpreadsheetFormulasOrBreakTheRow) {
  const std::string csv = RenderViolationsCsv(OneGroup("=HYPERLINK(\"x\"),1", 4000, 30));
  EXPECT_NE(csv.find(R"(,"'=HYPERLINK(""x""),1",)"), std::string::npos) << csv;
}

TEST(ReportRenderTest, HtmlEscapesNamesAndLinksNothing) {
  StatsRow r;
  r.day = 100;
  r.tenant = "<i>acme</i>";
  r.channel = "sms";
  r.screened = 4000;
  r.violations = {{"consent.missing", 30}};
  const ReportData d = BuildReport({r}, {.from_day = 100, .to_day = 100, .tenant = r.tenant});
  const std::string html = RenderHtml(d, ReportContext{}, nullptr);
  EXPECT_NE(html.find("Tenant: &lt;i&gt;acme&lt;/i&gt;."), std::string::npos) << html;
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  for (const char* fetching : {"<script", "src=", "href=", "<link", "url("}) {
    EXPECT_EQ(html.find(fetching), std::string::npos) << fetching;
  }
}

}  // namespace
}  // namespace consentry
