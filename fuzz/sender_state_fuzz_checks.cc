#include "fuzz/sender_state_fuzz_checks.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "detectors/sender/complaint_rate/complaint_rate.h"
#include "detectors/sender/content_fanout/content_fanout.h"
#include "detectors/sender/sender_velocity/sender_velocity.h"
#include "state/codec.h"

namespace consentry::fuzz {
namespace {

[[noreturn]] void Violated(const char* invariant) {
  std::fprintf(stderr, "sender state fuzz invariant violated: %s\n", invariant);
  __builtin_trap();
}

#define FUZZ_INVARIANT(cond)      \
  do {                            \
    if (!(cond)) Violated(#cond); \
  } while (0)

// Whether `key` and `value` decode with the codec of detector `which`, checking the fixed point.
bool CodecAccepts(int which, std::string_view key, std::string_view value) {
  switch (which) {
    case 0: {
      const auto k = DecodeVelocityKey(key);
      const auto v = DecodeVelocityEntity(value);
      if (!k.ok() || !v.ok()) return false;
      FUZZ_INVARIANT(*DecodeVelocityKey(EncodeVelocityKey(*k)) == *k);
      const std::string once = EncodeVelocityEntity(*v);
      const auto again = DecodeVelocityEntity(once);
      FUZZ_INVARIANT(again.ok() && EncodeVelocityEntity(*again) == once);
      return true;
    }
    case 1: {
      const auto k = DecodeFanoutKey(key);
      const auto v = DecodeFanoutEntry(value);
      if (!k.ok() || !v.ok()) return false;
      FUZZ_INVARIANT(*DecodeFanoutKey(EncodeFanoutKey(*k)) == *k);
      const std::string once = EncodeFanoutEntry(*v);
      const auto again = DecodeFanoutEntry(once);
      FUZZ_INVARIANT(again.ok() && EncodeFanoutEntry(*again) == once);
      return true;
    }
    default: {
      const auto k = DecodeComplaintKey(key);
      const auto v = DecodeComplaintEntity(value);
      if (!k.ok() || !v.ok()) return false;
      FUZZ_INVARIANT(*DecodeComplaintKey(EncodeComplaintKey(*k)) == *k);
      const std::string once = EncodeComplaintEntity(*v);
      const auto again = DecodeComplaintEntity(once);
      FUZZ_INVARIANT(again.ok() && EncodeComplaintEntity(*again) == once);
      return true;
    }
  }
}

std::unique_ptr<SenderDetector> Make(int which) {
  switch (which) {
    case 0: return std::make_unique<SenderVelocityDetector>(SenderVelocityDetector::Options{});
    case 1: return std::make_unique<ContentFanoutDetector>(ContentFanoutDetector::Options{});
    default: return std::make_unique<ComplaintRateDetector>(ComplaintRateDetector::Options{});
  }
}

}  // namespace

bool CheckSenderStateBytes(std::string_view bytes) {
  if (bytes.empty()) return false;
  const int which = static_cast<unsigned char>(bytes[0]) % 3;
  ByteReader r(bytes.substr(1));
  std::string_view key;
  if (!r.ReadStringView(&key)) return false;
  std::string_view value;
  if (!r.ReadRaw(r.remaining(), &value)) return false;

  const bool accepted = CodecAccepts(which, key, value);
  std::unique_ptr<SenderDetector> d = Make(which);
  const Status restored = d->Restore(7, key, value);
  FUZZ_INVARIANT(restored.ok() == accepted);
  if (!accepted) {
    FUZZ_INVARIANT(restored.code() == StatusCode::kDataLoss);
    return false;
  }
  // The restored entry must survive the detector's whole life cycle.
  SenderMessage m;
  m.sent_at = FromMicros(1'780'000'000'000'000);
  m.tenant = TenantId("t1");
  m.sender = SenderId("s1");
  m.campaign = CampaignId("c1");
  m.expected_volume = 10;
  m.fingerprint = 42;
  d->Add(7, m);
  std::vector<SenderFinding> findings;
  d->Close(kMaxRfc3339 - std::chrono::hours(24 * 400), findings);
  std::vector<SenderStateChange> changes;
  d->TakeChanges(changes);
  for (const SenderStateChange& c : changes) {
    if (c.value.has_value()) {
      std::unique_ptr<SenderDetector> fresh = Make(which);
      FUZZ_INVARIANT(fresh->Restore(c.partition, c.key, *c.value).ok());
    }
  }
  return true;
}

}  // namespace consentry::fuzz
