#include "detectors/sender/content_fanout/content_fanout.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <numeric>
#include <string>
#include <utility>

#include "core/json_writer.h"
#include "detectors/sender/sender_evidence.h"
#include "detectors/serialize.h"

namespace consentry {
namespace {

constexpr std::string_view kRule =
    "the same or near-same content sent to many recipients of whom a large share never "
    "consented, or from many senders at once, is flagged as spam-like bulk sending";
constexpr std::string_view kSource =
    "consentry policy (spam pattern; each message sent without consent is also reported on its "
    "own by consent.missing)";
constexpr size_t kListedFingerprints = 10;
constexpr size_t kListedSenders = 5;

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // The smaller index becomes the root, so a cluster's root is its smallest member.
  void Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (a < b) std::swap(a, b);
    parent_[a] = b;
  }

 private:
  std::vector<size_t> parent_;
};

std::string Percent(int64_t part, int64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%",
                whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

}  // namespace

StatusOr<std::unique_ptr<SenderDetector>> ContentFanoutDetector::Create(
    const DetectorParams& params) {
  CONSENTRY_RETURN_IF_ERROR(CheckKnownParams(
      kName, params,
      {"severity", "window", "k", "min_recipients", "unconsented_share", "min_senders",
       "min_recipients_many_senders", "many_senders_unconsented_share", "precision"}));
  Options o;
  CONSENTRY_ASSIGN_OR_RETURN(o.severity, SeverityParam(kName, params, o.severity));
  CONSENTRY_ASSIGN_OR_RETURN(o.window, DurationParam(kName, params, "window", o.window));
  if (o.window > std::chrono::hours(24 * 366)) {
    return InvalidArgument("detector \"content.fanout\": window must be at most 366 days");
  }
  CONSENTRY_ASSIGN_OR_RETURN(const int64_t k, CountParam(kName, params, "k", o.k, 0));
  if (k > 7) return InvalidArgument("detector \"content.fanout\": k must be at most 7");
  o.k = static_cast<int>(k);
  CONSENTRY_ASSIGN_OR_RETURN(o.min_recipients,
                             CountParam(kName, params, "min_recipients", o.min_recipients, 1));
  CONSENTRY_ASSIGN_OR_RETURN(
      o.unconsented_share, RatioParam(kName, params, "unconsented_share", o.unconsented_share));
  CONSENTRY_ASSIGN_OR_RETURN(o.min_senders,
                             CountParam(kName, params, "min_senders", o.min_senders, 1));
  CONSENTRY_ASSIGN_OR_RETURN(o.min_recipients_many_senders,
                             CountParam(kName, params, "min_recipients_many_senders",
                                        o.min_recipients_many_senders, 1));
  CONSENTRY_ASSIGN_OR_RETURN(o.many_senders_unconsented_share,
                             RatioParam(kName, params, "many_senders_unconsented_share",
                                        o.many_senders_unconsented_share));
  CONSENTRY_ASSIGN_OR_RETURN(
      const int64_t precision,
      CountParam(kName, params, "precision", o.precision, HyperLogLog::kMinPrecision));
  if (precision > HyperLogLog::kMaxPrecision) {
    return InvalidArgument("detector \"content.fanout\": precision must be at most 16");
  }
  o.precision = static_cast<int>(precision);
  return std::unique_ptr<SenderDetector>(new ContentFanoutDetector(o));
}

void ContentFanoutDetector::Add(int32_t partition, const SenderMessage& m) {
  if (!m.fingerprint.has_value() || m.sent_at < closed_until_) return;
  const Key key{WindowIndex(m.sent_at, options_.window), m.tenant, *m.fingerprint, partition};
  auto [it, inserted] = entries_.try_emplace(key, options_.precision);
  FanoutEntry& e = it->second;
  ++e.messages;
  e.recipients.Add(m.recipient_hash);
  if (m.lacked_consent) e.unconsented.Add(m.recipient_hash);
  e.senders.Add(StableHash64(m.sender.value()));
  e.sample.Add(m.sender, 1);
  dirty_.insert(key);
}

void ContentFanoutDetector::Close(Timestamp watermark, std::vector<SenderFinding>& findings) {
  closed_until_ = std::max(closed_until_, watermark);
  const int64_t last = LastClosedWindow(watermark, options_.window);
  auto it = entries_.begin();
  while (it != entries_.end() && std::get<0>(it->first) <= last) {
    const int64_t w = std::get<0>(it->first);
    const TenantId tenant = std::get<1>(it->first);
    // Merge this (window, tenant)'s entries across partitions, one per fingerprint.
    std::vector<Merged> merged;
    while (it != entries_.end() && std::get<0>(it->first) == w &&
           std::get<1>(it->first) == tenant) {
      const uint64_t fp = std::get<2>(it->first);
      if (merged.empty() || merged.back().fingerprint != fp) {
        merged.push_back({fp, FanoutEntry(options_.precision)});
      }
      merged.back().entry.Merge(it->second);
      dirty_.insert(it->first);
      it = entries_.erase(it);
    }
    Judge(w, tenant, merged, findings);
  }
}

void ContentFanoutDetector::Judge(int64_t w, const TenantId& tenant, std::vector<Merged>& merged,
                                  std::vector<SenderFinding>& findings) const {
  const size_t n = merged.size();
  UnionFind clusters(n);
  // Bands: k + 1 disjoint bit ranges covering the 64 bits. Two fingerprints within distance k
  // differ in at most k bits, so at least one band is equal.
  const int bands = options_.k + 1;
  int offset = 0;
  std::vector<std::pair<uint64_t, size_t>> by_band(n);
  for (int b = 0; b < bands; ++b) {
    const int width = 64 / bands + (b < 64 % bands ? 1 : 0);
    const uint64_t mask = width == 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
    for (size_t i = 0; i < n; ++i) by_band[i] = {(merged[i].fingerprint >> offset) & mask, i};
    offset += width;
    std::sort(by_band.begin(), by_band.end());
    for (size_t lo = 0; lo < n;) {
      size_t hi = lo + 1;
      while (hi < n && by_band[hi].first == by_band[lo].first) ++hi;
      for (size_t i = lo; i < hi; ++i) {
        for (size_t j = i + 1; j < hi; ++j) {
          const size_t a = by_band[i].second;
          const size_t c = by_band[j].second;
          if (clusters.Find(a) == clusters.Find(c)) continue;
          if (std::popcount(merged[a].fingerprint ^ merged[c].fingerprint) <= options_.k) {
            clusters.Union(a, c);
          }
        }
      }
      lo = hi;
    }
  }
  // merged is ordered by fingerprint, so each root is its cluster's smallest fingerprint and
  // clusters come out in cluster-id order.
  std::map<size_t, std::vector<size_t>> members;
  for (size_t i = 0; i < n; ++i) members[clusters.Find(i)].push_back(i);
  for (const auto& [root, indices] : members) {
    FanoutEntry cluster(options_.precision);
    std::vector<uint64_t> fingerprints;
    for (size_t i : indices) {
      cluster.Merge(merged[i].entry);
      fingerprints.push_back(merged[i].fingerprint);
    }
    Fire(w, tenant, fingerprints, cluster, findings);
  }
}

void ContentFanoutDetector::Fire(int64_t w, const TenantId& tenant,
                                 const std::vector<uint64_t>& fingerprints,
                                 const FanoutEntry& cluster,
                                 std::vector<SenderFinding>& findings) const {
  const int64_t recipients = cluster.recipients.Estimate();
  const int64_t unconsented = std::min(cluster.unconsented.Estimate(), recipients);
  const int64_t senders = cluster.senders.Estimate();
  const bool wide = recipients >= options_.min_recipients &&
                    options_.unconsented_share.ReachedBy(unconsented, recipients);
  const bool many_senders = senders >= options_.min_senders &&
                            recipients >= options_.min_recipients_many_senders &&
                            options_.many_senders_unconsented_share.ReachedBy(unconsented,
                                                                              recipients);
  if (!wide && !many_senders) return;

  const Timestamp start = WindowStart(w, options_.window);
  const Timestamp end = WindowStart(w + 1, options_.window);
  SenderFinding f;
  f.finding.detector = std::string(kName);
  f.finding.rule_version = std::string(kRuleVersion);
  f.finding.severity = options_.severity;
  f.tenant = tenant;
  f.entity = ContentEntity(fingerprints.front());
  f.window_start = start;
  f.window_end = end;
  f.incident_key = IncidentKey(kName, tenant, f.entity, start);

  std::vector<std::pair<SenderId, int64_t>> top(cluster.sample.counts().begin(),
                                                cluster.sample.counts().end());
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (top.size() > kListedSenders) top.resize(kListedSenders);

  JsonWriter j;
  j.BeginObject();
  WriteWindow(j, start, end);
  j.Field("entity", f.entity);
  j.Key("rules").BeginArray();
  if (wide) j.String("unconsented_recipients");
  if (many_senders) j.String("many_senders");
  j.EndArray();
  j.Key("observed").BeginObject();
  j.Field("messages", cluster.messages);
  j.Field("distinct_recipients", recipients);
  j.Field("unconsented_recipients", unconsented);
  WriteNumber(j, "unconsented_share",
              recipients > 0 ? static_cast<double>(unconsented) / recipients : 0.0);
  j.Field("distinct_senders", senders);
  j.Field("exact", cluster.recipients.sparse() && cluster.unconsented.sparse() &&
                       cluster.senders.sparse());
  j.EndObject();
  j.Key("cluster").BeginObject();
  j.Field("id", Hex16(fingerprints.front()));
  j.Field("fingerprint_count", static_cast<int64_t>(fingerprints.size()));
  j.Key("fingerprints").BeginArray();
  for (size_t i = 0; i < fingerprints.size() && i < kListedFingerprints; ++i) {
    j.String(Hex16(fingerprints[i]));
  }
  j.EndArray();
  j.Field("max_hamming_distance", static_cast<int64_t>(options_.k));
  j.EndObject();
  j.Key("top_senders").BeginArray();
  for (const auto& [sender, messages] : top) {
    j.BeginObject().Field("sender_id", sender.value()).Field("messages", messages).EndObject();
  }
  j.EndArray();
  j.Field("sender_sample_size", static_cast<int64_t>(cluster.sample.counts().size()));
  j.Key("baseline").Null();
  j.Key("threshold").BeginObject();
  j.Field("min_recipients", options_.min_recipients);
  j.Key("unconsented_share").Raw(options_.unconsented_share.ToString());
  j.Field("min_senders", options_.min_senders);
  j.Field("min_recipients_many_senders", options_.min_recipients_many_senders);
  j.Key("many_senders_unconsented_share").Raw(options_.many_senders_unconsented_share.ToString());
  j.EndObject();
  j.Field("min_volume", wide ? options_.min_recipients : options_.min_recipients_many_senders);
  WriteClause(j, kRule, kSource, Policy::ClauseKind::kConsentryPolicy);
  j.EndObject();
  f.finding.evidence_json = j.Take();

  std::string reason = "The same content (cluster " + Hex16(fingerprints.front());
  if (fingerprints.size() > 1) {
    reason += ", " + std::to_string(fingerprints.size()) + " near-identical fingerprints";
  }
  reason += ") went to about " + Thousands(recipients) + " distinct recipients of tenant " +
            Printable(tenant.value()) + " in the window starting " + FormatRfc3339(start) +
            ", " + Percent(unconsented, recipients) + " of them without consent, from " +
            Thousands(senders) + (senders == 1 ? " sender." : " senders.");
  f.finding.reason = std::move(reason);
  findings.push_back(std::move(f));
}

void ContentFanoutDetector::TakeChanges(std::vector<SenderStateChange>& changes) {
  for (const Key& key : dirty_) {
    const auto& [w, tenant, fingerprint, partition] = key;
    SenderStateChange c;
    c.partition = partition;
    c.key = EncodeFanoutKey({WindowStart(w, options_.window), tenant, fingerprint});
    const auto it = entries_.find(key);
    if (it != entries_.end()) {
      c.value = EncodeFanoutEntry(it->second);
      c.expires_at = WindowStart(w + 1, options_.window) + std::chrono::hours(24);
    }
    changes.push_back(std::move(c));
  }
  dirty_.clear();
}

Status ContentFanoutDetector::Restore(int32_t partition, std::string_view key,
                                      std::string_view value) {
  CONSENTRY_ASSIGN_OR_RETURN(FanoutKey k, DecodeFanoutKey(key));
  CONSENTRY_ASSIGN_OR_RETURN(FanoutEntry e, DecodeFanoutEntry(value));
  // Keyed by window start, so an entry stored under another window length joins the window
  // holding its start.
  const Key mine{WindowIndex(k.window_start, options_.window), k.tenant, k.fingerprint,
                 partition};
  auto [it, inserted] = entries_.try_emplace(mine, options_.precision);
  if (inserted) {
    it->second = std::move(e);
  } else {
    it->second.Merge(e);
  }
  return Status::Ok();
}

void ContentFanoutDetector::Forget(int32_t partition) {
  std::erase_if(entries_, [&](const auto& e) { return std::get<3>(e.first) == partition; });
  std::erase_if(dirty_, [&](const Key& k) { return std::get<3>(k) == partition; });
}

}  // namespace consentry
