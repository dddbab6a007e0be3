// consentry report end to end without a broker: generated traffic replayed with --stats-out,
// the report built from that file, its figures checked against a direct count over the
// generator's traffic and labels, its small cells, its signature, its HTML in a real browser and
// its PDF.

#include <simdjson.h>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "tests/cli_fixture.h"

namespace consentry {
namespace {

namespace dom = simdjson::dom;
using Group = std::tuple<std::string, std::string, std::string>;  // channel, purpose, jurisdiction

const std::set<std::string> kSenderDetectors = {"sender.velocity", "content.fanout",
                                                "complaint.rate"};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ReportTest : public testing::CliFixture {
 protected:
  // Generates and replays traffic; the report aggregates go to stats.jsonl.
  void Replay(int subjects) {
    ASSERT_EQ(Consentry({"gen", "--seed", "7", "--subjects", std::to_string(subjects),
                         "--malformed", "0", "--out", Path("traffic.jsonl"), "--labels",
                         Path("labels.jsonl")})
                  .exit_code,
              0);
    const auto replay = Consentry({"replay", "--config", Config(), "--input",
                                   Path("traffic.jsonl"), "--alerts-out", Path("alerts.jsonl"),
                                   "--stats-out", Path("stats.jsonl"), "--progress", "0"});
    ASSERT_EQ(replay.exit_code, 0) << replay.err;
    ASSERT_EQ(Consentry({"keys", "generate", "--private-out", Path("key.pem"), "--public-out",
                         Path("key.pub")})
                  .exit_code,
              0);
  }
  static std::string Config() { return std::string(CONSENTRY_SOURCE_DIR) + "/configs/consentry.yaml"; }
  testing::ProcessResult Report(const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"report", "--config", Config(), "--from", "2020-01-01",
                                     "--to", "2030-12-31", "--stats", Path("stats.jsonl"),
                                     "--out", Path(out), "--signing-key", Path("key.pem")};
    args.insert(args.end(), extra.begin(), extra.end());
    return Consentry(args);
  }
  dom::element Json(const std::string& path) {
    text_ = Slurp(path);
    dom::element doc;
    EXPECT_EQ(parser_.parse(text_).get(doc), simdjson::SUCCESS) << path;
    return doc;
  }

  dom::parser parser_;
  std::string text_;
};

int64_t Int(dom::element e) {
  int64_t v = -1;
  EXPECT_EQ(e.get_int64().get(v), simdjson::SUCCESS) << simdjson::minify(e);
  return v;
}

TEST_F(ReportTest, FiguresEqualADirectCountOverTheGeneratedTraffic) {
  Replay(1500);
  const auto report = Report("r", {"--min-cell", "1", "--format", "json,csv"});
  ASSERT_EQ(report.exit_code, 0) << report.err;

  // The direct count: each outbound message once (a redelivered id counts once; gen writes no
  // malformed record: --malformed 0), each positive label of a message-level detector once.
  std::map<std::string, Group> group_of;  // event id -> its group
  std::map<Group, int64_t> screened;
  dom::parser p;
  std::ifstream traffic(Path("traffic.jsonl"));
  for (std::string line; std::getline(traffic, line);) {
    dom::object o;
    ASSERT_EQ(p.parse(line).get(o), simdjson::SUCCESS) << line;
    std::string_view schema;
    if (o["schema"].get(schema) != simdjson::SUCCESS || schema != "outbound.v1") continue;
    std::string_view id, tenant, channel, purpose, jurisdiction;
    ASSERT_EQ(o["event_id"].get(id), simdjson::SUCCESS);
    ASSERT_EQ(o["tenant"].get(tenant), simdjson::SUCCESS);
    ASSERT_EQ(o["channel"].get(channel), simdjson::SUCCESS);
    ASSERT_EQ(o["purpose"].get(purpose), simdjson::SUCCESS);
    if (o["jurisdiction"].get(jurisdiction) != simdjson::SUCCESS) jurisdiction = "";
    const Group g{std::string(channel), std::string(purpose), std::string(jurisdiction)};
    if (group_of.emplace(std::string(tenant) + "/" + std::string(id), g).second) ++screened[g];
    group_of.emplace(std::string(id), g);
  }
  std::map<std::string, int64_t> by_detector;
  std::map<std::pair<Group, std::string>, int64_t> by_group;
  std::ifstream labels(Path("labels.jsonl"));
  int64_t violations = 0;
  for (std::string line; std::getline(labels, line);) {
    dom::object o;
    ASSERT_EQ(p.parse(line).get(o), simdjson::SUCCESS) << line;
    std::string_view id;
    dom::array expected;
    if (o["event_id"].get(id) != simdjson::SUCCESS) continue;  // a sender-level label
    if (o["expected"].get(expected) != simdjson::SUCCESS) continue;
    for (dom::element d : expected) {
      const std::string detector(std::string_view(d.get_string().value()));
      if (kSenderDetectors.contains(detector)) continue;
      ++by_detector[detector];
      ++by_group[{group_of.at(std::string(id)), detector}];
      ++violations;
    }
  }
  ASSERT_GT(violations, 1000);
  // Sender-level alerts (one per entity and window) are counted as the replay published them:
  // they have no channel, purpose or jurisdiction.
  std::ifstream alerts(Path("alerts.jsonl"));
  for (std::string line; std::getline(alerts, line);) {
    dom::object o;
    ASSERT_EQ(p.parse(line).get(o), simdjson::SUCCESS) << line;
    std::string_view detector, kind;
    ASSERT_EQ(o["detector"].get(detector), simdjson::SUCCESS);
    ASSERT_EQ(o["kind"].get(kind), simdjson::SUCCESS);
    if (!kSenderDetectors.contains(std::string(detector))) continue;
    ASSERT_EQ(kind, "alert");  // window alerts are decided once, never retracted
    ++by_detector[std::string(detector)];
    ++by_group[{Group{"", "", ""}, std::string(detector)}];
    ++violations;
  }
  ASSERT_GT(by_group.count({Group{"", "", ""}, "sender.velocity"}), 0u);

  const dom::element doc = Json(Path("r/report.json"));
  int64_t total_screened = 0;
  for (const auto& [g, n] : screened) total_screened += n;
  EXPECT_EQ(Int(doc["screened"]), total_screened);
  EXPECT_EQ(Int(doc["violations"]), violations);
  EXPECT_EQ(Int(doc["figures_suppressed"]), 0);
  std::map<std::string, int64_t> reported;
  for (auto [detector, n] : dom::object(doc["violations_by_detector"])) {
    reported[std::string(detector)] = Int(n);
  }
  EXPECT_EQ(reported, by_detector);
  std::map<Group, int64_t> reported_screened;
  std::map<std::pair<Group, std::string>, int64_t> reported_groups;
  for (dom::element g : dom::array(doc["groups"])) {
    const Group key{std::string(std::string_view(g["channel"])),
                    std::string(std::string_view(g["purpose"])),
                    std::string(std::string_view(g["jurisdiction"]))};
    if (std::get<0>(key).empty()) {
      EXPECT_EQ(Int(g["screened"]), 0);  // the sender-level group screens nothing
    } else {
      reported_screened[key] = Int(g["screened"]);
    }
    for (auto [detector, n] : dom::object(g["violations"])) {
      reported_groups[{key, std::string(detector)}] = Int(n);
    }
  }
  EXPECT_EQ(reported_screened, screened);
  EXPECT_EQ(reported_groups, by_group);
  // The CSV says the same: one line per group and detector.
  std::ifstream csv(Path("r/violations.csv"));
  int64_t csv_lines = -1;
  for (std::string line; std::getline(csv, line);) ++csv_lines;
  EXPECT_EQ(csv_lines, static_cast<int64_t>(by_group.size()));
}

// Every figure shown is 0 or at least 10, and no shown total less the shown figures under it
// gives a small count back.
TEST_F(ReportTest, SmallCellsAreSuppressedAndNoneCanBeRecoveredFromTotals) {
  Replay(300);
  const auto report = Report("r", {"--format", "json,csv"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const dom::element doc = Json(Path("r/report.json"));
  EXPECT_GT(Int(doc["figures_suppressed"]), 0);
  const auto shown = [](dom::element e, int64_t* v) {
    if (e.is_null()) return false;
    *v = Int(e);
    EXPECT_FALSE(*v > 0 && *v < 10) << "a count of " << *v << " is shown";
    return true;
  };
  // total - (shown parts) must be 0 or >= 10 when the total is shown.
  const auto residual_ok = [](int64_t total, int64_t shown_sum, const std::string& what) {
    const int64_t hidden = total - shown_sum;
    EXPECT_TRUE(hidden == 0 || hidden >= 10) << what << ": " << hidden << " recoverable";
  };
  int64_t v = 0;
  std::map<std::string, int64_t> detector_rows_shown;
  int64_t groups_screened_shown = 0;
  for (dom::element g : dom::array(doc["groups"])) {
    if (shown(g["screened"], &v)) groups_screened_shown += v;
    for (auto [detector, n] : dom::object(g["violations"])) {
      if (shown(n, &v)) detector_rows_shown[std::string(detector)] += v;
    }
  }
  int64_t total = 0;
  if (shown(doc["screened"], &total)) residual_ok(total, groups_screened_shown, "screened");
  int64_t detectors_shown = 0;
  for (auto [detector, n] : dom::object(doc["violations_by_detector"])) {
    if (!shown(n, &v)) continue;
    detectors_shown += v;
    residual_ok(v, detector_rows_shown[std::string(detector)], std::string(detector));
  }
  if (shown(doc["violations"], &total)) residual_ok(total, detectors_shown, "violations");
  int64_t generated = 0, disclosed = 0, undisclosed = 0;
  const bool g_shown = shown(doc["ai"]["generated"], &generated);
  const bool d_shown = shown(doc["ai"]["disclosed"], &disclosed);
  const bool u_shown = shown(doc["ai"]["undisclosed"], &undisclosed);
  if (g_shown) residual_ok(generated, (d_shown ? disclosed : 0) + (u_shown ? undisclosed : 0), "ai");
  // The CSV shows nothing small either.
  std::ifstream csv(Path("r/violations.csv"));
  std::string line;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    std::stringstream fields(line);
    std::vector<std::string> f;
    for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
    ASSERT_GE(f.size(), 6u) << line;
    for (size_t i : {size_t{4}, size_t{5}}) {
      if (f[i] == "suppressed") continue;
      const int64_t n = std::stoll(f[i]);
      EXPECT_FALSE(n > 0 && n < 10) << line;
    }
  }
}

TEST_F(ReportTest, VerifyPassesUntouchedAndNamesAChangedFile) {
  Replay(300);
  ASSERT_EQ(Report("r").exit_code, 0);
  const auto ok = Consentry({"verify", "--dir", Path("r"), "--public-key", Path("key.pub")});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  for (const std::string file : {"report.html", "violations.csv", "report.json"}) {
    SCOPED_TRACE(file);
    std::string bytes = Slurp(Path("r/" + file));
    const std::string original = bytes;
    bytes[bytes.size() / 2] ^= 1;
    Write("r/" + file, bytes);
    const auto bad = Consentry({"verify", "--dir", Path("r"), "--public-key", Path("key.pub")});
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find(file), std::string::npos) << bad.err;
    Write("r/" + file, original);
  }
  ASSERT_EQ(Consentry({"keys", "generate", "--private-out", Path("other.pem"), "--public-out",
                       Path("other.pub")})
                .exit_code,
            0);
  const auto other = Consentry({"verify", "--dir", Path("r"), "--public-key", Path("other.pub")});
  EXPECT_NE(other.exit_code, 0);
  // A report goes to a new or empty directory only.
  const auto again = Report("r");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
  // A key that cannot sign stops it before anything is written.
  Write("key.pem", "not a key");
  const auto bad_key = Report("r2");
  EXPECT_EQ(bad_key.exit_code, 1);
  EXPECT_NE(bad_key.err.find("--signing-key"), std::string::npos) << bad_key.err;
  EXPECT_FALSE(std::filesystem::exists(Path("r2")));
}

TEST_F(ReportTest, TheHtmlRendersEveryChartAndThePdfHasAPageASectionAndItsText) {
  Replay(300);
  const auto report = Report("r", {"--format", "html,pdf"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::filesystem::create_directories(CONSENTRY_ARTIFACT_DIR);
  const auto browser = testing::RunProcess(
      {CONSENTRY_NODE, std::string(CONSENTRY_SOURCE_DIR) + "/tests/browser/report_page.mjs",
       Path("r/report.html"), std::string(CONSENTRY_ARTIFACT_DIR) + "/report-page.png"},
      Path("node"), std::chrono::seconds(120));
  EXPECT_EQ(browser.exit_code, 0) << browser.err;
  // One page per section (summary, violations, withdrawals, AI, incidents, rules) or fewer.
  const std::string pdf = Slurp(Path("r/report.pdf"));
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  int pages = 0;
  for (size_t at = pdf.find("/Type /Page"); at != std::string::npos;
       at = pdf.find("/Type /Page", at + 1)) {
    pages += pdf.compare(at, 12, "/Type /Pages") != 0;
  }
  EXPECT_GE(pages, 1);
  EXPECT_LE(pages, 6);
  const auto text = testing::RunProcess({CONSENTRY_PDFTOTEXT, Path("r/report.pdf"), Path("report.txt")},
                                        Path("pdftotext"), std::chrono::seconds(60));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const std::string extracted = Slurp(Path("report.txt"));
  for (const char* heading : {"Violations by rule", "Withdrawals honoured", "AI-generated content",
                              "Incident handling", "Rules and policies in force"}) {
    EXPECT_NE(extracted.find(heading), std::string::npos) << heading;
  }
}

}  // namespace
}  // namespace consentry
