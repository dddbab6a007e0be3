#include "pipeline/held_messages.h"

#include <utility>

#include "pipeline/message_digest.h"
#include "state/keys.h"

namespace consentry {
namespace {

HeldMessages::Key KeyOf(const OutboundEvent& e) { return {e.sent_at, e.tenant, e.event_id}; }

std::string StoreKey(int32_t partition, const HeldMessages::Key& key) {
  return PendingKey(partition, key.sent_at, key.tenant, key.event_id);
}

// A held message's raw record, decoded again. It decoded when it arrived, so a failure now is
// corruption (or a decoder that became stricter): DataLoss, for a person to look at.
StatusOr<OutboundEvent> DecodeHeld(Decoder& decoder, std::string_view raw, int32_t partition) {
  auto decoded = decoder.Decode(raw, kOutboundSchema);
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    return DataLoss("held message in partition " + std::to_string(partition) +
                    " no longer decodes: " + error->message);
  }
  return std::get<OutboundEvent>(std::move(std::get<Event>(decoded)));
}

// Held messages written before pending keys carried the tenant (the retired KeyKind::kPendingV1)
// are re-keyed once, in one WriteBatch, so nothing held across the upgrade is lost.
Status RekeyRetiredPending(Store& store, Decoder& decoder, int32_t partition) {
  StoreBatch rekey;
  Status status;
  const auto rekey_one = [&](std::string_view key, std::string_view raw) {
    auto event = DecodeHeld(decoder, raw, partition);
    if (!event.ok()) {
      status = event.status();
      return false;
    }
    rekey.Put(Family::kPending, StoreKey(partition, KeyOf(*event)), raw);
    rekey.Delete(Family::kPending, key);
    return true;
  };
  CONSENTRY_RETURN_IF_ERROR(
      store.ScanPrefix(Family::kPending, PendingV1Prefix(partition), rekey_one));
  CONSENTRY_RETURN_IF_ERROR(status);
  return store.Write(rekey);
}

}  // namespace

StatusOr<std::optional<Timestamp>> HeldMessages::Restore(Store& store, Decoder& decoder,
                                                         int32_t partition) {
  if (partitions_.contains(partition)) return std::optional<Timestamp>();
  CONSENTRY_RETURN_IF_ERROR(RekeyRetiredPending(store, decoder, partition));
  Partition& p = partitions_[partition];
  Status status;
  const auto restore_one = [&](std::string_view, std::string_view raw) {
    auto event = DecodeHeld(decoder, raw, partition);
    if (!event.ok()) {
      status = event.status();
      return false;
    }
    Key key = KeyOf(*event);
    by_ref_.try_emplace(MessageRef{partition, key.tenant, key.event_id}, key);
    const uint64_t digest = ContentDigest(*event);
    p.held.emplace(std::move(key), Held{std::move(event).value(), digest, -1});
    return true;
  };
  CONSENTRY_RETURN_IF_ERROR(
      store.ScanPrefix(Family::kPending, PendingPrefix(partition), restore_one));
  if (!status.ok()) {
    Forget(partition);
    return status;
  }
  if (p.held.empty()) return std::optional<Timestamp>();
  return std::optional<Timestamp>(p.held.rbegin()->first.sent_at);
}

void HeldMessages::Forget(int32_t partition) {
  const auto it = partitions_.find(partition);
  if (it == partitions_.end()) return;
  for (const auto& [key, held] : it->second.held) {
    by_ref_.erase(MessageRef{partition, key.tenant, key.event_id});
  }
  partitions_.erase(it);
}

void HeldMessages::Add(int32_t partition, OutboundEvent event, uint64_t digest, int64_t offset) {
  Key key = KeyOf(event);
  // The engine asks Find() first: a second message with a held one's id is our bug here.
  CONSENTRY_CHECK(by_ref_.try_emplace(MessageRef{partition, key.tenant, key.event_id}, key).second);
  Partition& p = partitions_[partition];
  arrivals_.push_back({partition, key});
  p.offsets.insert(offset);
  p.held.try_emplace(std::move(key), Held{std::move(event), digest, offset});
}

const HeldMessages::Held* HeldMessages::Find(const MessageRef& ref) const {
  const auto it = by_ref_.find(ref);
  if (it == by_ref_.end()) return nullptr;
  const Partition& p = partitions_.at(ref.partition);
  return &p.held.at(it->second);
}

std::optional<int64_t> HeldMessages::OldestOffset(int32_t partition) const {
  const auto it = partitions_.find(partition);
  if (it == partitions_.end() || it->second.offsets.empty()) return std::nullopt;
  return *it->second.offsets.begin();
}

void HeldMessages::Erase(int32_t partition, Partition& p, Map::iterator it) {
  if (it->second.offset >= 0) p.offsets.erase(p.offsets.find(it->second.offset));
  by_ref_.erase(MessageRef{partition, it->first.tenant, it->first.event_id});
  p.held.erase(it);
}

void HeldMessages::Settle(const std::vector<Due>& judged, StoreBatch& writes) {
  for (const auto& [partition, it] : judged) {
    if (it->second.offset < 0) writes.Delete(Family::kPending, StoreKey(partition, it->first));
    Erase(partition, partitions_.at(partition), it);
  }
  arrivals_.clear();
}

void HeldMessages::AbandonBatch() {
  for (const auto& [partition, key] : arrivals_) {
    Partition& p = partitions_[partition];
    auto it = p.held.find(key);
    if (it != p.held.end() && it->second.offset >= 0) Erase(partition, p, it);
  }
  arrivals_.clear();
}

size_t HeldMessages::size() const {
  size_t n = 0;
  for (const auto& [_, p] : partitions_) n += p.held.size();
  return n;
}

std::optional<Timestamp> HeldMessages::LatestHeld(int32_t partition) const {
  const auto it = partitions_.find(partition);
  if (it == partitions_.end() || it->second.held.empty()) return std::nullopt;
  return it->second.held.rbegin()->first.sent_at;
}

}  // namespace consentry
