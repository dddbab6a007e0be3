#include "detectors/sender/complaint_rate/complaint_rate.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "core/json_writer.h"
#include "detectors/sender/sender_evidence.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

constexpr Duration kHour = std::chrono::hours(1);
constexpr std::string_view kRule =
    "keep spam rates reported in Postmaster Tools below 0.10% and avoid ever reaching 0.30% or "
    "higher";
constexpr std::string_view kSource =
    "Google, Email sender guidelines (https://support.google.com/a/answer/14229414); provider "
    "policy, not law; Yahoo publishes no fixed threshold";

// "0.35%": the rate in percent with two decimals.
std::string Percent(int64_t part, int64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

// "0.3%" for the ratio 0.003.
std::string RatioPercent(const Ratio& r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", 100.0 * r.value());
  return buf;
}

}  // namespace

StatusOr<std::unique_ptr<SenderDetector>> ComplaintRateDetector::Create(
    const DetectorParams& params) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(
      kName, params,
      {"alert_severity", "warn_severity", "window", "min_volume", "warn_rate", "alert_rate"}));
  Options o;
  for (auto [name, severity] : {std::pair{"alert_severity", &o.alert_severity},
                                std::pair{"warn_severity", &o.warn_severity}}) {
    DetectorParams one;
    if (const auto it = params.find(name); it != params.end()) one["severity"] = it->second;
    CONSENTRY_ASSIGN_OR_RETURN(*severity, SeverityParam(kName, one, *severity));
  }
  CONSENTRY_ASSIGN_OR_RETURN(const Duration window,
                             DurationParam(kName, params, "window", std::chrono::hours(24)));
  if (window % kHour != Duration(0) || window > std::chrono::hours(24 * 30)) {
    return InvalidArgument(
        "detector \"complaint.rate\": window must be whole hours, at most 30 days, e.g. \"24h\"");
  }
  o.window_hours = window / kHour;
  CONSENTRY_ASSIGN_OR_RETURN(o.min_volume,
                             CountParam(kName, params, "min_volume", o.min_volume, 1));
  CONSENTRY_ASSIGN_OR_RETURN(o.warn_rate, RatioParam(kName, params, "warn_rate", o.warn_rate));
  CONSENTRY_ASSIGN_OR_RETURN(o.alert_rate, RatioParam(kName, params, "alert_rate", o.alert_rate));
  if (o.alert_rate.ExceededBy(o.warn_rate.num, o.warn_rate.den)) {
    return InvalidArgument("detector \"complaint.rate\": alert_rate must be at least warn_rate");
  }
  return std::unique_ptr<SenderDetector>(new ComplaintRateDetector(o));
}

HourCounts& ComplaintRateDetector::Bucket(const Key& key, Timestamp at) {
  const int64_t hour = WindowIndex(at, kHour);
  auto [it, inserted] = entities_.try_emplace(key);
  ComplaintEntity& e = it->second;
  if (inserted || hour < e.next_hour) e.next_hour = hour;
  dirty_.insert(key);
  return e.hours[hour];
}

void ComplaintRateDetector::Add(int32_t partition, const SenderMessage& message) {
  if (message.sent_at < closed_until_) return;
  ++Bucket({partition, message.sender, message.tenant}, message.sent_at).sent;
}

void ComplaintRateDetector::Add(int32_t partition, const SenderFeedback& feedback) {
  if (feedback.at < closed_until_) return;
  if (feedback.kind != FeedbackKind::kComplaint && feedback.kind != FeedbackKind::kBounce) return;
  HourCounts& c = Bucket({partition, feedback.sender, feedback.tenant}, feedback.at);
  if (feedback.kind == FeedbackKind::kComplaint) {
    ++c.complaints;
  } else {
    ++c.bounces;
  }
}

bool ComplaintRateDetector::SoleTenant(const Key& key, int64_t h) const {
  const auto& [partition, sender, tenant] = key;
  int tenants = 0;
  for (auto it = entities_.lower_bound({partition, sender, TenantId()});
       it != entities_.end() && std::get<0>(it->first) == partition &&
       std::get<1>(it->first) == sender;
       ++it) {
    if (std::get<2>(it->first).empty()) continue;
    const auto& hours = it->second.hours;
    for (auto b = hours.lower_bound(h - options_.window_hours + 1);
         b != hours.end() && b->first <= h; ++b) {
      if (b->second.sent > 0) {
        ++tenants;
        break;
      }
    }
  }
  return tenants == 1;
}

void ComplaintRateDetector::Decide(const Key& key, ComplaintEntity& e, int64_t last,
                                   std::vector<SenderFinding>& findings) const {
  const auto& [partition, sender, tenant] = key;
  const auto unattributed = entities_.find({partition, sender, TenantId()});
  int64_t h = e.next_hour;
  while (h <= last) {
    const int64_t from = h - options_.window_hours + 1;
    auto b = e.hours.lower_bound(from);
    if (b == e.hours.end() || b->first > h) {
      // Nothing in this window: ok, and so until the next hour with inputs.
      e.level = ComplaintLevel::kOk;
      if (b == e.hours.end()) break;
      h = b->first;
      continue;
    }
    HourCounts own;
    for (; b != e.hours.end() && b->first <= h; ++b) {
      own.sent += b->second.sent;
      own.bounces += b->second.bounces;
      own.complaints += b->second.complaints;
    }
    HourCounts extra;
    if (unattributed != entities_.end() && SoleTenant(key, h)) {
      const auto& hours = unattributed->second.hours;
      for (auto u = hours.lower_bound(from); u != hours.end() && u->first <= h; ++u) {
        extra.bounces += u->second.bounces;
        extra.complaints += u->second.complaints;
      }
    }
    const int64_t complaints = own.complaints + extra.complaints;
    const int64_t delivered = own.sent - own.bounces - extra.bounces;
    ComplaintLevel level = ComplaintLevel::kOk;
    if (delivered >= options_.min_volume) {
      if (options_.alert_rate.ExceededBy(complaints, delivered)) {
        level = ComplaintLevel::kAlert;
      } else if (options_.warn_rate.ExceededBy(complaints, delivered)) {
        level = ComplaintLevel::kWarn;
      }
    }
    if (level > e.level) {
      const bool alert = level == ComplaintLevel::kAlert;
      const Ratio& crossed = alert ? options_.alert_rate : options_.warn_rate;
      const Timestamp end = WindowStart(h + 1, kHour);
      const Timestamp start = end - options_.window_hours * kHour;
      SenderFinding f;
      f.finding.detector = std::string(kName);
      f.finding.rule_version = std::string(kRuleVersion);
      f.finding.severity = alert ? options_.alert_severity : options_.warn_severity;
      f.tenant = tenant;
      f.sender = sender;
      f.entity = SenderEntity(sender);
      f.window_start = start;
      f.window_end = end;
      f.incident_key = IncidentKey(kName, tenant, f.entity, start);

      JsonWriter j;
      j.BeginObject();
      WriteWindow(j, start, end);
      j.Field("entity", f.entity);
      j.Field("level", consentry::Name(level));
      j.Key("observed").BeginObject();
      j.Field("sent", own.sent);
      j.Field("bounces", own.bounces + extra.bounces);
      j.Field("delivered", delivered);
      j.Field("complaints", complaints);
      WriteNumber(j, "rate", static_cast<double>(complaints) / static_cast<double>(delivered));
      j.Field("feedback_without_tenant_complaints", extra.complaints);
      j.Field("feedback_without_tenant_bounces", extra.bounces);
      j.EndObject();
      j.Key("baseline").BeginObject().Field("previous_level", consentry::Name(e.level)).EndObject();
      j.Key("threshold").Raw(crossed.ToString());
      j.Key("warn_rate").Raw(options_.warn_rate.ToString());
      j.Key("alert_rate").Raw(options_.alert_rate.ToString());
      j.Field("min_volume", options_.min_volume);
      WriteClause(j, kRule, kSource, Policy::ClauseKind::kProviderPolicy);
      j.EndObject();
      f.finding.evidence_json = j.Take();

      f.finding.reason =
          "Sender " + Printable(sender.value()) + " of tenant " + Printable(tenant.value()) +
          " drew " + Thousands(complaints) + " spam complaints on " + Thousands(delivered) +
          " delivered messages (" + Percent(complaints, delivered) + ") in the " +
          std::to_string(options_.window_hours) + " hours ending " + FormatRfc3339(end) +
          ", above the " + RatioPercent(crossed) +
          (alert ? " that Gmail's bulk-sender guidelines say never to reach."
                 : " that Gmail's bulk-sender guidelines ask senders to stay below.");
      findings.push_back(std::move(f));
    }
    e.level = level;
    ++h;
  }
  e.next_hour = std::max(e.next_hour, last + 1);
}

void ComplaintRateDetector::Close(Timestamp watermark, std::vector<SenderFinding>& findings) {
  closed_until_ = std::max(closed_until_, watermark);
  const int64_t last = LastClosedWindow(watermark, kHour);
  const size_t begin = findings.size();
  // Decide first, prune after: deciding one tenant reads the buckets of the sender's other
  // entries (SoleTenant, feedback without a tenant).
  for (auto& [key, e] : entities_) {
    if (std::get<2>(key).empty() || e.next_hour > last) continue;
    Decide(key, e, last, findings);
    dirty_.insert(key);
  }
  SortFindings(findings.begin() + static_cast<std::ptrdiff_t>(begin), findings.end());
  // No later decision reads an hour before this.
  const int64_t keep_from = last - options_.window_hours + 2;
  for (auto it = entities_.begin(); it != entities_.end();) {
    ComplaintEntity& e = it->second;
    const auto first_kept = e.hours.lower_bound(keep_from);
    if (first_kept != e.hours.begin()) {
      e.hours.erase(e.hours.begin(), first_kept);
      dirty_.insert(it->first);
    }
    if (e.hours.empty() && e.level == ComplaintLevel::kOk) {
      dirty_.insert(it->first);
      it = entities_.erase(it);
    } else {
      ++it;
    }
  }
}

void ComplaintRateDetector::TakeChanges(std::vector<SenderStateChange>& changes) {
  for (const Key& key : dirty_) {
    const auto& [partition, sender, tenant] = key;
    SenderStateChange c;
    c.partition = partition;
    c.key = EncodeComplaintKey({sender, tenant});
    const auto it = entities_.find(key);
    if (it != entities_.end()) {
      c.value = EncodeComplaintEntity(it->second);
      // Past the window of its last hour nothing of it is needed (and a day to spare).
      const int64_t last_hour =
          it->second.hours.empty() ? it->second.next_hour : it->second.hours.rbegin()->first;
      c.expires_at = WindowStart(last_hour + options_.window_hours + 1, kHour) +
                     std::chrono::hours(24);
    }
    changes.push_back(std::move(c));
  }
  dirty_.clear();
}

Status ComplaintRateDetector::Restore(int32_t partition, std::string_view key,
                                      std::string_view value) {
  CONSENTRY_ASSIGN_OR_RETURN(ComplaintKey k, DecodeComplaintKey(key));
  CONSENTRY_ASSIGN_OR_RETURN(ComplaintEntity e, DecodeComplaintEntity(value));
  entities_.insert_or_assign(Key{partition, std::move(k.sender), std::move(k.tenant)},
                             std::move(e));
  return Status::Ok();
}

void ComplaintRateDetector::Forget(int32_t partition) {
  std::erase_if(entities_, [&](const auto& e) { return std::get<0>(e.first) == partition; });
  std::erase_if(dirty_, [&](const Key& k) { return std::get<0>(k) == partition; });
}

}  // namespace consentry
