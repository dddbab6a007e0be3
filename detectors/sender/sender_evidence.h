#pragma once
// Pieces shared by the sender detectors: epoch-aligned event-time windows, entity names,
// incident keys, the common parts of the evidence JSON, and the canonical order of findings.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/json_writer.h"
#include "core/time.h"
#include "detectors/policy.h"
#include "detectors/sender/sender_detector.h"

namespace consentry {

// The tumbling window [k * length, (k + 1) * length) holding `t`: k, rounded towards -infinity.
int64_t WindowIndex(Timestamp t, Duration length);
inline Timestamp WindowStart(int64_t index, Duration length) {
  return Timestamp(Duration(index * length.count()));
}
// The last window (of `length`) that ends at or before `watermark`.
inline int64_t LastClosedWindow(Timestamp watermark, Duration length) {
  return WindowIndex(watermark, length) - 1;
}

// "sender:<id>", "campaign:<id>", "content:<16 lowercase hex digits>".
std::string SenderEntity(const SenderId& sender);
std::string CampaignEntity(const CampaignId& campaign);
std::string ContentEntity(uint64_t cluster);
// 16 lowercase hex digits.
std::string Hex16(uint64_t v);

// "<detector>|<tenant>|<entity>|<window_start RFC 3339>".
std::string IncidentKey(std::string_view detector, const TenantId& tenant,
                        std::string_view entity, Timestamp window_start);

// A number with at most 4 decimals ("12.5", "0.0031"), null when not finite.
void WriteNumber(JsonWriter& w, std::string_view key, double value);
// "window": {"start", "end", "length_seconds"}.
void WriteWindow(JsonWriter& w, Timestamp start, Timestamp end);
// "clause": {"rule", "source", "kind"}.
void WriteClause(JsonWriter& w, std::string_view rule, std::string_view source,
                 Policy::ClauseKind kind);
// A count as plain text with thousands separators ("15,000"), for reason sentences.
std::string Thousands(int64_t n);

// Sorts findings by (window_end, window_start, detector, tenant, entity), so the findings of one
// Close come out in window order and in the same order however Close calls were split.
void SortFindings(std::vector<SenderFinding>::iterator first,
                  std::vector<SenderFinding>::iterator last);

}  // namespace consentry
