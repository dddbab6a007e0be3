#pragma once
// The state of complaint.rate, one entry per (by-sender partition, sender, tenant), and its
// stored encoding. Keys and values are built and parsed only here. The entry with an empty
// tenant holds the feedback that named no tenant.
//
// Formats (on disk; never renumber, never change an existing version's layout):
//   key:   string sender, string tenant
//   value: u8 version (1), u8 level (0 ok, 1 warn, 2 alert), signed varint next hour, varint
//          hour count, then per hour (strictly increasing): signed varint hour (hours since the
//          epoch), varint sent, varint bounces, varint complaints.

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/status.h"

namespace consentry {

struct ComplaintKey {
  SenderId sender;
  TenantId tenant;
  friend auto operator<=>(const ComplaintKey&, const ComplaintKey&) = default;
  friend bool operator==(const ComplaintKey&, const ComplaintKey&) = default;
};

std::string EncodeComplaintKey(const ComplaintKey& key);
// DataLoss for bytes EncodeComplaintKey never writes.
StatusOr<ComplaintKey> DecodeComplaintKey(std::string_view bytes);

enum class ComplaintLevel : uint8_t { kOk = 0, kWarn = 1, kAlert = 2 };
// "ok", "warn", "alert".
std::string_view Name(ComplaintLevel level);

struct HourCounts {
  int64_t sent = 0;
  int64_t bounces = 0;
  int64_t complaints = 0;
  friend bool operator==(const HourCounts&, const HourCounts&) = default;
};

struct ComplaintEntity {
  ComplaintLevel level = ComplaintLevel::kOk;  // of the last decided hour
  int64_t next_hour = 0;                       // the first hour not decided yet
  std::map<int64_t, HourCounts> hours;         // hours since the epoch; only those with inputs
  friend bool operator==(const ComplaintEntity&, const ComplaintEntity&) = default;
};

std::string EncodeComplaintEntity(const ComplaintEntity& entity);
// DataLoss for bytes EncodeComplaintEntity never writes.
StatusOr<ComplaintEntity> DecodeComplaintEntity(std::string_view bytes);

}  // namespace consentry
