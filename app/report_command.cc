// consentry report: the regulator report of a date range, from the report aggregates on the
// stats topic (or a replay's --stats-out file), written as JSON, CSV, HTML and PDF into a new
// directory and signed (reports/manifest.h), for `consentry verify`.

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <fstream>
#include <set>
#include <sstream>

#include "app/command_util.h"
#include "app/commands.h"
#include "core/signing.h"
#include "core/time.h"
#include "alerts/incident_store.h"
#include "kafka/topic_reader.h"
#include "reports/manifest.h"
#include "reports/report_data.h"
#include "reports/report_render.h"

namespace consentry {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kFormats = {"html", "csv", "json", "pdf"};

std::set<std::string> Formats(const std::string& list) {
  std::set<std::string> out;
  std::stringstream in(list);
  for (std::string f; std::getline(in, f, ',');) {
    if (!f.empty()) out.insert(f);
  }
  return out;
}

StatusOr<std::vector<StatsRow>> ReadStatsFile(const std::string& path) {
  std::vector<StatsRow> rows;
  CONSENTRY_RETURN_IF_ERROR(ForEachLine(path, [&](std::string_view line, int64_t number) {
    if (line.empty()) return Status::Ok();
    auto row = DecodeStatsRecord(line);
    if (!row.ok()) {
      return row.status().WithContext(path + ":" + std::to_string(number + 1));
    }
    rows.push_back(std::move(*row));
    return Status::Ok();
  }));
  return rows;
}

StatusOr<std::vector<StatsRow>> ReadStatsTopic(const Config& config) {
  CONSENTRY_ASSIGN_OR_RETURN(const auto records, kafka::ReadTopic(config.kafka, config.topics.stats));
  std::vector<StatsRow> rows;
  rows.reserve(records.size());
  for (const auto& r : records) {
    if (r.null_value) continue;  // a tombstone: no cell
    auto row = DecodeStatsRecord(r.value);
    if (!row.ok()) {
      return row.status().WithContext(config.topics.stats + " partition " +
                                      std::to_string(r.partition) + " offset " +
                                      std::to_string(r.offset));
    }
    rows.push_back(std::move(*row));
  }
  return rows;
}

// serve's incidents, from its state directory opened read-only (beside a running serve).
StatusOr<std::vector<Incident>> ReadIncidents(const std::string& dir) {
  if (!fs::is_directory(dir)) {
    return NotFound("--incidents " + dir + " is not a directory (give serve's state_dir)");
  }
  CONSENTRY_ASSIGN_OR_RETURN(auto store, OpenStateBesideWriter(dir));
  IncidentBook book;
  CONSENTRY_RETURN_IF_ERROR(LoadIncidents(*store, book));
  std::vector<Incident> out;
  for (const auto& [id, incident] : book.incidents()) out.push_back(incident);
  return out;
}

std::string WindowText(const HonouringWindow& w) {
  if (w.business_days > 0) return std::to_string(w.business_days) + " business days";
  if (w.immediate()) return "at once";
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(w.calendar_time).count();
  return hours % 24 == 0 ? std::to_string(hours / 24) + " days" : std::to_string(hours) + " h";
}

StatusOr<ReportContext> ContextOf(const Config& config) {
  ReportContext c;
  c.generated_at = FormatRfc3339(SystemClock().Now());
  c.config_sha256 = config.sha256;
  CONSENTRY_ASSIGN_OR_RETURN(const auto detectors, MakeDetectors(config));
  for (const auto& d : detectors) {
    c.rules.push_back({std::string(d->Name()), std::string(d->RuleVersion())});
  }
  CONSENTRY_ASSIGN_OR_RETURN(const auto sender_detectors, MakeSenderDetectors(config));
  for (const auto& d : sender_detectors) {
    c.rules.push_back({std::string(d->Name()), std::string(d->RuleVersion())});
  }
  for (const auto& [name, policy] : config.policies.policies()) {
    c.policies.push_back(
        {name, WindowText(policy.withdrawal_window), policy.withdrawal_clause.clause.source});
  }
  return c;
}

Status WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Unavailable("cannot write " + path.string());
  return Status::Ok();
}

// Headless Chromium prints the HTML page to PDF (one section a page, the page's print CSS).
Status PrintPdf(const fs::path& html, const fs::path& pdf) {
  const char* env = std::getenv("CONSENTRY_CHROMIUM");
  const std::string browser = env != nullptr ? env : "chromium";
  const std::vector<std::string> args = {browser,
                                         "--headless",
                                         "--no-sandbox",
                                         "--disable-gpu",
                                         "--no-pdf-header-footer",
                                         "--print-to-pdf=" + pdf.string(),
                                         "file://" + fs::absolute(html).string()};
  const pid_t pid = fork();
  if (pid < 0) return Unavailable("cannot start " + browser);
  if (pid == 0) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    return FailedPrecondition("the pdf format needs headless Chromium, and '" + browser +
                              "' was not found (install it with scripts/setup, set "
                              "CONSENTRY_CHROMIUM, or leave pdf out of --format)");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(pdf)) {
    return Unavailable(browser + " could not print " + html.string() + " to PDF");
  }
  return Status::Ok();
}

// Every format asked for into `out`, then the signed manifest over them.
Status WriteReport(const fs::path& out, const std::set<std::string>& formats,
                   const ReportData& data, const ReportContext& context,
                   const IncidentHandling* handling, std::string_view key) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Unavailable("cannot create " + out.string() + ": " + ec.message());
  if (formats.contains("json")) {
    CONSENTRY_RETURN_IF_ERROR(WriteFile(out / "report.json", RenderJson(data, context, handling)));
  }
  if (formats.contains("csv")) {
    CONSENTRY_RETURN_IF_ERROR(WriteFile(out / "violations.csv", RenderViolationsCsv(data)));
    CONSENTRY_RETURN_IF_ERROR(WriteFile(out / "summary.csv", RenderSummaryCsv(data, handling)));
  }
  const std::string html = RenderHtml(data, context, handling);
  if (formats.contains("html")) CONSENTRY_RETURN_IF_ERROR(WriteFile(out / "report.html", html));
  if (formats.contains("pdf")) {
    // Printed from the page in a scratch file, so a PDF alone leaves no HTML in the report.
    const fs::path scratch = fs::temp_directory_path() /
                             ("consentry-report-" + std::to_string(::getpid()) + ".html");
    CONSENTRY_RETURN_IF_ERROR(WriteFile(scratch, html));
    const Status printed = PrintPdf(scratch, out / "report.pdf");
    fs::remove(scratch, ec);
    CONSENTRY_RETURN_IF_ERROR(printed);
  }
  return SignDirectory(out.string(), key);
}

StatusOr<int> Report(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(const Config config, LoadConfigFromFlags(flags));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string key, ReadWholeFile(flags.Get("signing-key")));
  // A key that cannot sign is found before anything is read or written.
  if (const auto pub = Ed25519PublicOf(key); !pub.ok()) {
    return InvalidArgument("--signing-key " + flags.Get("signing-key") + ": " +
                           pub.status().message() + " (make one with `consentry keys generate`)");
  }
  const ReportQuery query{.from_day = *ParseDay(flags.Get("from")),
                          .to_day = *ParseDay(flags.Get("to")),
                          .tenant = flags.Get("tenant"),
                          .min_cell = flags.Int("min-cell")};
  const fs::path out = flags.Get("out");
  std::error_code ec;
  if (fs::exists(out) && !fs::is_empty(out, ec)) {
    return FailedPrecondition("--out " + out.string() +
                              " is not empty: a signed report gets a new or empty directory");
  }

  const bool from_file = flags.Has("stats");
  std::fprintf(stderr, "consentry report: reading the report aggregates from %s\n",
               (from_file ? flags.Get("stats") : config.topics.stats).c_str());
  CONSENTRY_ASSIGN_OR_RETURN(std::vector<StatsRow> rows, from_file
                                                             ? ReadStatsFile(flags.Get("stats"))
                                                             : ReadStatsTopic(config));
  const size_t records = rows.size();
  const ReportData data = BuildReport(LatestCells(std::move(rows)), query);
  CONSENTRY_ASSIGN_OR_RETURN(const ReportContext context, ContextOf(config));
  std::optional<IncidentHandling> incidents;
  if (flags.Has("incidents")) {
    CONSENTRY_ASSIGN_OR_RETURN(const std::vector<Incident> book,
                               ReadIncidents(flags.Get("incidents")));
    incidents = SummarizeIncidents(book, query);
    std::fprintf(stderr, "consentry report: %zu incidents in serve's store\n", book.size());
  }
  std::fprintf(stderr,
               "consentry report: %zu records, %lld cells in the range; %lld figures "
               "suppressed\n",
               records, static_cast<long long>(data.cells),
               static_cast<long long>(data.suppressed + (incidents ? incidents->suppressed : 0)));
  CONSENTRY_RETURN_IF_ERROR(WriteReport(out, Formats(flags.Get("format")), data, context,
                                        incidents ? &*incidents : nullptr, key));
  for (const auto& entry : fs::directory_iterator(out)) {
    std::printf("%s\n", entry.path().string().c_str());
  }
  std::fprintf(stderr, "consentry report: signed; check it with `consentry verify --dir %s "
                       "--public-key PUB`\n", out.string().c_str());
  return 0;
}

Status CheckReportFlags(const Flags& flags) {
  for (const char* name : {"from", "to"}) {
    const auto day = ParseDay(flags.Get(name));
    if (!day.ok()) return InvalidArgument("--" + std::string(name) + ": " + day.status().message());
  }
  if (*ParseDay(flags.Get("to")) < *ParseDay(flags.Get("from"))) {
    return InvalidArgument("--to is before --from");
  }
  const std::set<std::string> formats = Formats(flags.Get("format"));
  if (formats.empty()) return InvalidArgument("--format names no format (html,csv,json,pdf)");
  for (const std::string& f : formats) {
    if (!kFormats.contains(f)) {
      return InvalidArgument("--format: unknown format '" + f + "' (use html, csv, json, pdf)");
    }
  }
  if (flags.Int("min-cell") < 1) return InvalidArgument("--min-cell must be 1 or more");
  return Status::Ok();
}

}  // namespace

Command ReportCommand() {
  return {.spec = {.name = "report",
                   .summary = "The regulator report of a date range: messages screened, "
                              "violations by rule, channel, purpose and jurisdiction with rates "
                              "per 10,000, withdrawals honoured in their window, AI disclosure, "
                              "incident handling, the rules and policies in force. Small counts suppressed, no "
                              "subject id, no content; written to a new directory and signed.",
                   .flags = {ConfigFlag(),
                             {.name = "from",
                              .value_name = "YYYY-MM-DD",
                              .help = "the first day (UTC) of the report, by sent_at",
                              .required = true},
                             {.name = "to",
                              .value_name = "YYYY-MM-DD",
                              .help = "the last day (UTC), included",
                              .required = true},
                             {.name = "tenant",
                              .value_name = "TENANT",
                              .help = "one tenant's report (default: every tenant)"},
                             {.name = "format",
                              .value_name = "LIST",
                              .help = "any of html, csv, json, pdf (pdf: headless Chromium)",
                              .default_value = "html,csv,json"},
                             {.name = "out",
                              .value_name = "DIR",
                              .help = "a new or empty directory for the report files",
                              .required = true},
                             {.name = "signing-key",
                              .value_name = "FILE",
                              .help = "the Ed25519 private key (PEM) that signs the manifest "
                                      "(`consentry keys generate`)",
                              .required = true},
                             {.name = "stats",
                              .value_name = "FILE",
                              .help = "read the aggregates from this stats.v1 file (replay "
                                      "--stats-out) instead of the stats topic"},
                             {.name = "incidents",
                              .value_name = "DIR",
                              .help = "serve's state directory (read-only, serve may run): adds "
                                      "incident handling times and the largest incidents"},
                             {.name = "min-cell",
                              .type = FlagType::kInt,
                              .value_name = "N",
                              .help = "counts under this are suppressed",
                              .default_value = "10"},
                             BootstrapFlag()}},
          .check_usage = CheckReportFlags,
          .run = Report};
}

}  // namespace consentry
