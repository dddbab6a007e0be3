// consentry score: compares alerts (from a replay or `consentry dump` of the alerts topic) with
// the generator's ground-truth labels and prints, per detector, precision and recall of the NET
// alerts.
//
// Net alerts: records are deduplicated on (alert_id, kind) first (at-least-once delivery may
// repeat one), then read in order: an alert counts until a retraction with its alert_id follows
// (a late input showed it should not have fired). Late alerts ("late": true) count like any
// other. A label names the set of detectors that must fire on a message ("expected": [...]; the
// older single-string form "expected": "consent.missing" is read too).

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "app/command_util.h"
#include "app/commands.h"

namespace consentry {
namespace {

using Verdict = std::pair<std::string, std::string>;  // (event_id, detector)

struct Label {
  std::string event_id, scenario, dlq;
  std::vector<std::string> expected;
};

struct AlertRecord {
  std::string alert_id, kind, detector, event_id;
  bool late = false;
};

struct Counts {
  int64_t tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp); }
  double Recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn); }
};

std::string StringField(simdjson::ondemand::document& doc, const char* key) {
  simdjson::ondemand::value v;
  std::string_view s;
  if (doc.find_field_unordered(key).get(v) != simdjson::SUCCESS) return "";
  if (v.get_string().get(s) != simdjson::SUCCESS) return "";
  return std::string(s);
}

// Calls `row` with every non-empty line of `path` parsed as a JSON object.
Status ForEachObject(const std::string& path,
                     const std::function<Status(simdjson::ondemand::document&)>& row) {
  simdjson::ondemand::parser parser;
  return ForEachLine(path, [&](std::string_view line, int64_t number) -> Status {
    if (line.empty()) return Status::Ok();
    simdjson::padded_string padded(line);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object object;
    if (parser.iterate(padded).get(doc) || doc.get_object().get(object)) {
      return InvalidArgument(path + ":" + std::to_string(number + 1) + ": not a JSON object");
    }
    doc.rewind();
    return row(doc);
  });
}

Status ReadLabels(const std::string& path, std::vector<Label>& out) {
  return ForEachObject(path, [&](simdjson::ondemand::document& doc) -> Status {
    Label l;
    l.event_id = StringField(doc, "event_id");
    l.scenario = StringField(doc, "scenario");
    l.dlq = StringField(doc, "expected_dlq");
    simdjson::ondemand::value v;
    if (doc.find_field_unordered("expected").get(v) == simdjson::SUCCESS) {
      std::string_view s;
      simdjson::ondemand::array items;
      if (v.get_string().get(s) == simdjson::SUCCESS) {
        if (!s.empty()) l.expected.emplace_back(s);  // the single-detector form
      } else if (v.get_array().get(items) == simdjson::SUCCESS) {
        for (auto item : items) {
          if (item.get_string().get(s) != simdjson::SUCCESS) {
            return InvalidArgument(path + ": \"expected\" must hold detector names");
          }
          l.expected.emplace_back(s);
        }
      }
    }
    out.push_back(std::move(l));
    return Status::Ok();
  });
}

Status ReadAlerts(const std::string& path, std::vector<AlertRecord>& out) {
  return ForEachObject(path, [&](simdjson::ondemand::document& doc) -> Status {
    AlertRecord a;
    a.alert_id = StringField(doc, "alert_id");
    a.kind = StringField(doc, "kind");
    if (a.kind.empty()) a.kind = "alert";
    a.detector = StringField(doc, "detector");
    a.event_id = StringField(doc, "event_id");
    bool late = false;
    if (doc.find_field_unordered("late").get_bool().get(late) == simdjson::SUCCESS) a.late = late;
    out.push_back(std::move(a));
    return Status::Ok();
  });
}

struct NetAlerts {
  std::map<std::string, Verdict> by_id;  // alert_id -> (event_id, detector), still standing
  int64_t records = 0, duplicates = 0, retractions = 0, late_alerts = 0, withdrawn = 0;
};

NetAlerts Net(const std::vector<AlertRecord>& records) {
  NetAlerts net;
  std::set<std::pair<std::string, std::string>> seen;  // (alert_id, kind)
  for (const AlertRecord& a : records) {
    ++net.records;
    if (!seen.emplace(a.alert_id, a.kind).second) {
      ++net.duplicates;
      continue;
    }
    if (a.kind == "retraction") {
      ++net.retractions;
      net.withdrawn += net.by_id.erase(a.alert_id);
      continue;
    }
    net.late_alerts += a.late;
    net.by_id[a.alert_id] = {a.event_id, a.detector};
  }
  return net;
}

Status WriteIds(const std::string& path, const NetAlerts& net) {
  std::ofstream out(path, std::ios::trunc);
  for (const auto& [id, verdict] : net.by_id) out << id << '\n';  // sorted: a std::map
  out.flush();
  return out ? Status::Ok() : Unavailable("cannot write " + path);
}

// A few examples of what went wrong, for the reader to start from.
void PrintExamples(const std::string& detector, const std::set<Verdict>& expected,
                   const std::set<Verdict>& actual,
                   const std::map<std::string, std::string>& scenario) {
  int shown = 0;
  for (const auto& v : expected) {
    if (v.second != detector || actual.contains(v) || shown++ >= 5) continue;
    std::printf("  missed %s %s (scenario %s)\n", detector.c_str(), v.first.c_str(),
                scenario.contains(v.first) ? scenario.at(v.first).c_str() : "?");
  }
  shown = 0;
  for (const auto& v : actual) {
    if (v.second != detector || expected.contains(v) || shown++ >= 5) continue;
    std::printf("  extra  %s %s (scenario %s)\n", detector.c_str(), v.first.c_str(),
                scenario.contains(v.first) ? scenario.at(v.first).c_str() : "unlabelled");
  }
}

Status Score(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(const std::string alerts_path, flags.Required("alerts"));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string labels_path, flags.Required("labels"));
  CONSENTRY_ASSIGN_OR_RETURN(const int64_t min_recall_pct, flags.Int("min-recall-pct", 0));
  CONSENTRY_ASSIGN_OR_RETURN(const int64_t min_precision_pct, flags.Int("min-precision-pct", 0));
  std::vector<Label> labels;
  std::vector<AlertRecord> records;
  CONSENTRY_RETURN_IF_ERROR(ReadLabels(labels_path, labels));
  CONSENTRY_RETURN_IF_ERROR(ReadAlerts(alerts_path, records));

  std::set<Verdict> expected, actual;
  std::multiset<std::string> expected_dlq;
  std::map<std::string, std::string> scenario;  // event_id -> scenario
  std::map<std::string, Counts> by_detector;
  for (const Label& l : labels) {
    if (!l.dlq.empty()) expected_dlq.insert(l.dlq);
    if (l.event_id.empty()) continue;
    scenario[l.event_id] = l.scenario;
    for (const auto& d : l.expected) {
      expected.emplace(l.event_id, d);
      by_detector[d];
    }
  }
  const NetAlerts net = Net(records);
  for (const auto& [id, verdict] : net.by_id) actual.insert(verdict);
  for (const auto& v : actual) {
    Counts& c = by_detector[v.second];
    (expected.contains(v) ? c.tp : c.fp)++;
  }
  for (const auto& v : expected) by_detector[v.second].fn += !actual.contains(v);

  std::printf("%-28s %8s %8s %8s %8s %10s %8s\n", "detector", "expected", "net", "missed",
              "extra", "precision", "recall");
  Counts total;
  std::vector<std::string> below;
  for (const auto& [detector, c] : by_detector) {
    std::printf("%-28s %8lld %8lld %8lld %8lld %10.3f %8.3f\n", detector.c_str(),
                static_cast<long long>(c.tp + c.fn), static_cast<long long>(c.tp + c.fp),
                static_cast<long long>(c.fn), static_cast<long long>(c.fp), c.Precision(),
                c.Recall());
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
    if (c.Recall() * 100 < min_recall_pct || c.Precision() * 100 < min_precision_pct) {
      below.push_back(detector);
    }
  }
  std::printf("%-28s %8lld %8lld %8lld %8lld %10.3f %8.3f\n", "all",
              static_cast<long long>(total.tp + total.fn),
              static_cast<long long>(total.tp + total.fp), static_cast<long long>(total.fn),
              static_cast<long long>(total.fp), total.Precision(), total.Recall());
  std::printf("alert records %lld: %lld duplicate deliveries removed, %lld retractions (%lld "
              "alerts withdrawn), %lld late alerts; %zu net alerts\n",
              static_cast<long long>(net.records), static_cast<long long>(net.duplicates),
              static_cast<long long>(net.retractions), static_cast<long long>(net.withdrawn),
              static_cast<long long>(net.late_alerts), net.by_id.size());
  for (const std::string& detector : below) PrintExamples(detector, expected, actual, scenario);
  if (flags.Has("net-out")) CONSENTRY_RETURN_IF_ERROR(WriteIds(flags.Get("net-out"), net));

  bool dlq_ok = true;
  if (flags.Has("dlq")) {
    std::multiset<std::string> got;
    CONSENTRY_RETURN_IF_ERROR(ForEachObject(flags.Get("dlq"), [&](auto& doc) {
      got.insert(StringField(doc, "reason_code"));
      return Status::Ok();
    }));
    dlq_ok = got == expected_dlq;
    std::printf("dlq: %zu records, %zu expected, reasons %s\n", got.size(), expected_dlq.size(),
                dlq_ok ? "match" : "DIFFER");
    if (!dlq_ok) {
      std::set<std::string> reasons(got.begin(), got.end());
      reasons.insert(expected_dlq.begin(), expected_dlq.end());
      for (const auto& r : reasons) {
        std::printf("  %-20s got %zu, expected %zu\n", r.c_str(), got.count(r),
                    expected_dlq.count(r));
      }
    }
  }
  if (!below.empty()) {
    std::string names;
    for (const auto& d : below) names += (names.empty() ? "" : ", ") + d;
    return FailedPrecondition("below the required precision or recall: " + names);
  }
  if (!dlq_ok) return FailedPrecondition("dead-lettered records differ from the labels");
  return Status::Ok();
}

}  // namespace

int ScoreCommand(const Args& args) {
  auto flags = Flags::Parse(
      args, {"alerts", "labels", "dlq", "min-recall-pct", "min-precision-pct", "net-out"});
  if (!flags.ok()) return Fail("score", flags.status(), /*usage=*/true);
  Status s = Score(*flags);
  return s.ok() ? 0 : Fail("score", s);
}

}  // namespace consentry
