#pragma once
// Outbound messages waiting for their partition's watermark to pass sent_at (design §3): held in
// memory per partition, ordered by (sent_at, tenant, event id).
//
// Held messages are not written to RocksDB. Instead the input offset stored for an outbound
// partition never passes its oldest held message (OldestOffset), so after a restart or a
// rebalance the consumer reads the held messages again from Kafka; those judged meanwhile are
// known by their dedup entry (written when judged) and skipped. That saves a Put of the raw record
// and a Delete per held message, and their changelog records. Messages that an older version
// persisted in the `pending` family are still restored, judged and deleted.
//
// Thread-compatible.

#include <compare>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/events.h"
#include "core/status.h"
#include "ingest/decoder.h"
#include "state/seen_message.h"
#include "state/store.h"

namespace consentry {

class HeldMessages {
 public:
  struct Key {
    Timestamp sent_at;
    TenantId tenant;
    EventId event_id;
    friend auto operator<=>(const Key&, const Key&) = default;
  };
  struct Held {
    OutboundEvent event;
    uint64_t digest = 0;  // of its content (pipeline/message_digest.h)
    // The offset of its input record, or -1 for a message restored from the `pending` family
    // (written by an older version; deleted once judged).
    int64_t offset = -1;
  };
  using Map = std::map<Key, Held>;
  // A held message whose time has come, in (partition, sent_at) order.
  struct Due {
    int32_t partition;
    Map::iterator it;
  };

  // Loads the messages an older version persisted for `partition` (after a restart or a
  // rebalance) and returns the latest sent_at among them, if any. A no-op for a partition
  // already held here.
  StatusOr<std::optional<Timestamp>> Restore(Store& store, Decoder& decoder, int32_t partition);
  // Drops a revoked partition: whoever owns it next reads its held messages again.
  void Forget(int32_t partition);

  // Holds a message that arrived in this batch from input `offset`; none with its tenant and
  // event id may be held already (ask Find()).
  void Add(int32_t partition, OutboundEvent event, uint64_t digest, int64_t offset);
  // The held message with this partition, tenant and event id, or nullptr.
  const Held* Find(const MessageRef& ref) const;
  // The lowest input offset of `partition`'s held messages, nullopt when none is held (from
  // this version: restored ones have no offset).
  std::optional<int64_t> OldestOffset(int32_t partition) const;

  // Every held message with sent_at <= watermark(partition).
  template <typename WatermarkFn>
  std::vector<Due> TakeDue(WatermarkFn&& watermark) {
    std::vector<Due> due;
    for (auto& [partition, p] : partitions_) {
      const Timestamp w = watermark(partition);
      for (auto it = p.held.begin(); it != p.held.end() && it->first.sent_at <= w; ++it) {
        due.push_back({partition, it});
      }
    }
    return due;
  }

  // After `judged` were judged: forgets them (deleting those restored from `pending`).
  void Settle(const std::vector<Due>& judged, StoreBatch& writes);

  // A batch failed before Settle(): forgets the messages it added (the input is read again from
  // the stored offsets).
  void AbandonBatch();

  size_t size() const;
  // Per partition holding messages, how many are held with sent_at <= through(partition) (an
  // optional Timestamp; none: 0).
  template <typename ThroughFn>
  std::map<int32_t, size_t> CountThrough(ThroughFn&& through) const {
    std::map<int32_t, size_t> out;
    for (const auto& [partition, p] : partitions_) {
      if (p.held.empty()) continue;
      size_t& n = out[partition];
      const std::optional<Timestamp> t = through(partition);
      for (auto it = p.held.begin(); t && it != p.held.end() && it->first.sent_at <= *t; ++it) {
        ++n;
      }
    }
    return out;
  }
  // The latest sent_at held for `partition` (due or not), nullopt when it holds nothing.
  std::optional<Timestamp> LatestHeld(int32_t partition) const;

 private:
  struct Partition {
    Map held;
    std::multiset<int64_t> offsets;  // of the held messages that have one
  };
  struct Arrival {
    int32_t partition;
    Key key;
  };
  void Erase(int32_t partition, Partition& p, Map::iterator it);

  std::map<int32_t, Partition> partitions_;
  std::unordered_map<MessageRef, Key> by_ref_;  // every held message
  std::vector<Arrival> arrivals_;  // this batch's messages, until Settle()
};

}  // namespace consentry
