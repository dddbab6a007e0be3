#include "detectors/sender/sender_velocity/sender_velocity.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/json_writer.h"
#include "detectors/sender/sender_evidence.h"
#include "detectors/sender/sender_params.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

constexpr std::string_view kBurstRule =
    "a sender or campaign that suddenly sends far above its own baseline is flagged as a "
    "possible compromised account or runaway send";
constexpr std::string_view kVolumeRule =
    "a campaign that sends past the volume it declared (expected_volume plus the tolerance) is "
    "flagged";
constexpr std::string_view kSource =
    "consentry policy (spam pattern; no statute or provider sets a sending-rate limit)";

// "1-minute", "10-minute", "1-hour", "90-second".
std::string DescribeLength(Duration length) {
  using namespace std::chrono;
  const int64_t s = duration_cast<seconds>(length).count();
  if (s % 3600 == 0) return std::to_string(s / 3600) + "-hour";
  if (s % 60 == 0) return std::to_string(s / 60) + "-minute";
  return std::to_string(s) + "-second";
}

std::string OneDecimal(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The EWMA after `k` windows of count 0, in closed form: k applications of the update below.
void DecayZeros(Baseline& b, double alpha, int64_t k) {
  if (k <= 0) return;
  const double f = std::pow(1.0 - alpha, static_cast<double>(k));
  b.variance = f * (b.variance + b.mean * b.mean * (1.0 - f));
  b.mean *= f;
}

void Update(Baseline& b, double alpha, double x) {
  const double diff = x - b.mean;
  const double incr = alpha * diff;
  b.mean += incr;
  b.variance = (1.0 - alpha) * (b.variance + diff * incr);
}

int64_t Limit(int64_t expected_volume, double tolerance) {
  return static_cast<int64_t>(
      std::floor(static_cast<double>(expected_volume) * (1.0 + tolerance) + 1e-9));
}

}  // namespace

StatusOr<std::unique_ptr<SenderDetector>> SenderVelocityDetector::Create(
    const DetectorParams& params) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(
      kName, params,
      {"severity", "window", "long_window", "warmup", "alpha", "z", "ratio", "min_volume",
       "long_min_volume", "volume_tolerance", "campaign_baseline"}));
  Options o;
  CONSENTRY_ASSIGN_OR_RETURN(o.severity, SeverityParam(kName, params, o.severity));
  CONSENTRY_ASSIGN_OR_RETURN(o.window, DurationParam(kName, params, "window", o.window));
  CONSENTRY_ASSIGN_OR_RETURN(o.long_window,
                             DurationParam(kName, params, "long_window", o.long_window));
  if (o.long_window <= o.window || o.long_window % o.window != Duration(0) ||
      o.long_window > std::chrono::hours(24 * 366)) {
    return InvalidArgument(
        "detector \"sender.velocity\": long_window must be a multiple of window (\"1m\" and "
        "\"10m\"), at most 366 days");
  }
  CONSENTRY_ASSIGN_OR_RETURN(o.warmup, DurationParam(kName, params, "warmup", o.warmup));
  CONSENTRY_ASSIGN_OR_RETURN(o.alpha, NumberParam(kName, params, "alpha", o.alpha, 1e-6, 1));
  CONSENTRY_ASSIGN_OR_RETURN(o.z, NumberParam(kName, params, "z", o.z, 0, 1000));
  CONSENTRY_ASSIGN_OR_RETURN(o.ratio, NumberParam(kName, params, "ratio", o.ratio, 1, 1e6));
  CONSENTRY_ASSIGN_OR_RETURN(o.min_volume,
                             CountParam(kName, params, "min_volume", o.min_volume, 1));
  const int64_t scaled = o.min_volume * std::max<int64_t>(1, o.long_window / o.window);
  CONSENTRY_ASSIGN_OR_RETURN(o.long_min_volume,
                             CountParam(kName, params, "long_min_volume", scaled, 1));
  CONSENTRY_ASSIGN_OR_RETURN(
      o.volume_tolerance,
      NumberParam(kName, params, "volume_tolerance", o.volume_tolerance, 0, 100));
  if (auto it = params.find("campaign_baseline"); it != params.end()) {
    if (it->second != "true" && it->second != "false") {
      return InvalidArgument(std::string(kName) + ": campaign_baseline must be true or false, not '" +
                             it->second + "'");
    }
    o.campaign_baseline = it->second == "true";
  }
  return std::unique_ptr<SenderDetector>(new SenderVelocityDetector(o));
}

VelocityEntity SenderVelocityDetector::Fresh() const {
  VelocityEntity e;
  e.lanes[0].length = options_.window;
  e.lanes[1].length = options_.long_window;
  return e;
}

void SenderVelocityDetector::Add(int32_t partition, const SenderMessage& message) {
  // The stage passes only inputs the watermark has not passed; one that has would land in a
  // decided window, so it is left out rather than deciding that window twice.
  if (message.sent_at < closed_until_) return;
  AddTo({partition, {VelocityEntityKind::kSender, message.tenant, message.sender.value()}},
        message);
  if (!message.campaign.empty()) {
    AddTo({partition, {VelocityEntityKind::kCampaign, message.tenant, message.campaign.value()}},
          message);
  }
}

void SenderVelocityDetector::AddTo(const Key& key, const SenderMessage& m) {
  auto [it, inserted] = entities_.try_emplace(key);
  VelocityEntity& e = it->second;
  if (inserted) {
    e = Fresh();
    e.last_seen = m.sent_at;
  }
  e.last_seen = std::max(e.last_seen, m.sent_at);
  for (VelocityLane& lane : e.lanes) {
    auto [t, first] = lane.open.try_emplace(WindowIndex(m.sent_at, lane.length));
    WindowTally& tally = t->second;
    if (first) tally.first = tally.last = m.sent_at;
    ++tally.messages;
    tally.first = std::min(tally.first, m.sent_at);
    tally.last = std::max(tally.last, m.sent_at);
    if (!m.campaign.empty() && m.expected_volume.has_value()) {
      DeclaredCount& c = tally.declared[m.campaign];
      ++c.messages;
      c.expected_volume = std::max(c.expected_volume, std::max<int64_t>(0, *m.expected_volume));
    }
  }
  dirty_.insert(key);
}

void SenderVelocityDetector::Close(Timestamp watermark, std::vector<SenderFinding>& findings) {
  closed_until_ = std::max(closed_until_, watermark);
  const size_t begin = findings.size();
  for (auto it = entities_.begin(); it != entities_.end();) {
    VelocityEntity& e = it->second;
    bool changed = false;
    bool open = false;
    for (int i = 0; i < 2; ++i) {
      VelocityLane& lane = e.lanes[i];
      const int64_t last = LastClosedWindow(watermark, lane.length);
      while (!lane.open.empty() && lane.open.begin()->first <= last) {
        const auto node = lane.open.extract(lane.open.begin());
        const bool fired = Decide(it->first.second, lane, i, node.key(), node.mapped(), findings);
        if (fired && i == 0) {
          // Short windows end no later than the long window holding their start, so that one is
          // still open (its tally holds these messages too).
          VelocityLane& long_lane = e.lanes[1];
          const auto holder =
              long_lane.open.find(WindowIndex(WindowStart(node.key(), lane.length),
                                              long_lane.length));
          if (holder != long_lane.open.end()) holder->second.short_fired = true;
        }
        changed = true;
      }
      open = open || !lane.open.empty();
    }
    if (changed) dirty_.insert(it->first);
    // Memory only: a later message would restart the entity anyway (Decide), so dropping it now
    // changes no decision.
    if (!open && e.last_seen + kIdleExpiry <= watermark) {
      dirty_.insert(it->first);
      it = entities_.erase(it);
    } else {
      ++it;
    }
  }
  SortFindings(findings.begin() + static_cast<std::ptrdiff_t>(begin), findings.end());
}

SenderFinding SenderVelocityDetector::MakeFinding(const VelocityKey& key, Timestamp start,
                                                  Timestamp end) const {
  SenderFinding f;
  f.finding.detector = std::string(kName);
  f.finding.rule_version = std::string(kRuleVersion);
  f.finding.severity = options_.severity;
  f.tenant = key.tenant;
  if (key.kind == VelocityEntityKind::kSender) {
    f.sender = SenderId(key.id);
    f.entity = SenderEntity(f.sender);
  } else {
    f.campaign = CampaignId(key.id);
    f.entity = CampaignEntity(f.campaign);
  }
  f.window_start = start;
  f.window_end = end;
  f.incident_key = IncidentKey(kName, key.tenant, f.entity, start);
  return f;
}

bool SenderVelocityDetector::Decide(const VelocityKey& key, VelocityLane& lane, int lane_index,
                                    int64_t w, const WindowTally& tally,
                                    std::vector<SenderFinding>& findings) const {
  Baseline& b = lane.baseline;
  if (b.known && tally.first - b.last_message >= kIdleExpiry) {
    b = Baseline{};
    lane.runs.clear();
  }
  if (!b.known) {
    b.active_since = tally.first;
  } else {
    DecayZeros(b, options_.alpha, w - b.last_window - 1);
  }
  const Timestamp start = WindowStart(w, lane.length);
  const Timestamp end = WindowStart(w + 1, lane.length);
  const bool campaign = key.kind == VelocityEntityKind::kCampaign;
  const auto who = [&] {
    return std::string(campaign ? "Campaign " : "Sender ") + Printable(key.id) + " of tenant " +
           Printable(key.tenant.value());
  };

  // Runs of campaigns silent for longer than the idle expiry are forgotten.
  const int64_t idle_windows = kIdleExpiry / lane.length;
  std::erase_if(lane.runs, [&](const auto& r) { return r.second.last_window + idle_windows < w; });

  int64_t excluded = 0;
  for (const auto& [id, count] : tally.declared) {
    CampaignRun& run = lane.runs[id];
    const int64_t limit = Limit(count.expected_volume, options_.volume_tolerance);
    excluded += std::clamp<int64_t>(limit - run.total, 0, count.messages);
    const int64_t total = run.total + count.messages;
    if (campaign && lane_index == 0 && total > limit && run.alerted_limit != limit) {
      SenderFinding f = MakeFinding(key, start, end);
      JsonWriter j;
      j.BeginObject();
      WriteWindow(j, start, end);
      j.Field("entity", f.entity);
      j.Field("rule", "declared_volume");
      j.Field("observed", count.messages);
      j.Field("running_total", total);
      j.Field("expected_volume", count.expected_volume);
      WriteNumber(j, "volume_tolerance", options_.volume_tolerance);
      j.Field("threshold", limit);
      j.Key("baseline").Null();
      j.Key("min_volume").Null();
      WriteClause(j, kVolumeRule, kSource, Policy::ClauseKind::kConsentryPolicy);
      j.EndObject();
      f.finding.evidence_json = j.Take();
      f.finding.reason = who() + " has sent " + Thousands(total) + " messages, past its declared " +
                         "volume of " + Thousands(count.expected_volume) + " plus the tolerance (" +
                         Thousands(limit) + "), in the window starting " + FormatRfc3339(start) +
                         ".";
      findings.push_back(std::move(f));
      run.alerted_limit = limit;
    }
    run.total = total;
    run.last_window = w;
  }
  const int64_t observed = tally.messages - excluded;

  bool fired = false;
  // A campaign without a declared volume is judged against its own baseline only on request:
  // by default its burst shows on its sender, once.
  const bool baseline_judged =
      !campaign || (tally.declared.empty() && options_.campaign_baseline);
  if (baseline_judged && !tally.short_fired) {
    const bool warm = b.active_since + options_.warmup <= start;
    const int64_t min_volume = lane_index == 0 ? options_.min_volume : options_.long_min_volume;
    const double mean = b.known ? b.mean : 0.0;
    const double sd = b.known ? std::sqrt(b.variance) : 0.0;
    const double threshold = std::max(mean + options_.z * sd, options_.ratio * mean);
    if (warm && observed >= min_volume && static_cast<double>(observed) > threshold) {
      SenderFinding f = MakeFinding(key, start, end);
      JsonWriter j;
      j.BeginObject();
      WriteWindow(j, start, end);
      j.Field("entity", f.entity);
      j.Field("rule", "baseline");
      j.Field("observed", observed);
      j.Field("messages", tally.messages);
      j.Field("excluded_declared_campaign_messages", excluded);
      j.Key("baseline").BeginObject();
      WriteNumber(j, "mean", mean);
      WriteNumber(j, "sd", sd);
      WriteNumber(j, "alpha", options_.alpha);
      j.Field("active_since", FormatRfc3339(b.active_since));
      j.EndObject();
      WriteNumber(j, "threshold", threshold);
      WriteNumber(j, "z", options_.z);
      WriteNumber(j, "ratio", options_.ratio);
      j.Field("min_volume", min_volume);
      WriteClause(j, kBurstRule, kSource, Policy::ClauseKind::kConsentryPolicy);
      j.EndObject();
      f.finding.evidence_json = j.Take();
      f.finding.reason = who() + " sent " + Thousands(observed) + " messages in the " +
                         DescribeLength(lane.length) + " window starting " +
                         FormatRfc3339(start) + ", above its baseline of " + OneDecimal(mean) +
                         " (sd " + OneDecimal(sd) + ") per window and the threshold of " +
                         OneDecimal(threshold) + ".";
      findings.push_back(std::move(f));
      fired = true;
    }
  }

  if (!b.known) {
    b.known = true;
    b.mean = static_cast<double>(observed);
    b.variance = 0;
  } else {
    Update(b, options_.alpha, static_cast<double>(observed));
  }
  b.last_window = w;
  b.last_message = std::max(b.last_message, tally.last);
  return fired;
}

void SenderVelocityDetector::TakeChanges(std::vector<SenderStateChange>& changes) {
  for (const Key& key : dirty_) {
    SenderStateChange c;
    c.partition = key.first;
    c.key = EncodeVelocityKey(key.second);
    const auto it = entities_.find(key);
    if (it != entities_.end()) {
      c.value = EncodeVelocityEntity(it->second);
      c.expires_at = it->second.last_seen + kIdleExpiry;
    }
    changes.push_back(std::move(c));
  }
  dirty_.clear();
}

Status SenderVelocityDetector::Restore(int32_t partition, std::string_view key,
                                       std::string_view value) {
  CONSENTRY_ASSIGN_OR_RETURN(VelocityKey k, DecodeVelocityKey(key));
  CONSENTRY_ASSIGN_OR_RETURN(VelocityEntity e, DecodeVelocityEntity(value));
  // A lane stored with another window length (the config changed) starts again.
  const VelocityEntity fresh = Fresh();
  for (int i = 0; i < 2; ++i) {
    if (e.lanes[i].length != fresh.lanes[i].length) e.lanes[i] = fresh.lanes[i];
  }
  entities_.insert_or_assign(Key{partition, std::move(k)}, std::move(e));
  return Status::Ok();
}

void SenderVelocityDetector::Forget(int32_t partition) {
  std::erase_if(entities_, [&](const auto& e) { return e.first.first == partition; });
  std::erase_if(dirty_, [&](const Key& k) { return k.first == partition; });
}

}  // namespace consentry
