// consentry score: compares alerts (from a replay or `consentry dump` of the alerts topic) with
// the generator's ground-truth labels and prints, per detector, precision and recall of the NET
// alerts.
//
// Net alerts: records are deduplicated on (alert_id, kind) first (at-least-once delivery may
// repeat one), then read in order: an alert counts until a retraction with its alert_id follows
// (a late input showed it should not have fired). Late alerts ("late": true) count like any
// other. A label names the set of detectors that must fire on a message ("expected": [...]; the
// older single-string form "expected": "consent.missing" is read too).
//
// Sender-level alerts (sender.velocity, content.fanout, complaint.rate) name no message: they
// carry an entity and a window instead of an event id, and are scored against the sender labels
// ("sender_label": true) in the same file (app/sender_score.h): recall over positive labels,
// precision over alerts, and no alert may match a negative label.

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "app/command_util.h"
#include "app/commands.h"
#include "app/sender_score.h"

namespace consentry {
namespace {

using Verdict = std::pair<std::string, std::string>;  // (event_id, detector)

struct Label {
  std::string event_id, scenario, dlq;
  std::vector<std::string> expected;
};

struct AlertRecord {
  std::string alert_id, kind, detector, event_id;
  std::string tenant, entity, window_start, window_end;  // sender-level alerts
  bool late = false;
  // A sender-level alert names an entity and a window, not a message.
  bool SenderLevel() const { return !entity.empty() || event_id.empty(); }
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

StatusOr<Timestamp> TimeField(simdjson::ondemand::document& doc, const char* key,
                              const std::string& path) {
  auto t = ParseRfc3339(StringField(doc, key));
  if (!t.ok()) {
    return InvalidArgument(path + ": sender label \"" + key + "\": " + t.status().message());
  }
  return *t;
}

Status ReadSenderLabel(simdjson::ondemand::document& doc, const std::string& path,
                       std::vector<SenderLabelRow>& out) {
  SenderLabelRow l;
  l.detector = StringField(doc, "detector");
  l.tenant = StringField(doc, "tenant");
  l.entity = StringField(doc, "entity");
  l.scenario = StringField(doc, "scenario");
  CONSENTRY_ASSIGN_OR_RETURN(l.from, TimeField(doc, "from", path));
  CONSENTRY_ASSIGN_OR_RETURN(l.to, TimeField(doc, "to", path));
  bool positive = true;
  if (doc.find_field_unordered("positive").get_bool().get(positive) != simdjson::SUCCESS) {
    return InvalidArgument(path + ": a sender label needs \"positive\": true or false");
  }
  l.positive = positive;
  if (l.detector.empty() || l.entity.empty()) {
    return InvalidArgument(path + ": a sender label needs a detector and an entity");
  }
  out.push_back(std::move(l));
  return Status::Ok();
}

Status ReadLabels(const std::string& path, std::vector<Label>& out,
                  std::vector<SenderLabelRow>& sender_out) {
  return ForEachObject(path, [&](simdjson::ondemand::document& doc) -> Status {
    bool sender_label = false;
    if (doc.find_field_unordered("sender_label").get_bool().get(sender_label) ==
            simdjson::SUCCESS &&
        sender_label) {
      return ReadSenderLabel(doc, path, sender_out);
    }
    doc.rewind();
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
    a.tenant = StringField(doc, "tenant");
    a.entity = StringField(doc, "entity");
    a.window_start = StringField(doc, "window_start");
    a.window_end = StringField(doc, "window_end");
    bool late = false;
    if (doc.find_field_unordered("late").get_bool().get(late) == simdjson::SUCCESS) a.late = late;
    out.push_back(std::move(a));
    return Status::Ok();
  });
}

struct NetAlerts {
  std::map<std::string, AlertRecord> by_id;  // alert_id -> the alert, still standing
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
    net.by_id[a.alert_id] = a;
  }
  return net;
}

Status WriteIds(const std::string& path, const NetAlerts& net) {
  std::ofstream out(path, std::ios::trunc);
  for (const auto& [id, alert] : net.by_id) out << id << '\n';  // sorted: a std::map
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

std::optional<Timestamp> OptionalTime(const std::string& text) {
  auto t = ParseRfc3339(text);
  return t.ok() ? std::optional<Timestamp>(*t) : std::nullopt;
}

std::string Window(Timestamp from, Timestamp to) {
  return FormatRfc3339(from) + " .. " + FormatRfc3339(to);
}

// A few examples for a failing sender-level detector: missed positives, alerts on negatives,
// extras.
void PrintSenderExamples(const std::string& detector, const std::vector<SenderLabelRow>& labels,
                         const std::vector<SenderAlert>& alerts) {
  int shown = 0;
  for (const SenderLabelRow& l : labels) {
    if (l.detector != detector || !l.positive || shown >= 5) continue;
    const bool found = std::any_of(alerts.begin(), alerts.end(),
                                   [&](const SenderAlert& a) { return Matches(l, a); });
    if (found) continue;
    ++shown;
    std::printf("  missed %s %s %s %s (scenario %s)\n", detector.c_str(), l.tenant.c_str(),
                l.entity.c_str(), Window(l.from, l.to).c_str(), l.scenario.c_str());
  }
  shown = 0;
  for (const SenderAlert& a : alerts) {
    if (a.detector != detector || shown >= 5) continue;
    const SenderLabelRow* match = nullptr;
    for (const SenderLabelRow& l : labels) {
      if (Matches(l, a) && (match == nullptr || !l.positive)) match = &l;
    }
    if (match != nullptr && match->positive) continue;
    ++shown;
    const std::string window = a.window_start && a.window_end
                                   ? Window(*a.window_start, *a.window_end)
                                   : std::string("(no window)");
    const std::string why = match ? "scenario " + match->scenario : "no label";
    std::printf("  %s %s %s %s %s (%s)\n", match ? "on-negative" : "extra ", detector.c_str(),
                a.tenant.c_str(), a.entity.c_str(), window.c_str(), why.c_str());
  }
}

// The sender-level table; returns the detectors that fail (below a minimum, or an alert on a
// negative label).
std::vector<std::string> ScoreSenderLevel(const std::vector<SenderLabelRow>& labels,
                                          const NetAlerts& net, int64_t min_recall_pct,
                                          int64_t min_precision_pct) {
  std::vector<SenderAlert> alerts;
  for (const auto& [id, a] : net.by_id) {
    if (!a.SenderLevel()) continue;
    alerts.push_back({.alert_id = id,
                      .detector = a.detector,
                      .tenant = a.tenant,
                      .entity = a.entity,
                      .window_start = OptionalTime(a.window_start),
                      .window_end = OptionalTime(a.window_end)});
  }
  if (labels.empty() && alerts.empty()) return {};
  std::printf("\n%-28s %8s %8s %8s %8s %8s %8s %10s %8s\n", "sender detector", "positive", "found",
              "missed", "net", "extra", "on-neg", "precision", "recall");
  std::vector<std::string> failing;
  for (const SenderScore& s : ScoreSenders(labels, alerts)) {
    std::printf("%-28s %8lld %8lld %8lld %8lld %8lld %8lld %10.3f %8.3f\n", s.detector.c_str(),
                static_cast<long long>(s.positives), static_cast<long long>(s.found),
                static_cast<long long>(s.positives - s.found), static_cast<long long>(s.alerts),
                static_cast<long long>(s.alerts - s.on_positive),
                static_cast<long long>(s.on_negative), s.Precision(), s.Recall());
    if (s.on_negative > 0 || s.Recall() * 100 < min_recall_pct ||
        s.Precision() * 100 < min_precision_pct) {
      failing.push_back(s.detector);
    }
  }
  int64_t negatives = 0;
  for (const SenderLabelRow& l : labels) negatives += !l.positive;
  std::printf("sender labels %zu (%lld hard negatives), %zu net sender-level alerts\n",
              labels.size(), static_cast<long long>(negatives), alerts.size());
  for (const std::string& detector : failing) PrintSenderExamples(detector, labels, alerts);
  return failing;
}

Status Score(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(const std::string alerts_path, flags.Required("alerts"));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string labels_path, flags.Required("labels"));
  const int64_t min_recall_pct = flags.Int("min-recall-pct");
  const int64_t min_precision_pct = flags.Int("min-precision-pct");
  const int64_t min_sender_recall_pct = flags.Int("min-sender-recall-pct");
  const int64_t min_sender_precision_pct = flags.Int("min-sender-precision-pct");
  std::vector<Label> labels;
  std::vector<SenderLabelRow> sender_labels;
  std::vector<AlertRecord> records;
  CONSENTRY_RETURN_IF_ERROR(ReadLabels(labels_path, labels, sender_labels));
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
  size_t message_alerts = 0;
  for (const auto& [id, a] : net.by_id) {
    if (a.SenderLevel()) continue;  // scored against the sender labels below
    actual.emplace(a.event_id, a.detector);
    ++message_alerts;
  }
  for (const auto& v : actual) {
    Counts& c = by_detector[v.second];
    (expected.contains(v) ? c.tp : c.fp)++;
  }
  for (const auto& v : expected) by_detector[v.second].fn += !actual.contains(v);

  std::printf("%-28s %8s %8s %8s %8s %10s %8s\n", "detector", "expected", "net", "missed", "extra",
              "precision", "recall");
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
  std::printf(
      "alert records %lld: %lld duplicate deliveries removed, %lld retractions (%lld "
      "alerts withdrawn), %lld late alerts; %zu net alerts (%zu on messages)\n",
      static_cast<long long>(net.records), static_cast<long long>(net.duplicates),
      static_cast<long long>(net.retractions), static_cast<long long>(net.withdrawn),
      static_cast<long long>(net.late_alerts), net.by_id.size(), message_alerts);
  for (const std::string& detector : below) PrintExamples(detector, expected, actual, scenario);
  const std::vector<std::string> sender_failing =
      ScoreSenderLevel(sender_labels, net, min_sender_recall_pct, min_sender_precision_pct);
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
  if (!sender_failing.empty()) {
    std::string names;
    for (const auto& d : sender_failing) names += (names.empty() ? "" : ", ") + d;
    return FailedPrecondition(
        "sender-level alerts below the required precision or recall, or on a hard negative: " +
        names);
  }
  if (!dlq_ok) return FailedPrecondition("dead-lettered records differ from the labels");
  return Status::Ok();
}

// A minimum percentage, 0 to 100.
Flag Minimum(std::string name, std::string what) {
  return Flag{.name = std::move(name),
              .type = FlagType::kInt,
              .value_name = "PERCENT",
              .help = "exit 1 when " + what + " is below this; 0: no minimum",
              .default_value = "0"};
}

}  // namespace

Command ScoreCommand() {
  return {
      .spec = {.name = "score",
               .summary = "Net alerts (alerts minus retractions) by detector, with precision "
                          "and recall against the generator's labels. Exits 1 below the "
                          "minimums, or when a sender-level alert matches a hard-negative label.",
               .flags = {{.name = "alerts",
                          .value_name = "FILE",
                          .help = "the alerts, JSON lines (replay's --alerts-out, or dump)",
                          .required = true},
                         {.name = "labels",
                          .value_name = "FILE",
                          .help = "the labels gen wrote",
                          .required = true},
                         {.name = "dlq",
                          .value_name = "FILE",
                          .help = "dead letters to compare with the labels' malformed records"},
                         Minimum("min-recall-pct", "any detector's recall"),
                         Minimum("min-precision-pct", "any detector's precision"),
                         Minimum("min-sender-recall-pct", "any sender-level detector's recall"),
                         Minimum("min-sender-precision-pct",
                                 "any sender-level detector's precision"),
                         {.name = "net-out",
                          .value_name = "FILE",
                          .help = "write the net alert ids there, one per line"}}},
      .check_usage =
          [](const Flags& flags) {
            for (const char* name : {"min-recall-pct", "min-precision-pct", "min-sender-recall-pct",
                                     "min-sender-precision-pct"}) {
              const int64_t v = flags.Int(name);
              if (v < 0 || v > 100) {
                return InvalidArgument("--" + std::string(name) + " must be 0 to 100, not " +
                                       std::to_string(v));
              }
            }
            return Status::Ok();
          },
      .run = ExitZero(Score)};
}

}  // namespace consentry
