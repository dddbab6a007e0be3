#include "detectors/sender/sender_velocity/velocity_state.h"

#include "detectors/sender/sender_state_codec.h"
#include "state/codec.h"

namespace consentry {
namespace {

constexpr uint8_t kVersion = 1;

void PutTally(ByteWriter& w, const WindowTally& t) {
  PutNonNegative(w, t.messages);
  PutTimestamp(w, t.first);
  PutTimestamp(w, t.last);
  w.PutBool(t.short_fired);
  w.PutVarint64(t.declared.size());
  for (const auto& [campaign, count] : t.declared) {
    w.PutString(campaign.value());
    PutNonNegative(w, count.messages);
    PutNonNegative(w, count.expected_volume);
  }
}

bool ReadTally(ByteReader& r, WindowTally* t) {
  uint64_t n = 0;
  if (!ReadNonNegative(r, &t->messages) || !ReadTimestamp(r, &t->first) ||
      !ReadTimestamp(r, &t->last) || !r.ReadBool(&t->short_fired) || !r.ReadCount(&n)) {
    return false;
  }
  if (t->first > t->last) return r.Fail();
  for (uint64_t i = 0; i < n; ++i) {
    std::string campaign;
    DeclaredCount c;
    if (!r.ReadString(&campaign) || !ReadNonNegative(r, &c.messages) ||
        !ReadNonNegative(r, &c.expected_volume)) {
      return false;
    }
    CampaignId id(std::move(campaign));
    if (!t->declared.empty() && !(t->declared.rbegin()->first < id)) return r.Fail();
    t->declared.emplace_hint(t->declared.end(), std::move(id), c);
  }
  return true;
}

void PutLane(ByteWriter& w, const VelocityLane& lane) {
  w.PutSignedVarint64(lane.length.count());
  w.PutBool(lane.baseline.known);
  w.PutSignedVarint64(lane.baseline.last_window);
  PutTimestamp(w, lane.baseline.active_since);
  PutTimestamp(w, lane.baseline.last_message);
  PutDouble(w, lane.baseline.mean);
  PutDouble(w, lane.baseline.variance);
  w.PutVarint64(lane.open.size());
  for (const auto& [window, tally] : lane.open) {
    w.PutSignedVarint64(window);
    PutTally(w, tally);
  }
  w.PutVarint64(lane.runs.size());
  for (const auto& [campaign, run] : lane.runs) {
    w.PutString(campaign.value());
    PutNonNegative(w, run.total);
    w.PutSignedVarint64(run.last_window);
    w.PutSignedVarint64(run.alerted_limit);
  }
}

bool ReadLane(ByteReader& r, VelocityLane* lane) {
  int64_t length = 0;
  uint64_t n = 0;
  if (!r.ReadSignedVarint64(&length) || !r.ReadBool(&lane->baseline.known) ||
      !r.ReadSignedVarint64(&lane->baseline.last_window) ||
      !ReadTimestamp(r, &lane->baseline.active_since) ||
      !ReadTimestamp(r, &lane->baseline.last_message) ||
      !ReadNonNegativeDouble(r, &lane->baseline.mean) ||
      !ReadNonNegativeDouble(r, &lane->baseline.variance) || !r.ReadCount(&n)) {
    return false;
  }
  // At most a year: every window index times the length stays in range.
  if (length <= 0 || Duration(length) > std::chrono::hours(24 * 366) ||
      !WindowInTimeRange(lane->baseline.last_window, Duration(length))) {
    return r.Fail();
  }
  lane->length = Duration(length);
  for (uint64_t i = 0; i < n; ++i) {
    int64_t window = 0;
    WindowTally tally;
    if (!r.ReadSignedVarint64(&window) || !ReadTally(r, &tally)) return false;
    if ((!lane->open.empty() && lane->open.rbegin()->first >= window) ||
        !WindowInTimeRange(window, lane->length)) {
      return r.Fail();
    }
    lane->open.emplace_hint(lane->open.end(), window, std::move(tally));
  }
  if (!r.ReadCount(&n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::string campaign;
    CampaignRun run;
    if (!r.ReadString(&campaign) || !ReadNonNegative(r, &run.total) ||
        !r.ReadSignedVarint64(&run.last_window) || !r.ReadSignedVarint64(&run.alerted_limit)) {
      return false;
    }
    if (run.alerted_limit < -1 || !WindowInTimeRange(run.last_window, lane->length)) {
      return r.Fail();
    }
    CampaignId id(std::move(campaign));
    if (!lane->runs.empty() && !(lane->runs.rbegin()->first < id)) return r.Fail();
    lane->runs.emplace_hint(lane->runs.end(), std::move(id), run);
  }
  return true;
}

}  // namespace

std::string EncodeVelocityKey(const VelocityKey& key) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(static_cast<uint8_t>(key.kind));
  w.PutString(key.tenant.value());
  w.PutString(key.id);
  return out;
}

StatusOr<VelocityKey> DecodeVelocityKey(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t kind = 0;
  std::string tenant;
  VelocityKey key;
  if (r.ReadU8(&kind) && r.ReadString(&tenant) && r.ReadString(&key.id) && r.empty() &&
      (kind == static_cast<uint8_t>(VelocityEntityKind::kSender) ||
       kind == static_cast<uint8_t>(VelocityEntityKind::kCampaign))) {
    key.kind = static_cast<VelocityEntityKind>(kind);
    key.tenant = TenantId(std::move(tenant));
    return key;
  }
  return DataLoss("sender.velocity: malformed state key");
}

std::string EncodeVelocityEntity(const VelocityEntity& e) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  PutTimestamp(w, e.last_seen);
  for (const VelocityLane& lane : e.lanes) PutLane(w, lane);
  return out;
}

StatusOr<VelocityEntity> DecodeVelocityEntity(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version = 0;
  VelocityEntity e;
  if (!r.ReadU8(&version)) return DataLoss("sender.velocity: empty state value");
  if (version != kVersion) {
    return DataLoss("sender.velocity: unknown state version " + std::to_string(version));
  }
  bool ok = ReadTimestamp(r, &e.last_seen);
  for (VelocityLane& lane : e.lanes) ok = ok && ReadLane(r, &lane);
  if (!ok || !r.ok() || !r.empty()) {
    return DataLoss("sender.velocity: malformed state value");
  }
  return e;
}

}  // namespace consentry
