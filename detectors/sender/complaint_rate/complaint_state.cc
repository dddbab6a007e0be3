#include "detectors/sender/complaint_rate/complaint_state.h"

#include <utility>

#include "detectors/sender/sender_state_codec.h"
#include "state/codec.h"

namespace consentry {
namespace {
constexpr uint8_t kVersion = 1;
}  // namespace

std::string_view Name(ComplaintLevel level) {
  switch (level) {
    case ComplaintLevel::kOk: return "ok";
    case ComplaintLevel::kWarn: return "warn";
    case ComplaintLevel::kAlert: return "alert";
  }
  return "ok";
}

std::string EncodeComplaintKey(const ComplaintKey& key) {
  std::string out;
  ByteWriter w(&out);
  w.PutString(key.sender.value());
  w.PutString(key.tenant.value());
  return out;
}

StatusOr<ComplaintKey> DecodeComplaintKey(std::string_view bytes) {
  ByteReader r(bytes);
  std::string sender;
  std::string tenant;
  if (r.ReadString(&sender) && r.ReadString(&tenant) && r.empty()) {
    return ComplaintKey{SenderId(std::move(sender)), TenantId(std::move(tenant))};
  }
  return DataLoss("complaint.rate: malformed state key");
}

std::string EncodeComplaintEntity(const ComplaintEntity& e) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  w.PutU8(static_cast<uint8_t>(e.level));
  w.PutSignedVarint64(e.next_hour);
  w.PutVarint64(e.hours.size());
  for (const auto& [hour, c] : e.hours) {
    w.PutSignedVarint64(hour);
    PutNonNegative(w, c.sent);
    PutNonNegative(w, c.bounces);
    PutNonNegative(w, c.complaints);
  }
  return out;
}

StatusOr<ComplaintEntity> DecodeComplaintEntity(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version = 0;
  if (!r.ReadU8(&version)) return DataLoss("complaint.rate: empty state value");
  if (version != kVersion) {
    return DataLoss("complaint.rate: unknown state version " + std::to_string(version));
  }
  ComplaintEntity e;
  uint8_t level = 0;
  uint64_t n = 0;
  const Duration hour = std::chrono::hours(1);
  bool ok = r.ReadU8(&level) && level <= static_cast<uint8_t>(ComplaintLevel::kAlert) &&
            r.ReadSignedVarint64(&e.next_hour) && WindowInTimeRange(e.next_hour, hour) &&
            r.ReadCount(&n);
  e.level = static_cast<ComplaintLevel>(level);
  for (uint64_t i = 0; ok && i < n; ++i) {
    int64_t h = 0;
    HourCounts c;
    ok = r.ReadSignedVarint64(&h) && ReadNonNegative(r, &c.sent) &&
         ReadNonNegative(r, &c.bounces) && ReadNonNegative(r, &c.complaints) &&
         WindowInTimeRange(h, hour) && (e.hours.empty() || e.hours.rbegin()->first < h);
    if (ok) e.hours.emplace_hint(e.hours.end(), h, c);
  }
  if (!ok || !r.ok() || !r.empty()) return DataLoss("complaint.rate: malformed state value");
  return e;
}

}  // namespace consentry
