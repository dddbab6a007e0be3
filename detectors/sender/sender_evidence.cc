#include "detectors/sender/sender_evidence.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace consentry {

int64_t WindowIndex(Timestamp t, Duration length) {
  const int64_t us = ToMicros(t);
  const int64_t len = length.count();
  int64_t q = us / len;
  if (us % len != 0 && us < 0) --q;
  return q;
}

std::string Hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string SenderEntity(const SenderId& sender) { return "sender:" + sender.value(); }
std::string CampaignEntity(const CampaignId& campaign) { return "campaign:" + campaign.value(); }
std::string ContentEntity(uint64_t cluster) { return "content:" + Hex16(cluster); }

std::string IncidentKey(std::string_view detector, const TenantId& tenant,
                        std::string_view entity, Timestamp window_start) {
  std::string key(detector);
  key += '|';
  key += tenant.value();
  key += '|';
  key += entity;
  key += '|';
  key += FormatRfc3339(window_start);
  return key;
}

void WriteNumber(JsonWriter& w, std::string_view key, double value) {
  w.Key(key);
  if (!std::isfinite(value)) {
    w.Null();
    return;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", value);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  w.Raw(s);
}

void WriteWindow(JsonWriter& w, Timestamp start, Timestamp end) {
  w.Key("window").BeginObject();
  w.Field("start", FormatRfc3339(start));
  w.Field("end", FormatRfc3339(end));
  w.Field("length_seconds",
          static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(end - start)
                                   .count()));
  w.EndObject();
}

void WriteClause(JsonWriter& w, std::string_view rule, std::string_view source,
                 Policy::ClauseKind kind) {
  w.Key("clause").BeginObject();
  w.Field("rule", rule);
  w.Field("source", source);
  w.Field("kind", Policy::KindName(kind));
  w.EndObject();
}

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

void SortFindings(std::vector<SenderFinding>::iterator first,
                  std::vector<SenderFinding>::iterator last) {
  std::stable_sort(first, last, [](const SenderFinding& a, const SenderFinding& b) {
    return std::tie(a.window_end, a.window_start, a.finding.detector, a.tenant, a.entity) <
           std::tie(b.window_end, b.window_start, b.finding.detector, b.tenant, b.entity);
  });
}

}  // namespace consentry
