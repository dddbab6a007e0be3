#include "detectors/consent_withdrawn/consent_withdrawn.h"

#include <chrono>
#include <string>

#include "core/json_writer.h"
#include "detectors/consent_reason.h"
#include "detectors/consent_standing.h"
#include "detectors/serialize.h"
#include "detectors/withdrawal_timing.h"

namespace consentry {
namespace {

int64_t Seconds(Duration d) {
  return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

// "consent_event", "stop_reply", "unsubscribe_click" (or another feedback kind).
std::string_view Via(const ConsentEvent& d) {
  if (!IsFeedbackWithdrawal(d)) return "consent_event";
  return std::string_view(d.source).substr(std::string_view("feedback:").size());
}

std::string WhatThePersonDid(const OutboundEvent& m, const WithdrawalTiming& t) {
  const ConsentEvent& d = *t.withdrawal;
  const std::string at = FormatRfc3339(d.recorded_at);
  const std::string_view via = Via(d);
  std::string r;
  if (via == "stop_reply") {
    r = "the person replied STOP on " + at;
  } else if (via == "unsubscribe_click") {
    r = "the person clicked unsubscribe on " + at;
  } else if (via != "consent_event") {
    r = "the person opted out (" + Printable(via) + ") on " + at;
  } else if (d.action == ConsentAction::kObject) {
    r = "the person objected to " + Printable(m.purpose) + " on " + at;
  } else {
    r = "the person withdrew consent for " + Printable(m.purpose) + " on " + at;
  }
  if (t.via_revoke_all) r += ", which under revoke-all covers all of the tenant's calls and texts";
  return r;
}

std::string WindowPhrase(const WithdrawalTiming& t) {
  if (t.window.immediate()) return "at once";
  std::string r = "within ";
  if (t.window.business_days > 0) {
    r += std::to_string(t.window.business_days) + " business day" +
         (t.window.business_days == 1 ? "" : "s");
  } else {
    r += HumanDuration(t.window.calendar_time);
  }
  return r + " (by " + FormatRfc3339(t.deadline) + ")";
}

std::string Reason(const OutboundEvent& m, const WithdrawalTiming& t, const Policy& policy,
                   const Policy::CitedClause& clause) {
  const bool objected = t.withdrawal->action == ConsentAction::kObject;
  return "Sent " + HumanDuration(t.delay) + " after " + WhatThePersonDid(m, t) + "; the " +
         Printable(policy.name) + " policy requires honouring " +
         (objected ? "an objection " : "a withdrawal ") + WindowPhrase(t) + " (" +
         clause.clause.source + ").";
}

void WriteWindow(JsonWriter& w, const WithdrawalTiming& t, const Policy& policy,
                 const PolicySet& policies) {
  w.Key("window").BeginObject();
  const bool business = t.window.business_days > 0;
  w.Field("kind", business ? "business_days" : t.window.immediate() ? "immediate"
                                                                     : "calendar_time");
  w.Key("business_days");
  business ? w.Int(t.window.business_days) : w.Null();
  w.Key("calendar_seconds");
  business ? w.Null() : w.Int(Seconds(t.window.calendar_time));
  const HolidayCalendar* calendar = business ? policies.Calendar(policy.calendar) : nullptr;
  w.Key("calendar");
  calendar != nullptr ? w.String(calendar->name()) : w.Null();
  w.Key("calendar_source");
  calendar != nullptr ? w.String(calendar->source()) : w.Null();
  w.Key("time_zone");
  business ? w.String(policy.time_zone) : w.Null();
  w.EndObject();
}

}  // namespace

void ConsentWithdrawnDetector::Judge(const Evaluation& evaluation,
                                     std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const ConsentJudgement& j = Consent(evaluation);
  const std::optional<WithdrawalTiming> timing = TimingOf(message, j, policies_);
  if (!timing || timing->inside_window) return;
  const Policy& policy = *j.policy;
  const Policy::CitedClause& clause =
      timing->via_revoke_all ? policy.revoke_all.clause : policy.WithdrawalClause(message.channel);

  JsonWriter w;
  BeginConsentEvidence(w, policy, clause, message, j.chain);
  w.Key("withdrawal");
  WriteConsentDecision(w, *timing->withdrawal);
  w.Field("withdrawn_via", Via(*timing->withdrawal));
  w.Field("revoke_all", timing->via_revoke_all);
  WriteWindow(w, *timing, policy, policies_);
  w.Field("window_seconds", Seconds(timing->deadline - timing->withdrawal->recorded_at));
  w.Field("deadline", FormatRfc3339(timing->deadline));
  w.Field("deadline_fallback", timing->deadline_fallback);
  w.Field("delay_seconds", Seconds(timing->delay));
  w.Field("delay_micros", static_cast<int64_t>(timing->delay.count()));
  w.Key("later_grant_not_counted");
  if (j.ignored_grant == nullptr) {
    w.Null();
  } else {
    WriteConsentDecision(w, *j.ignored_grant);
  }
  w.Field("decisions_considered", j.decisions_considered);
  w.EndObject();

  Report(findings, Reason(message, *timing, policy, clause), w.Take());
}

}  // namespace consentry
