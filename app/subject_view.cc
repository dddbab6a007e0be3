#include "app/subject_view.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "alerts/quoted_decisions.h"
#include "core/json_writer.h"
#include "core/time.h"

namespace consentry {
namespace {

struct Quoted {
  Timestamp at;  // recorded_at parsed, for the order (offsets differ between sources)
  QuotedDecision decision;
  std::vector<std::string> quoted_by;
};

void WriteAlert(JsonWriter& w, const SubjectAlert& a, const std::vector<std::string>& decisions) {
  const Alert& alert = a.alert;
  w.BeginObject()
      .Field("alert_id", alert.alert_id.value())
      .Field("detector", alert.detector)
      .Field("severity", alert.severity)
      .Field("event_id", alert.event_id.value())
      .Field("event_time", FormatRfc3339(alert.event_time))
      .Field("tenant", alert.tenant.value())
      .Field("channel", alert.channel)
      .Field("purpose", alert.purpose)
      .Field("campaign_id", alert.campaign_id.value())
      .Field("jurisdiction", alert.jurisdiction)
      .Field("reason", alert.reason)
      .Field("incident_id", a.incident_id)
      .Field("retracted", a.retracted);
  w.Key("decisions").BeginArray();
  for (const std::string& id : decisions) w.String(id);
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string SubjectViewJson(const SubjectId& subject, const TenantId& tenant,
                            const SubjectAlerts& found) {
  // Each decision once, by (event id, recorded_at), with the alerts quoting it.
  std::map<std::pair<std::string, std::string>, Quoted> decisions;
  std::vector<std::vector<std::string>> per_alert(found.alerts.size());
  for (size_t i = 0; i < found.alerts.size(); ++i) {
    const SubjectAlert& a = found.alerts[i];
    auto quoted = QuotedDecisions(a.alert.evidence_json);
    if (!quoted.ok()) continue;  // DecodeAlert checked it is an object; nothing to quote
    for (QuotedDecision& d : *quoted) {
      per_alert[i].push_back(d.event_id);
      auto [it, fresh] = decisions.try_emplace({d.event_id, d.recorded_at});
      if (fresh) {
        const auto at = ParseRfc3339(d.recorded_at);
        it->second.at = at.ok() ? *at : Timestamp{};
        it->second.decision = std::move(d);
      }
      it->second.quoted_by.push_back(a.alert.alert_id.value());
    }
  }
  std::vector<const Quoted*> ordered;
  for (const auto& [key, q] : decisions) ordered.push_back(&q);
  std::sort(ordered.begin(), ordered.end(), [](const Quoted* a, const Quoted* b) {
    return std::tie(a->at, a->decision.event_id) < std::tie(b->at, b->decision.event_id);
  });

  JsonWriter w;
  w.BeginObject()
      .Field("subject", subject.value())
      .Field("tenant", tenant.value())
      .Field("alerts_total", static_cast<int64_t>(found.total))
      .Field("alerts_shown", static_cast<int64_t>(found.alerts.size()));
  w.Key("decisions").BeginArray();
  for (const Quoted* q : ordered) {
    w.BeginObject().Key("decision").Raw(q->decision.json);
    w.Key("quoted_by").BeginArray();
    for (const std::string& id : q->quoted_by) w.String(id);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("alerts").BeginArray();
  for (size_t i = 0; i < found.alerts.size(); ++i) WriteAlert(w, found.alerts[i], per_alert[i]);
  w.EndArray();
  w.Field("note",
          "only the decisions these alerts quote; the whole timeline is `consentry explain` on "
          "the run instance that owns the subject");
  w.EndObject();
  return w.Take();
}

}  // namespace consentry
