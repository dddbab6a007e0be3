#include "detectors/quiet_hours/quiet_hours.h"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "core/json_writer.h"
#include "core/time.h"
#include "detectors/calendar/zones.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"
#include "detectors/taxonomy.h"

namespace consentry {
namespace {

// Where the recipient's clock was taken from; the evidence field zone_source.
enum class ZoneSource {
  kRecipientTz,
  kSubdivision,
  kCountry,
  kCountryAllZones,
  kPolicyTimeZone,
  kDefaultPolicy,
};

std::string_view SourceName(ZoneSource s) {
  switch (s) {
    case ZoneSource::kRecipientTz: return "recipient_tz";
    case ZoneSource::kSubdivision: return "subdivision";
    case ZoneSource::kCountry: return "country";
    case ZoneSource::kCountryAllZones: return "country_all_zones_unknown";
    case ZoneSource::kPolicyTimeZone: return "policy_time_zone";
    case ZoneSource::kDefaultPolicy: return "default_policy";
  }
  return "default_policy";
}

std::string_view ChannelWords(Channel c) {
  switch (c) {
    case Channel::kEmail: return "email";
    case Channel::kSms: return "text";
    case Channel::kMms: return "MMS";
    case Channel::kPush: return "push notification";
    case Channel::kVoice: return "call";
    case Channel::kWhatsapp: return "WhatsApp message";
    case Channel::kLetter: return "letter";
    case Channel::kInApp: return "in-app message";
  }
  return "message";
}

// The zones the recipient's clock may be in, and why.
struct RecipientZones {
  ZoneSource source = ZoneSource::kDefaultPolicy;
  std::vector<std::string_view> zones;  // one, or every zone of the country
  std::string note;                     // why this source, when it is not plain; may be empty
};

// The resolution order of quiet_hours.h. `tz_known`: the tz database knows recipient_tz.
RecipientZones Resolve(const OutboundEvent& m, const Policy& policy, bool tz_known) {
  RecipientZones r;
  std::string unknown_tz;
  if (!m.recipient_tz.empty()) {
    if (tz_known) {
      r.source = ZoneSource::kRecipientTz;
      r.zones = {m.recipient_tz};
      return r;
    }
    unknown_tz = "recipient_tz \"" + Printable(m.recipient_tz) + "\" is not in the tz database";
  }
  const std::string_view j = m.jurisdiction;
  const std::string_view principal = PrincipalZone(j);
  if (!principal.empty()) {
    r.source = ZoneSource::kSubdivision;
    r.zones = {principal};
    r.note = unknown_tz;
    return r;
  }
  if (j.size() >= 2) {
    const auto zones = CountryZones(j.substr(0, 2));
    if (zones.ok() && !(*zones)->empty()) {
      r.source = (*zones)->size() == 1 ? ZoneSource::kCountry : ZoneSource::kCountryAllZones;
      for (const std::string& z : **zones) r.zones.push_back(z);
      r.note = unknown_tz;
      if (r.source == ZoneSource::kCountryAllZones) {
        r.note = (unknown_tz.empty() ? "no recipient_tz" : unknown_tz) +
                 " and no subdivision with a principal zone: the recipient's zone is unknown, so "
                 "every zone of " + Printable(j.substr(0, 2)) + " was checked";
      }
      return r;
    }
  }
  r.source = policy.name == PolicySet::kDefault ? ZoneSource::kDefaultPolicy
                                                : ZoneSource::kPolicyTimeZone;
  r.zones = {policy.time_zone};
  std::string why =
      j.empty() ? "no jurisdiction" : "no zone known for jurisdiction " + Printable(j);
  why += unknown_tz.empty() ? " and no recipient_tz" : " and " + unknown_tz;
  r.note = (r.source == ZoneSource::kDefaultPolicy ? "judged by the default policy: "
                                                   : "judged in the policy's time_zone: ") +
           why;
  return r;
}

std::string HourMinute(int minute_of_day) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  return buf;
}

bool Inside(const Policy::QuietHours& q, Duration time_of_day) {
  return time_of_day >= std::chrono::minutes(q.from_minute) &&
         time_of_day < std::chrono::minutes(q.to_minute);
}

std::string DayString(CivilDay day) {
  const std::chrono::year_month_day ymd(day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

void WriteLocal(JsonWriter& w, const LocalTime& t) {
  w.Field("local_time", FormatTimeOfDay(t.time_of_day));
  w.Field("local_date", DayString(t.day));
  w.Field("utc_offset", FormatUtcOffset(t.utc_offset));
  w.Field("zone_abbreviation", t.abbreviation);
}

std::string Window(const Policy::QuietHours& q) {
  return HourMinute(q.from_minute) + "\u2013" + HourMinute(q.to_minute);
}

std::string ReasonHead(const OutboundEvent& m) {
  return "This marketing " + std::string(ChannelWords(m.channel)) + " from tenant " +
         Printable(m.tenant.value()) + " was sent at ";
}

// Why this zone, in the reason's parenthesis ("" for recipient_tz).
std::string ZoneWhy(const RecipientZones& r, const OutboundEvent& m) {
  switch (r.source) {
    case ZoneSource::kRecipientTz: return "";
    case ZoneSource::kSubdivision: return "; the principal zone of " + Printable(m.jurisdiction);
    case ZoneSource::kCountry: return "; the zone of " + Printable(m.jurisdiction.substr(0, 2));
    case ZoneSource::kCountryAllZones: return "";
    case ZoneSource::kPolicyTimeZone:
    case ZoneSource::kDefaultPolicy: return "; " + r.note;
  }
  return "";
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> QuietHoursDetector::Create(const DetectorParams& params,
                                                               const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kMedium));
  const Status zones = CheckZoneTab();
  if (!zones.ok()) {
    return FailedPrecondition(std::string(kName) + " needs the tz database: " + zones.message());
  }
  return std::unique_ptr<Detector>(new QuietHoursDetector(env.taxonomy, env.policies, severity));
}

void QuietHoursDetector::Judge(const Evaluation& evaluation,
                               std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  if (!Taxonomy::IsMarketing(message.purpose)) return;
  const Policy* policy =
      policies_.QuietHoursPolicy(message.jurisdiction, message.channel, message.sent_at);
  if (policy == nullptr) return;
  const Policy::QuietHours& q = *policy->QuietHoursFor(message.channel, message.sent_at);

  std::optional<LocalTime> recipient_local;
  if (!message.recipient_tz.empty()) {
    auto local = ToLocalTime(message.sent_at, message.recipient_tz);
    if (local.ok()) recipient_local = std::move(*local);
  }
  const RecipientZones zones = Resolve(message, *policy, recipient_local.has_value());

  // The local time in every candidate zone; one inside the window clears the message. A zone
  // the tz database does not know (zone.tab and the compiled zones disagree) is skipped.
  std::vector<std::pair<std::string_view, LocalTime>> locals;
  for (std::string_view zone : zones.zones) {
    std::optional<LocalTime> local = recipient_local;
    if (zones.source != ZoneSource::kRecipientTz) {
      auto found = ToLocalTime(message.sent_at, zone);
      if (!found.ok()) continue;
      local = std::move(*found);
    }
    if (Inside(q, local->time_of_day)) return;
    locals.emplace_back(zone, std::move(*local));
  }
  if (locals.empty()) return;  // no zone could be read: nothing to judge by

  const std::vector<std::string> chain = policies_.Chain(message.jurisdiction);
  JsonWriter w;
  BeginRuleEvidence(w, *policy, q.clause, message, chain);
  w.Field("sent_at", FormatRfc3339(message.sent_at));
  w.Key("window").BeginObject();
  w.Field("from", HourMinute(q.from_minute));
  w.Field("to", HourMinute(q.to_minute));
  WriteOptionalTimestamp(w, "in_force_from", q.in_force_from);
  w.EndObject();
  w.Field("zone_source", SourceName(zones.source));
  w.Field("consent", consentry::Name(evaluation.Consent(taxonomy_, policies_).standing));
  w.Key("recipient_tz");
  if (message.recipient_tz.empty()) {
    w.Null();
  } else {
    w.String(message.recipient_tz);
  }
  w.Key("zone_note");
  if (zones.note.empty()) {
    w.Null();
  } else {
    w.String(zones.note);
  }
  std::string reason = ReasonHead(message);
  if (zones.source == ZoneSource::kCountryAllZones) {
    w.Key("zone").Null();
    w.Key("local_time").Null();
    w.Key("zones_checked").BeginArray();
    for (const auto& [zone, local] : locals) {
      w.BeginObject();
      w.Field("zone", zone);
      WriteLocal(w, local);
      w.EndObject();
    }
    w.EndArray();
    reason += FormatRfc3339(message.sent_at) + ", outside the permitted " + Window(q) +
              " in every time zone of " + Printable(message.jurisdiction.substr(0, 2)) +
              " (the recipient's zone is unknown)";
  } else {
    const auto& [zone, local] = locals.front();
    w.Field("zone", zone);
    WriteLocal(w, local);
    reason += FormatTimeOfDay(local.time_of_day) + " local time on " + DayString(local.day) +
              " (" + std::string(zone) + ", " + local.abbreviation + ZoneWhy(zones, message) +
              "), outside the permitted " + Window(q);
  }
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = reason + QuoteClause(q.clause),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
