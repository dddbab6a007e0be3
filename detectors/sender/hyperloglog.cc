#include "detectors/sender/hyperloglog.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/status.h"

namespace consentry {
namespace {

constexpr uint8_t kSparse = 0;
constexpr uint8_t kDense = 1;

int MaxRank(int precision) { return 64 - precision + 1; }

}  // namespace

uint64_t MixHash64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t StableHash64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return MixHash64(h);
}

HyperLogLog::HyperLogLog(int precision) : precision_(precision) {
  CONSENTRY_CHECK(precision >= kMinPrecision && precision <= kMaxPrecision);
}

void HyperLogLog::Add(uint64_t item) { AddMixed(MixHash64(item)); }

void HyperLogLog::AddMixed(uint64_t h) {
  if (sparse()) {
    const auto it = std::lower_bound(hashes_.begin(), hashes_.end(), h);
    if (it != hashes_.end() && *it == h) return;
    hashes_.insert(it, h);
    if (hashes_.size() > SparseLimit()) ToDense();
    return;
  }
  const uint64_t index = h >> (64 - precision_);
  const uint64_t rest = h << precision_;
  const int rank = rest == 0 ? MaxRank(precision_) : std::countl_zero(rest) + 1;
  uint8_t& r = registers_[index];
  r = std::max(r, static_cast<uint8_t>(rank));
}

void HyperLogLog::ToDense() {
  std::vector<uint64_t> hashes = std::move(hashes_);
  hashes_.clear();
  registers_.assign(size_t{1} << precision_, 0);
  for (uint64_t h : hashes) AddMixed(h);
}

void HyperLogLog::Fold(int p) {
  CONSENTRY_CHECK(p < precision_ && p >= kMinPrecision);
  const int d = precision_ - p;
  if (sparse()) {
    precision_ = p;
    std::vector<uint64_t> hashes = std::move(hashes_);
    hashes_.clear();
    for (uint64_t h : hashes) AddMixed(h);
    return;
  }
  std::vector<uint8_t> folded(size_t{1} << p, 0);
  for (size_t i = 0; i < registers_.size(); ++i) {
    const uint8_t r = registers_[i];
    if (r == 0) continue;
    // The d low bits of the old index become the leading bits of the new rest.
    const uint64_t low = i & ((uint64_t{1} << d) - 1);
    const int rank = low != 0 ? d - std::bit_width(low) + 1 : d + r;
    uint8_t& slot = folded[i >> d];
    slot = std::max(slot, static_cast<uint8_t>(std::min(rank, MaxRank(p))));
  }
  precision_ = p;
  registers_ = std::move(folded);
}

void HyperLogLog::Merge(const HyperLogLog& other) {
  if (other.precision_ < precision_) Fold(other.precision_);
  if (other.precision_ > precision_) {
    HyperLogLog lowered = other;
    lowered.Fold(precision_);
    Merge(lowered);
    return;
  }
  if (other.sparse()) {
    for (uint64_t h : other.hashes_) AddMixed(h);
    return;
  }
  if (sparse()) ToDense();
  for (size_t i = 0; i < registers_.size(); ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
}

int64_t HyperLogLog::Estimate() const {
  if (sparse()) return static_cast<int64_t>(hashes_.size());
  const double m = static_cast<double>(registers_.size());
  double sum = 0;
  int zeros = 0;
  for (uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0 ? 1 : 0;
  }
  double alpha = 0.7213 / (1.0 + 1.079 / m);
  if (registers_.size() == 16) alpha = 0.673;
  if (registers_.size() == 32) alpha = 0.697;
  if (registers_.size() == 64) alpha = 0.709;
  const double raw = alpha * m * m / sum;
  // Small range: the raw estimate is biased upwards below 2.5 m; linear counting is not.
  if (raw <= 2.5 * m && zeros > 0) return std::llround(m * std::log(m / zeros));
  return std::llround(raw);
}

// Format: u8 precision, u8 representation; sparse: varint count, then the sorted hashes as
// varint gaps (the first from 0); dense: 2^precision register bytes.
void HyperLogLog::Encode(ByteWriter& out) const {
  out.PutU8(static_cast<uint8_t>(precision_));
  if (sparse()) {
    out.PutU8(kSparse);
    out.PutVarint64(hashes_.size());
    uint64_t prev = 0;
    for (uint64_t h : hashes_) {
      out.PutVarint64(h - prev);
      prev = h;
    }
    return;
  }
  out.PutU8(kDense);
  out.PutRaw(std::string_view(reinterpret_cast<const char*>(registers_.data()),
                              registers_.size()));
}

bool HyperLogLog::Decode(ByteReader& in, HyperLogLog* out) {
  uint8_t precision = 0;
  uint8_t kind = 0;
  if (!in.ReadU8(&precision) || !in.ReadU8(&kind)) return false;
  if (precision < kMinPrecision || precision > kMaxPrecision) return in.Fail();
  HyperLogLog h(precision);
  if (kind == kSparse) {
    uint64_t n = 0;
    if (!in.ReadCount(&n) || n > h.SparseLimit()) return in.Fail();
    h.hashes_.reserve(n);
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t gap = 0;
      if (!in.ReadVarint64(&gap)) return false;
      // Strictly increasing (a zero gap only for a first hash of 0), no wrap-around.
      if ((i > 0 && gap == 0) || gap > ~uint64_t{0} - prev) return in.Fail();
      prev += gap;
      h.hashes_.push_back(prev);
    }
  } else if (kind == kDense) {
    std::string_view bytes;
    if (!in.ReadRaw(size_t{1} << precision, &bytes)) return false;
    h.registers_.assign(bytes.begin(), bytes.end());
    for (uint8_t r : h.registers_) {
      if (r > MaxRank(precision)) return in.Fail();
    }
  } else {
    return in.Fail();
  }
  *out = std::move(h);
  return true;
}

}  // namespace consentry
