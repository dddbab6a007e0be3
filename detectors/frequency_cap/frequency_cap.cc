#include "detectors/frequency_cap/frequency_cap.h"

#include <chrono>
#include <string>

#include "core/json_writer.h"
#include "detectors/rule_evidence.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

struct Exceeded {
  const FrequencyCap* cap;
  int64_t observed;
};

std::string Ordinal(int64_t n) {
  const int64_t tens = n % 100;
  const char* suffix = "th";
  if (tens < 11 || tens > 13) {
    switch (n % 10) {
      case 1: suffix = "st"; break;
      case 2: suffix = "nd"; break;
      case 3: suffix = "rd"; break;
      default: break;
    }
  }
  return std::to_string(n) + suffix;
}

std::string ChannelsText(const FrequencyCap& cap) {
  if (cap.channels.empty()) return "any channel";
  std::vector<std::string> names;
  for (Channel c : cap.channels) names.emplace_back(Name(c));
  std::string out = names.size() == 1 ? "" : "any of ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

void WriteCapChannels(JsonWriter& w, const FrequencyCap& cap) {
  w.BeginArray();
  if (cap.channels.empty()) {
    w.String("*");
  } else {
    for (Channel c : cap.channels) w.String(Name(c));
  }
  w.EndArray();
}

void WriteCap(JsonWriter& w, const FrequencyCap& cap) {
  w.BeginObject();
  w.Field("name", cap.name);
  w.Key("jurisdiction");
  if (cap.jurisdiction.empty()) {
    w.Null();
  } else {
    w.String(cap.jurisdiction);
  }
  w.Key("tenant");
  if (cap.tenant.empty()) {
    w.Null();
  } else {
    w.String(cap.tenant.value());
  }
  w.Field("max", cap.max);
  w.Field("window", FrequencyCap::WindowText(cap.window));
  w.Field("window_seconds", static_cast<int64_t>(
                               std::chrono::duration_cast<std::chrono::seconds>(cap.window).count()));
  w.Key("channels");
  WriteCapChannels(w, cap);
  w.Key("purposes");
  WriteStringArray(w, cap.purposes);
  w.Field("per_purpose", cap.per_purpose);
  WriteOptionalTimestamp(w, "in_force_from", cap.in_force_from);
  w.EndObject();
}

std::string Reason(const OutboundEvent& m, const Exceeded& first, size_t others) {
  const FrequencyCap& cap = *first.cap;
  std::string r = "Sent the " + Ordinal(first.observed) + " message in " +
                  FrequencyCap::WindowText(cap.window) + " from tenant " +
                  Printable(m.tenant.value()) + " to this person on " + ChannelsText(cap);
  if (cap.per_purpose) {
    r += " about " + Printable(std::string(FrequencyCap::SubjectMatter(m.purpose)));
  }
  r += " (this " + std::string(Name(m.channel)) + " message at " + FormatRfc3339(m.sent_at) +
       "), where cap \"" + Printable(cap.name) + "\" allows " + std::to_string(cap.max);
  if (others > 0) {
    r += " (" + std::to_string(others) + (others == 1 ? " other cap" : " other caps") +
         " exceeded too)";
  }
  return r + QuoteClause(cap.clause);
}

}  // namespace

StatusOr<std::unique_ptr<Detector>> FrequencyCapDetector::Create(const DetectorParams& params,
                                                                 const DetectorEnv& env) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(kName, params, {"severity"}));
  CONSENTRY_ASSIGN_OR_RETURN(const Severity severity,
                             SeverityParam(kName, params, Severity::kMedium));
  return std::unique_ptr<Detector>(new FrequencyCapDetector(env.policies, severity));
}

int64_t FrequencyCapDetector::Observed(const FrequencyCap& cap, const OutboundEvent& message,
                                       const FrequencyWindow& window) {
  const Timestamp end = std::chrono::floor<std::chrono::seconds>(message.sent_at);
  const std::string_view subject_matter = FrequencyCap::SubjectMatter(message.purpose);
  const std::string& tenant = message.tenant.value();
  return window.Count(
      [&](const FrequencyBucket& b) {
        return b.tenant == tenant && cap.Covers(b.channel) && cap.CoversPurpose(b.purpose) &&
               (!cap.per_purpose || FrequencyCap::SubjectMatter(b.purpose) == subject_matter);
      },
      end - cap.window, end);
}

void FrequencyCapDetector::Judge(const Evaluation& evaluation,
                                 std::vector<Finding>& findings) const {
  const OutboundEvent& message = evaluation.message;
  const std::vector<const FrequencyCap*> caps =
      policies_.FrequencyCapsFor(message.jurisdiction, message.tenant);
  if (caps.empty()) return;
  std::vector<Exceeded> exceeded;
  for (const FrequencyCap* cap : caps) {
    if (!cap->InForce(message.sent_at) || !cap->Covers(message.channel) ||
        !cap->CoversPurpose(message.purpose)) {
      continue;
    }
    const int64_t observed =
        Observed(*cap, message, evaluation.state.Frequency(message.subject));
    if (observed > cap->max) exceeded.push_back({cap, observed});
  }
  if (exceeded.empty()) return;

  const Exceeded& first = exceeded.front();
  const FrequencyCap& cap = *first.cap;
  const Timestamp end = std::chrono::floor<std::chrono::seconds>(message.sent_at);
  JsonWriter w;
  BeginRuleEvidence(w, policies_.For(message.jurisdiction), cap.clause, message,
                    policies_.Chain(message.jurisdiction));
  w.Key("cap");
  WriteCap(w, cap);
  w.Field("observed", first.observed);
  w.Field("window_start", FormatRfc3339(end - cap.window));  // exclusive
  w.Field("window_end", FormatRfc3339(end));                 // inclusive
  w.Key("scope").BeginObject();
  w.Field("tenant", message.tenant.value());
  w.Key("channels");
  WriteCapChannels(w, cap);
  w.Key("subject_matter");
  if (cap.per_purpose) {
    w.String(FrequencyCap::SubjectMatter(message.purpose));
  } else {
    w.Null();
  }
  w.EndObject();
  w.Key("also_exceeded").BeginArray();
  for (size_t i = 1; i < exceeded.size(); ++i) {
    w.BeginObject();
    w.Field("name", exceeded[i].cap->name);
    w.Field("max", exceeded[i].cap->max);
    w.Field("window", FrequencyCap::WindowText(exceeded[i].cap->window));
    w.Field("observed", exceeded[i].observed);
    w.Field("clause_kind", Policy::KindName(exceeded[i].cap->clause.kind));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  findings.push_back(Finding{
      .detector = std::string(kName),
      .rule_version = std::string(kRuleVersion),
      .severity = severity_,
      .reason = Reason(message, first, exceeded.size() - 1),
      .evidence_json = w.Take(),
  });
}

}  // namespace consentry
