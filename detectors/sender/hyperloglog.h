#pragma once
// A small HyperLogLog (Flajolet et al. 2007) for the distinct counts of content.fanout:
// recipients, recipients without consent, and senders of one content fingerprint in one window.
//
// Small sets stay exact and small: up to SparseLimit() distinct items the sketch keeps the
// (mixed) hashes themselves and Estimate() is the exact count; past it, 2^precision one-byte
// registers. Estimate() is the raw harmonic-mean estimate, corrected by linear counting in the
// small range (raw estimate <= 2.5 * 2^precision with some register still zero), as in the
// original paper. Standard error about 1.04 / sqrt(2^precision): 1.6 % at the default 12.
//
// Merge() is the sketch of the union, whatever the order of Adds and Merges. Sketches of
// different precision merge at the lower one.
//
// The encoding is stored (inside content.fanout's state values): never change how an existing
// version encodes; the mixing function is part of the format.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state/codec.h"

namespace consentry {

// A 64-bit finaliser (splitmix64) so that items that are small or structured integers spread
// over the registers. A bijection: distinct items stay distinct.
uint64_t MixHash64(uint64_t x);
// A stable 64-bit hash of bytes (FNV-1a, then MixHash64), identical on every platform and run.
uint64_t StableHash64(std::string_view bytes);

class HyperLogLog {
 public:
  static constexpr int kMinPrecision = 4;
  static constexpr int kMaxPrecision = 16;
  static constexpr int kDefaultPrecision = 12;

  // `precision` in [kMinPrecision, kMaxPrecision] (checked).
  explicit HyperLogLog(int precision = kDefaultPrecision);

  void Add(uint64_t item);
  void Merge(const HyperLogLog& other);
  // The estimated number of distinct items added (exact while sparse).
  int64_t Estimate() const;

  int precision() const { return precision_; }
  bool sparse() const { return registers_.empty(); }
  // Distinct items kept exactly before switching to registers: 2^precision / 8.
  size_t SparseLimit() const { return (size_t{1} << precision_) / 8; }

  void Encode(ByteWriter& out) const;
  // False (reader failed) for bytes that Encode never writes.
  [[nodiscard]] static bool Decode(ByteReader& in, HyperLogLog* out);

  friend bool operator==(const HyperLogLog&, const HyperLogLog&) = default;

 private:
  void ToDense();
  void AddMixed(uint64_t h);
  // Lowers the precision to `p` (< precision_), as if every item had been added at `p`.
  void Fold(int p);

  int precision_;
  std::vector<uint64_t> hashes_;    // sorted, distinct; only while sparse
  std::vector<uint8_t> registers_;  // 2^precision_ entries once dense
};

}  // namespace consentry
