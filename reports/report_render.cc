#include "reports/report_render.h"

#include <algorithm>
#include <cstdio>

#include "core/json_writer.h"

namespace consentry {
namespace {

std::string Text(const Figure& f) { return f.hidden ? "suppressed" : std::to_string(f.value); }

// Violations per 10,000 messages, two decimals; empty when either figure is hidden or none sent.
std::string Rate(const Figure& violations, const Figure& screened) {
  if (violations.hidden || screened.hidden || screened.value == 0) return "";
  char out[32];
  std::snprintf(out, sizeof out, "%.2f",
                10000.0 * static_cast<double>(violations.value) /
                    static_cast<double>(screened.value));
  return out;
}

// A percentage; "suppressed" when a figure is hidden, "n/a" when there is nothing to share.
std::string Share(const Figure& part, const Figure& whole) {
  if (part.hidden || whole.hidden) return "suppressed";
  if (whole.value == 0) return "n/a";
  char out[32];
  std::snprintf(out, sizeof out, "%.1f %%",
                100.0 * static_cast<double>(part.value) / static_cast<double>(whole.value));
  return out;
}

void JsonFigure(JsonWriter& w, std::string_view key, const Figure& f) {
  w.Key(key);
  if (f.hidden) {
    w.Null();
  } else {
    w.Int(f.value);
  }
}

// A CSV field. Names come from input (purposes, tenants, jurisdictions): one a spreadsheet would
// read as a formula (=, +, -, @ first) gets a leading apostrophe.
std::string Csv(std::string_view field) {
  std::string text(field);
  if (!text.empty() && std::string_view("=+-@").find(text[0]) != std::string_view::npos) {
    text.insert(0, "'");
  }
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A horizontal bar chart as inline SVG; hidden figures get no bar, only the word.
std::string BarChart(const std::string& title,
                     const std::vector<std::pair<std::string, Figure>>& bars) {
  int64_t top = 1;
  for (const auto& [label, f] : bars) {
    if (!f.hidden) top = std::max(top, f.value);
  }
  const int row = 22, label_w = 220, bar_w = 360;
  const int height = row * static_cast<int>(bars.size()) + 30;
  std::string svg = "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(label_w + bar_w + 110) + "\" height=\"" +
                    std::to_string(height) + "\" aria-label=\"" + Html(title) + "\">";
  svg += "<title>" + Html(title) + "</title>";
  int y = 20;
  for (const auto& [label, f] : bars) {
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 14) + "\" font-size=\"12\">" + Html(label) +
           "</text>";
    if (!f.hidden) {
      const auto w = static_cast<int>(static_cast<double>(bar_w) * static_cast<double>(f.value) /
                                      static_cast<double>(top));
      svg += "<rect class=\"bar\" x=\"" + std::to_string(label_w) + "\" y=\"" +
             std::to_string(y + 3) + "\" width=\"" + std::to_string(std::max(w, 1)) +
             "\" height=\"14\" fill=\"#3b6ea5\"/>";
    }
    svg += "<text x=\"" + std::to_string(label_w + bar_w + 8) + "\" y=\"" +
           std::to_string(y + 14) + "\" font-size=\"12\">" + Text(f) + "</text>";
    y += row;
  }
  return svg + "</svg>";
}

}  // namespace

std::string PlainSummary(const ReportData& d) {
  const ReportQuery& q = d.query;
  std::string s = "From " + FormatDay(q.from_day) + " to " + FormatDay(q.to_day) + ", consentry screened " +
                  Text(d.screened) + " messages" +
                  (q.tenant.empty() ? std::string(" of every tenant") : " of tenant " + q.tenant) +
                  " and found " + Text(d.violations) + " violations";
  const std::string rate = Rate(d.violations, d.screened);
  if (!rate.empty()) s += " (" + rate + " per 10,000 messages)";
  s += ". ";
  if (!d.violations_by_detector.empty()) {
    const auto most = std::max_element(
        d.violations_by_detector.begin(), d.violations_by_detector.end(),
        [](const auto& a, const auto& b) {
          return (a.second.hidden ? -1 : a.second.value) < (b.second.hidden ? -1 : b.second.value);
        });
    if (!most->second.hidden) {
      s += "The most frequent was " + most->first + " (" + Text(most->second) + "). ";
    }
  }
  const std::string inside = Share(d.honoured_inside, d.after_withdrawal);
  if (inside.ends_with("%")) {
    s += "Of the messages sent after a person withdrew consent, " + inside +
         " went out inside the legal honouring window" +
         (d.median_delay ? " (median delay " + *d.median_delay + ")" : std::string()) + ". ";
  }
  const std::string disclosed = Share(d.ai_disclosed, d.ai_generated);
  if (disclosed.ends_with("%")) s += disclosed + " of AI-generated messages disclosed it. ";
  s += "Counts under " + std::to_string(q.min_cell) + " are suppressed (" +
       std::to_string(d.suppressed) + " figures), with any figure that would reveal one.";
  return s;
}

void JsonOptional(JsonWriter& w, std::string_view key, const std::optional<std::string>& v) {
  w.Key(key);
  if (v) {
    w.String(*v);
  } else {
    w.Null();
  }
}

void JsonIncidents(JsonWriter& w, const IncidentHandling* h) {
  w.Key("incident_handling");
  if (h == nullptr) {
    w.Null();
    return;
  }
  w.BeginObject();
  JsonFigure(w, "incidents", h->incidents);
  JsonFigure(w, "acknowledged", h->acknowledged);
  JsonFigure(w, "closed", h->closed);
  JsonFigure(w, "false_positives", h->false_positives);
  JsonOptional(w, "median_to_acknowledge", h->median_to_acknowledge);
  JsonOptional(w, "p95_to_acknowledge", h->p95_to_acknowledge);
  JsonOptional(w, "median_to_close", h->median_to_close);
  JsonOptional(w, "p95_to_close", h->p95_to_close);
  w.Key("top").BeginArray();
  for (const TopIncident& t : h->top) {
    w.BeginObject()
        .Field("detector", t.detector)
        .Field("tenant", t.tenant)
        .Field("scope", t.scope)
        .Field("channels", t.channels)
        .Field("jurisdictions", t.jurisdictions)
        .Field("first_day", t.first_day)
        .Field("last_day", t.last_day)
        .Field("state", t.state);
    JsonFigure(w, "alerts", t.alerts);
    JsonFigure(w, "affected_subjects", t.affected_subjects);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string IncidentsHtml(const IncidentHandling* h) {
  std::string out = "<section id=\"incidents\"><h2>Incident handling</h2>";
  if (h == nullptr) {
    return out + "<p>Not included: the report was made without serve's incidents "
                 "(<code>--incidents</code>).</p></section>\n";
  }
  out += "<table><tr><th>incidents</th><th>acknowledged</th><th>closed</th>"
         "<th>false positives</th><th>share of closed</th></tr><tr><td class=\"n\">" +
         Text(h->incidents) + "</td><td class=\"n\">" + Text(h->acknowledged) +
         "</td><td class=\"n\">" + Text(h->closed) + "</td><td class=\"n\">" +
         Text(h->false_positives) + "</td><td class=\"n\">" +
         Html(Share(h->false_positives, h->closed)) + "</td></tr></table>";
  out += "<p>Time from an incident's first alert reaching the trust team to its first "
         "acknowledgement: median " + Html(h->median_to_acknowledge.value_or("n/a")) + ", p95 " +
         Html(h->p95_to_acknowledge.value_or("n/a")) + "; to closing it: median " +
         Html(h->median_to_close.value_or("n/a")) + ", p95 " +
         Html(h->p95_to_close.value_or("n/a")) + ".</p>";
  out += "<h3>The largest incidents</h3><table><tr><th>rule</th><th>tenant</th><th>campaign or "
         "sender</th><th>channels</th><th>jurisdictions</th><th>period</th><th>alerts</th>"
         "<th>people affected</th><th>state</th></tr>";
  for (const TopIncident& t : h->top) {
    out += "<tr><td>" + Html(t.detector) + "</td><td>" + Html(t.tenant) + "</td><td>" +
           Html(t.scope) + "</td><td>" + Html(t.channels) + "</td><td>" + Html(t.jurisdictions) +
           "</td><td>" + Html(t.first_day) + " to " + Html(t.last_day) + "</td><td class=\"n\">" +
           Text(t.alerts) + "</td><td class=\"n\">" + Text(t.affected_subjects) + "</td><td>" +
           Html(t.state) + "</td></tr>";
  }
  return out + "</table></section>\n";
}

std::string RenderJson(const ReportData& d, const ReportContext& c,
                       const IncidentHandling* incidents) {
  JsonWriter w;
  w.BeginObject();
  w.Field("schema", "consentry.report.v1");
  w.Field("from", FormatDay(d.query.from_day));
  w.Field("to", FormatDay(d.query.to_day));
  w.Key("tenant");
  if (d.query.tenant.empty()) {
    w.Null();
  } else {
    w.String(d.query.tenant);
  }
  w.Field("min_cell", d.query.min_cell);
  w.Field("generated_at", c.generated_at);
  w.Field("config_sha256", c.config_sha256);
  w.Field("summary", PlainSummary(d));
  JsonFigure(w, "screened", d.screened);
  JsonFigure(w, "violations", d.violations);
  w.Key("violations_by_detector").BeginObject();
  for (const auto& [detector, f] : d.violations_by_detector) JsonFigure(w, detector, f);
  w.EndObject();
  w.Key("groups").BeginArray();
  for (const ReportGroup& g : d.groups) {
    w.BeginObject();
    w.Field("channel", g.channel).Field("purpose", g.purpose).Field("jurisdiction", g.jurisdiction);
    JsonFigure(w, "screened", g.screened);
    w.Key("violations").BeginObject();
    for (const auto& [detector, f] : g.violations) JsonFigure(w, detector, f);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("withdrawals").BeginObject();
  JsonFigure(w, "messages_after_withdrawal", d.after_withdrawal);
  JsonFigure(w, "inside_window", d.honoured_inside);
  JsonFigure(w, "outside_window", d.honoured_outside());
  w.Key("median_delay");
  d.median_delay ? w.String(*d.median_delay) : w.Null();
  w.Key("p95_delay");
  d.p95_delay ? w.String(*d.p95_delay) : w.Null();
  w.EndObject();
  w.Key("ai").BeginObject();
  JsonFigure(w, "generated", d.ai_generated);
  JsonFigure(w, "disclosed", d.ai_disclosed);
  JsonFigure(w, "undisclosed", d.ai_undisclosed);
  w.EndObject();
  w.Key("rules").BeginArray();
  for (const RuleInForce& r : c.rules) {
    w.BeginObject().Field("detector", r.detector).Field("rule_version", r.rule_version).EndObject();
  }
  w.EndArray();
  w.Key("policies").BeginArray();
  for (const PolicyInForce& p : c.policies) {
    w.BeginObject()
        .Field("name", p.name)
        .Field("withdrawal_window", p.withdrawal_window)
        .Field("source", p.source)
        .EndObject();
  }
  w.EndArray();
  JsonIncidents(w, incidents);
  w.Field("figures_suppressed", d.suppressed + (incidents ? incidents->suppressed : 0));
  w.EndObject();
  return w.Take() + "\n";
}

std::string RenderViolationsCsv(const ReportData& d) {
  std::string out = "detector,channel,purpose,jurisdiction,violations,screened,rate_per_10000\n";
  for (const ReportGroup& g : d.groups) {
    for (const auto& [detector, f] : g.violations) {
      out += Csv(detector) + "," + Csv(g.channel) + "," + Csv(g.purpose) + "," +
             Csv(g.jurisdiction) + "," + Text(f) + "," + Text(g.screened) + "," +
             Rate(f, g.screened) + "\n";
    }
  }
  return out;
}

std::string RenderSummaryCsv(const ReportData& d, const IncidentHandling* incidents) {
  std::string out = "figure,value\n";
  out += "screened," + Text(d.screened) + "\n";
  out += "violations," + Text(d.violations) + "\n";
  for (const auto& [detector, f] : d.violations_by_detector) {
    out += Csv("violations." + detector) + "," + Text(f) + "\n";
  }
  out += "withdrawals.after," + Text(d.after_withdrawal) + "\n";
  out += "withdrawals.inside_window," + Text(d.honoured_inside) + "\n";
  out += "withdrawals.outside_window," + Text(d.honoured_outside()) + "\n";
  out += "withdrawals.median_delay," + Csv(d.median_delay.value_or("")) + "\n";
  out += "withdrawals.p95_delay," + Csv(d.p95_delay.value_or("")) + "\n";
  out += "ai.generated," + Text(d.ai_generated) + "\n";
  out += "ai.disclosed," + Text(d.ai_disclosed) + "\n";
  out += "ai.undisclosed," + Text(d.ai_undisclosed) + "\n";
  if (incidents != nullptr) {
    out += "incidents," + Text(incidents->incidents) + "\n";
    out += "incidents.acknowledged," + Text(incidents->acknowledged) + "\n";
    out += "incidents.closed," + Text(incidents->closed) + "\n";
    out += "incidents.false_positives," + Text(incidents->false_positives) + "\n";
    out += "incidents.median_to_acknowledge," + incidents->median_to_acknowledge.value_or("") + "\n";
    out += "incidents.median_to_close," + incidents->median_to_close.value_or("") + "\n";
  }
  return out;
}

std::string RenderHtml(const ReportData& d, const ReportContext& c,
                       const IncidentHandling* incidents) {
  const std::string period = FormatDay(d.query.from_day) + " to " + FormatDay(d.query.to_day);
  std::string h =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">"
      "<title>consentry report " + Html(period) + "</title><style>"
      "body{font-family:sans-serif;margin:2em;max-width:60em}"
      "section{page-break-before:always;break-before:page}section:first-of-type{break-before:auto}"
      "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px}"
      "td.n{text-align:right}</style></head><body>\n";
  h += "<section id=\"summary\"><h1>Consent and messaging report, " + Html(period) + "</h1>";
  h += "<p>" + Html(PlainSummary(d)) + "</p>";
  h += "<p>Tenant: " + Html(d.query.tenant.empty() ? "all" : d.query.tenant) +
       ". Generated " + Html(c.generated_at) + " from " + std::to_string(d.cells) +
       " aggregate cells; configuration SHA-256 " + Html(c.config_sha256) + ".</p>";
  h += "</section>\n";

  std::vector<std::pair<std::string, Figure>> bars(d.violations_by_detector.begin(),
                                                   d.violations_by_detector.end());
  h += "<section id=\"violations\"><h2>Violations by rule</h2>" +
       BarChart("Violations by rule", bars);
  h += "<table><tr><th>rule</th><th>violations</th><th>per 10,000 messages</th></tr>";
  for (const auto& [detector, f] : d.violations_by_detector) {
    h += "<tr><td>" + Html(detector) + "</td><td class=\"n\">" + Text(f) + "</td><td class=\"n\">" +
         Rate(f, d.screened) + "</td></tr>";
  }
  h += "</table><p>By channel, purpose and jurisdiction: violations.csv.</p></section>\n";

  h += "<section id=\"withdrawals\"><h2>Withdrawals honoured</h2>" +
       BarChart("Messages sent after a withdrawal",
                {{"inside the honouring window", d.honoured_inside},
                 {"outside it (consent.withdrawn)", d.honoured_outside()}});
  h += "<p>Share inside the window: " + Html(Share(d.honoured_inside, d.after_withdrawal)) +
       ". Delay from the withdrawal, inside the window: median " +
       Html(d.median_delay.value_or("n/a")) + ", p95 " + Html(d.p95_delay.value_or("n/a")) +
       ".</p></section>\n";

  h += "<section id=\"ai\"><h2>AI-generated content</h2>" +
       BarChart("AI-generated messages", {{"disclosed", d.ai_disclosed},
                                          {"not disclosed", d.ai_undisclosed}}) +
       "<p>Share disclosed: " + Html(Share(d.ai_disclosed, d.ai_generated)) + ".</p></section>\n";

  h += IncidentsHtml(incidents);
  h += "<section id=\"rules\"><h2>Rules and policies in force</h2><table><tr><th>rule</th>"
       "<th>version</th></tr>";
  for (const RuleInForce& r : c.rules) {
    h += "<tr><td>" + Html(r.detector) + "</td><td>" + Html(r.rule_version) + "</td></tr>";
  }
  h += "</table><table><tr><th>policy</th><th>withdrawal honoured within</th><th>source</th></tr>";
  for (const PolicyInForce& p : c.policies) {
    h += "<tr><td>" + Html(p.name) + "</td><td>" + Html(p.withdrawal_window) + "</td><td>" +
         Html(p.source) + "</td></tr>";
  }
  h += "</table></section>\n</body></html>\n";
  return h;
}

}  // namespace consentry
