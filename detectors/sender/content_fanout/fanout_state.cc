#include "detectors/sender/content_fanout/fanout_state.h"

#include <tuple>
#include <utility>

#include "detectors/sender/sender_state_codec.h"
#include "state/codec.h"

namespace consentry {
namespace {

constexpr uint8_t kVersion = 1;

std::pair<uint64_t, const std::string&> Rank(const SenderId& id) {
  return {StableHash64(id.value()), id.value()};
}

}  // namespace

std::string EncodeFanoutKey(const FanoutKey& key) {
  std::string out;
  ByteWriter w(&out);
  w.PutFixed64BE(OrderedFromSigned64(ToMicros(key.window_start)));
  w.PutString(key.tenant.value());
  w.PutFixed64BE(key.fingerprint);
  return out;
}

StatusOr<FanoutKey> DecodeFanoutKey(std::string_view bytes) {
  ByteReader r(bytes);
  uint64_t start = 0;
  std::string tenant;
  FanoutKey key;
  if (r.ReadFixed64BE(&start) && r.ReadString(&tenant) && r.ReadFixed64BE(&key.fingerprint) &&
      r.empty() && InTimeRange(FromMicros(SignedFromOrdered64(start)))) {
    key.window_start = FromMicros(SignedFromOrdered64(start));
    key.tenant = TenantId(std::move(tenant));
    return key;
  }
  return DataLoss("content.fanout: malformed state key");
}

void SenderSample::Add(const SenderId& sender, int64_t messages) {
  const auto it = counts_.find(sender);
  if (it != counts_.end()) {
    it->second += messages;
    return;
  }
  if (counts_.size() == kSenderSample) {
    auto worst = counts_.begin();
    for (auto c = counts_.begin(); c != counts_.end(); ++c) {
      if (Rank(c->first) > Rank(worst->first)) worst = c;
    }
    if (Rank(sender) > Rank(worst->first)) return;
    counts_.erase(worst);
  }
  counts_.emplace(sender, messages);
}

void SenderSample::Merge(const SenderSample& other) {
  for (const auto& [sender, messages] : other.counts_) Add(sender, messages);
}

void FanoutEntry::Merge(const FanoutEntry& other) {
  messages += other.messages;
  recipients.Merge(other.recipients);
  unconsented.Merge(other.unconsented);
  senders.Merge(other.senders);
  sample.Merge(other.sample);
}

std::string EncodeFanoutEntry(const FanoutEntry& e) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  PutNonNegative(w, e.messages);
  e.recipients.Encode(w);
  e.unconsented.Encode(w);
  e.senders.Encode(w);
  w.PutVarint64(e.sample.counts().size());
  for (const auto& [sender, messages] : e.sample.counts()) {
    w.PutString(sender.value());
    PutNonNegative(w, messages);
  }
  return out;
}

StatusOr<FanoutEntry> DecodeFanoutEntry(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version = 0;
  if (!r.ReadU8(&version)) return DataLoss("content.fanout: empty state value");
  if (version != kVersion) {
    return DataLoss("content.fanout: unknown state version " + std::to_string(version));
  }
  FanoutEntry e;
  uint64_t n = 0;
  bool ok = ReadNonNegative(r, &e.messages) && HyperLogLog::Decode(r, &e.recipients) &&
            HyperLogLog::Decode(r, &e.unconsented) && HyperLogLog::Decode(r, &e.senders) &&
            r.ReadCount(&n) && n <= SenderSample::kSenderSample;
  for (uint64_t i = 0; ok && i < n; ++i) {
    std::string sender;
    int64_t messages = 0;
    ok = r.ReadString(&sender) && ReadNonNegative(r, &messages);
    SenderId id(std::move(sender));
    auto& counts = e.sample.counts_;
    ok = ok && (counts.empty() || counts.rbegin()->first < id);
    if (ok) counts.emplace_hint(counts.end(), std::move(id), messages);
  }
  if (!ok || !r.ok() || !r.empty()) return DataLoss("content.fanout: malformed state value");
  return e;
}

}  // namespace consentry
