// consentry score: compares alerts (from a replay or `consentry dump` of the alerts topic) with
// the generator's ground-truth labels and prints alerts by detector, precision and recall.
// Alerts are deduplicated by alert_id first (at-least-once delivery may repeat one).

#include <simdjson.h>

#include <cstdio>
#include <map>
#include <set>

#include "app/command_util.h"
#include "app/commands.h"

namespace consentry {
namespace {

using Verdict = std::pair<std::string, std::string>;  // (event_id, detector)

struct Counts {
  int64_t tp = 0, fp = 0, fn = 0;
};

// Reads string fields of each JSON line into `out` (missing fields stay empty).
Status ReadJsonLines(const std::string& path, const std::vector<std::string>& fields,
                     std::vector<std::map<std::string, std::string>>& out) {
  simdjson::ondemand::parser parser;
  return ForEachLine(path, [&](std::string_view line, int64_t number) -> Status {
    if (line.empty()) return Status::Ok();
    simdjson::padded_string padded(line);
    simdjson::ondemand::document doc;
    if (parser.iterate(padded).get(doc)) {
      return InvalidArgument(path + ":" + std::to_string(number + 1) + ": not JSON");
    }
    std::map<std::string, std::string> row;
    for (const auto& f : fields) {
      simdjson::ondemand::value v;
      if (doc.find_field_unordered(f).get(v) != simdjson::SUCCESS) continue;
      std::string_view s;
      int64_t i;
      if (v.get_string().get(s) == simdjson::SUCCESS) row[f] = std::string(s);
      else if (v.get_int64().get(i) == simdjson::SUCCESS) row[f] = std::to_string(i);
    }
    out.push_back(std::move(row));
    return Status::Ok();
  });
}

Status Score(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(const std::string alerts_path, flags.Required("alerts"));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string labels_path, flags.Required("labels"));
  std::vector<std::map<std::string, std::string>> alerts, labels;
  CONSENTRY_RETURN_IF_ERROR(ReadJsonLines(alerts_path, {"alert_id", "event_id", "detector"}, alerts));
  CONSENTRY_RETURN_IF_ERROR(ReadJsonLines(labels_path, {"event_id", "expected", "expected_dlq"}, labels));

  std::set<Verdict> expected, actual;
  std::multiset<std::string> expected_dlq;
  for (auto& l : labels) {
    if (!l["expected"].empty()) expected.emplace(l["event_id"], l["expected"]);
    if (!l["expected_dlq"].empty()) expected_dlq.insert(l["expected_dlq"]);
  }
  std::set<std::string> ids;
  for (auto& a : alerts) {
    if (ids.insert(a["alert_id"]).second) actual.emplace(a["event_id"], a["detector"]);
  }
  std::map<std::string, Counts> by_detector;
  Counts total;
  for (const auto& v : actual) {
    auto& c = by_detector[v.second];
    (expected.contains(v) ? c.tp : c.fp)++;
  }
  for (const auto& v : expected) {
    if (!actual.contains(v)) ++by_detector[v.second].fn;
  }
  const auto ratio = [](int64_t a, int64_t b) { return b == 0 ? 1.0 : static_cast<double>(a) / b; };
  std::printf("%-22s %8s %8s %8s %8s %10s %8s\n", "detector", "alerts", "expected", "missed",
              "extra", "precision", "recall");
  for (const auto& [detector, c] : by_detector) {
    std::printf("%-22s %8lld %8lld %8lld %8lld %10.3f %8.3f\n", detector.c_str(),
                static_cast<long long>(c.tp + c.fp), static_cast<long long>(c.tp + c.fn),
                static_cast<long long>(c.fn), static_cast<long long>(c.fp), ratio(c.tp, c.tp + c.fp),
                ratio(c.tp, c.tp + c.fn));
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  const double precision = ratio(total.tp, total.tp + total.fp);
  const double recall = ratio(total.tp, total.tp + total.fn);
  std::printf("%-22s %8lld %8lld %8lld %8lld %10.3f %8.3f\n", "all",
              static_cast<long long>(total.tp + total.fp), static_cast<long long>(total.tp + total.fn),
              static_cast<long long>(total.fn), static_cast<long long>(total.fp), precision, recall);
  std::printf("duplicate deliveries removed: %zu\n", alerts.size() - ids.size());

  bool dlq_ok = true;
  if (flags.Has("dlq")) {
    std::vector<std::map<std::string, std::string>> dlq;
    CONSENTRY_RETURN_IF_ERROR(ReadJsonLines(flags.Get("dlq"), {"reason_code"}, dlq));
    std::multiset<std::string> got;
    for (auto& d : dlq) got.insert(d["reason_code"]);
    dlq_ok = got == expected_dlq;
    std::printf("dlq: %zu records, %zu malformed lines expected, reasons %s\n", got.size(),
                expected_dlq.size(), dlq_ok ? "match" : "DIFFER");
  }
  CONSENTRY_ASSIGN_OR_RETURN(const int64_t min_recall_pct, flags.Int("min-recall-pct", 0));
  CONSENTRY_ASSIGN_OR_RETURN(const int64_t min_precision_pct, flags.Int("min-precision-pct", 0));
  if (recall * 100 < min_recall_pct || precision * 100 < min_precision_pct || !dlq_ok) {
    return FailedPrecondition("scores below the required minimum");
  }
  return Status::Ok();
}

}  // namespace

int ScoreCommand(const Args& args) {
  auto flags = Flags::Parse(args, {"alerts", "labels", "dlq", "min-recall-pct", "min-precision-pct"});
  if (!flags.ok()) return Fail("score", flags.status(), /*usage=*/true);
  Status s = Score(*flags);
  return s.ok() ? 0 : Fail("score", s);
}

}  // namespace consentry
