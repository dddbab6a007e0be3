#pragma once
// Outbound messages waiting for their partition's watermark to pass sent_at (design §3): held in
// memory per partition, ordered by (sent_at, tenant, event id) like their `pending` keys, and
// persisted with their raw record only if still held when the batch that brought them ends.
//
// Thread-compatible.

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/events.h"
#include "core/status.h"
#include "ingest/decoder.h"
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
    bool persisted = false;  // its key and raw record are in RocksDB's `pending` family
  };
  using Map = std::map<Key, Held>;
  // A held message whose time has come, in (partition, sent_at) order.
  struct Due {
    int32_t partition;
    Map::iterator it;
  };

  // Loads `partition`'s held messages from RocksDB (after a restart or a rebalance) and returns
  // the latest sent_at among them, if any. A no-op for a partition already held here.
  StatusOr<std::optional<Timestamp>> Restore(Store& store, Decoder& decoder, int32_t partition);
  // Drops a revoked partition (its persisted messages stay for whoever owns it next).
  void Forget(int32_t partition) { partitions_.erase(partition); }

  // Holds a message that arrived in this batch; `raw` (its record) must stay valid until
  // Settle(). A message already held (a redelivery) keeps its first copy.
  void Add(int32_t partition, OutboundEvent event, const std::string* raw);

  // Every held message with sent_at <= watermark(partition).
  template <typename WatermarkFn>
  std::vector<Due> TakeDue(WatermarkFn&& watermark) {
    std::vector<Due> due;
    for (auto& [partition, held] : partitions_) {
      const Timestamp w = watermark(partition);
      for (auto it = held.begin(); it != held.end() && it->first.sent_at <= w; ++it) {
        due.push_back({partition, it});
      }
    }
    return due;
  }

  // After `judged` were judged: forgets them (deleting the persisted ones) and persists the
  // messages of this batch that are still held, with their raw records.
  void Settle(const std::vector<Due>& judged, StoreBatch& writes);

  // A batch failed before Settle(): forgets its messages that were never persisted (the input
  // is read again from the stored offsets) and the raw records they pointed to.
  void AbandonBatch();

  size_t size() const;
  // The latest sent_at held for `partition` (due or not), nullopt when it holds nothing.
  std::optional<Timestamp> LatestHeld(int32_t partition) const;

 private:
  struct Arrival {
    int32_t partition;
    Key key;
    const std::string* raw;
  };
  std::map<int32_t, Map> partitions_;
  std::vector<Arrival> arrivals_;  // this batch's messages, until Settle()
};

}  // namespace consentry
