#include "pipeline/held_messages.h"

#include <utility>

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
  Map& held = partitions_[partition];
  Status status;
  const auto restore_one = [&](std::string_view, std::string_view raw) {
    auto event = DecodeHeld(decoder, raw, partition);
    if (!event.ok()) {
      status = event.status();
      return false;
    }
    Key key = KeyOf(*event);
    held.emplace(std::move(key), Held{std::move(event).value(), true});
    return true;
  };
  CONSENTRY_RETURN_IF_ERROR(
      store.ScanPrefix(Family::kPending, PendingPrefix(partition), restore_one));
  if (!status.ok()) {
    partitions_.erase(partition);
    return status;
  }
  if (held.empty()) return std::optional<Timestamp>();
  return std::optional<Timestamp>(held.rbegin()->first.sent_at);
}

void HeldMessages::Add(int32_t partition, OutboundEvent event, const std::string* raw) {
  Key key = KeyOf(event);
  arrivals_.push_back({partition, key, raw});
  partitions_[partition].try_emplace(std::move(key), Held{std::move(event), false});
}

void HeldMessages::Settle(const std::vector<Due>& judged, StoreBatch& writes) {
  for (const auto& [partition, it] : judged) {
    if (it->second.persisted) writes.Delete(Family::kPending, StoreKey(partition, it->first));
    partitions_[partition].erase(it);
  }
  for (const auto& [partition, key, raw] : arrivals_) {
    auto& held = partitions_[partition];
    auto it = held.find(key);
    if (it == held.end() || it->second.persisted) continue;
    writes.Put(Family::kPending, StoreKey(partition, key), *raw);
    it->second.persisted = true;
  }
  arrivals_.clear();
}

void HeldMessages::AbandonBatch() {
  for (const auto& [partition, key, raw] : arrivals_) {
    auto& held = partitions_[partition];
    auto it = held.find(key);
    if (it != held.end() && !it->second.persisted) held.erase(it);
  }
  arrivals_.clear();
}

size_t HeldMessages::size() const {
  size_t n = 0;
  for (const auto& [_, held] : partitions_) n += held.size();
  return n;
}

std::optional<Timestamp> HeldMessages::LatestHeld(int32_t partition) const {
  const auto it = partitions_.find(partition);
  if (it == partitions_.end() || it->second.empty()) return std::nullopt;
  return it->second.rbegin()->first.sent_at;
}

}  // namespace consentry
