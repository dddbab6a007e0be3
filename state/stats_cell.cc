#include "state/stats_cell.h"

#include <iterator>

#include "state/codec.h"
#include "state/heap_bytes.h"
#include "state/keys.h"

namespace consentry {
namespace {

// Leading byte of every stored cell. Never reuse a number.
constexpr uint8_t kStatsCellFormatV1 = 1;
// No count gets near this (2^48 messages); bounding them keeps sums over many cells in range.
constexpr uint64_t kMaxCount = uint64_t{1} << 48;

}  // namespace

std::string StatsCellStateKey(const StatsCellKey& key) {
  return StatsKey({.partition = key.partition,
                   .day = key.day,
                   .tenant = key.tenant.value(),
                   .channel = key.channel,
                   .purpose = key.purpose,
                   .jurisdiction = key.jurisdiction});
}

void StatsCell::RetractViolation(const std::string& detector) {
  const auto it = violations.find(detector);
  if (it == violations.end()) return;
  if (--it->second == 0) violations.erase(it);
}

size_t StatsCell::ApproxBytes() const {
  size_t bytes = 0;
  for (const auto& [detector, n] : violations) {
    bytes += TreeNodeBytes(sizeof(std::pair<const std::string, int64_t>)) + HeapBytes(detector);
  }
  return bytes;
}

std::string StatsCell::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kStatsCellFormatV1);
  w.PutVarint64(static_cast<uint64_t>(screened));
  w.PutVarint64(static_cast<uint64_t>(ai_generated));
  w.PutVarint64(static_cast<uint64_t>(ai_disclosed));
  w.PutVarint64(violations.size());
  for (const auto& [detector, count] : violations) {
    w.PutString(detector);
    w.PutVarint64(static_cast<uint64_t>(count));
  }
  w.PutString(honoured.Encode());
  return out;
}

StatusOr<StatsCell> StatsCell::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  StatsCell cell;
  uint8_t version;
  uint64_t screened, ai_generated, ai_disclosed, detectors;
  if (!r.ReadU8(&version) || version != kStatsCellFormatV1 || !r.ReadVarint64(&screened) ||
      !r.ReadVarint64(&ai_generated) || !r.ReadVarint64(&ai_disclosed) ||
      !r.ReadVarint64(&detectors)) {
    return DataLoss("stats cell: malformed value");
  }
  if (screened > kMaxCount || ai_generated > screened || ai_disclosed > ai_generated) {
    return DataLoss("stats cell: counts out of range");
  }
  if (detectors > r.remaining()) return DataLoss("stats cell: truncated detectors");
  for (uint64_t i = 0; i < detectors; ++i) {
    std::string_view detector;
    uint64_t count;
    if (!r.ReadStringView(&detector) || !r.ReadVarint64(&count)) {
      return DataLoss("stats cell: truncated detectors");
    }
    if (count == 0 || count > kMaxCount) return DataLoss("stats cell: violation count out of range");
    if (!cell.violations.emplace(std::string(detector), static_cast<int64_t>(count)).second ||
        (i > 0 && std::prev(cell.violations.end())->first != detector)) {
      return DataLoss("stats cell: detectors out of order");
    }
  }
  std::string_view histogram;
  if (!r.ReadStringView(&histogram) || !r.empty()) return DataLoss("stats cell: malformed tail");
  CONSENTRY_ASSIGN_OR_RETURN(cell.honoured, DelayHistogram::Decode(histogram));
  if (static_cast<uint64_t>(cell.honoured.count()) > kMaxCount) {
    return DataLoss("stats cell: delay count out of range");
  }
  cell.screened = static_cast<int64_t>(screened);
  cell.ai_generated = static_cast<int64_t>(ai_generated);
  cell.ai_disclosed = static_cast<int64_t>(ai_disclosed);
  return cell;
}

}  // namespace consentry
