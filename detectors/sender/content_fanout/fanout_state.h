#pragma once
// The state of content.fanout, one entry per (by-sender partition, window, tenant, content
// fingerprint), and its stored encoding. Keys and values are built and parsed only here.
//
// Formats (on disk; never renumber, never change an existing version's layout):
//   key:   fixed64 big-endian window start (microseconds, sign bit flipped so the order is
//          time order), string tenant, fixed64 big-endian fingerprint
//   value: u8 version (1), varint messages, three HyperLogLogs (recipients, recipients without
//          consent, senders), varint sample size, then per sampled sender: string id, varint
//          messages (ids strictly increasing).

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/status.h"
#include "core/time.h"
#include "detectors/sender/hyperloglog.h"

namespace consentry {

struct FanoutKey {
  Timestamp window_start;
  TenantId tenant;
  uint64_t fingerprint = 0;
  friend auto operator<=>(const FanoutKey&, const FanoutKey&) = default;
  friend bool operator==(const FanoutKey&, const FanoutKey&) = default;
};

std::string EncodeFanoutKey(const FanoutKey& key);
// DataLoss for bytes EncodeFanoutKey never writes.
StatusOr<FanoutKey> DecodeFanoutKey(std::string_view bytes);

struct FanoutEntry;

// The senders with the kSenderSample smallest StableHash64(id) (ties by id), each with its
// message count. A deterministic sample whatever the order of Adds and merges, and each count is
// exact: a sender in the final sample was in it from its first message on.
class SenderSample {
 public:
  static constexpr size_t kSenderSample = 32;

  void Add(const SenderId& sender, int64_t messages);
  void Merge(const SenderSample& other);
  const std::map<SenderId, int64_t>& counts() const { return counts_; }

  friend bool operator==(const SenderSample&, const SenderSample&) = default;

 private:
  friend StatusOr<FanoutEntry> DecodeFanoutEntry(std::string_view bytes);
  std::map<SenderId, int64_t> counts_;
};

struct FanoutEntry {
  explicit FanoutEntry(int precision = HyperLogLog::kDefaultPrecision)
      : recipients(precision), unconsented(precision), senders(precision) {}
  int64_t messages = 0;
  HyperLogLog recipients;
  HyperLogLog unconsented;  // recipients of messages that lacked consent
  HyperLogLog senders;      // StableHash64 of the sender ids
  SenderSample sample;

  // The entry of the union of both inputs.
  void Merge(const FanoutEntry& other);
  friend bool operator==(const FanoutEntry&, const FanoutEntry&) = default;
};

std::string EncodeFanoutEntry(const FanoutEntry& entry);
// DataLoss for bytes EncodeFanoutEntry never writes.
StatusOr<FanoutEntry> DecodeFanoutEntry(std::string_view bytes);

}  // namespace consentry
