#include "state/campaign_history.h"

#include <algorithm>
#include <utility>

#include "state/campaign_codec.h"
#include "state/codec.h"
#include "state/heap_bytes.h"

namespace consentry {
namespace {

// Leading byte of a stored history. Any other leading byte is a single declaration
// (campaign_codec.cc: 1 or 3), the format before versions were kept; it still decodes, as a
// history of one. Never reuse a number.
constexpr uint8_t kHistoryFormatV2 = 2;

Timestamp From(const CampaignDeclaration& d) { return d.valid_from.value_or(Timestamp::min()); }

}  // namespace

bool CampaignHistory::Add(CampaignDeclaration declaration) {
  const std::string encoded = EncodeCampaign(declaration);
  for (size_t i = 0; i < versions_.size(); ++i) {
    if (EncodeCampaign(versions_[i]) != encoded) continue;
    if (i + 1 == versions_.size()) return false;  // a redelivery of the newest version
    // Published again (a rollback): it becomes the newest.
    std::rotate(versions_.begin() + static_cast<std::ptrdiff_t>(i),
                versions_.begin() + static_cast<std::ptrdiff_t>(i) + 1, versions_.end());
    return true;
  }
  versions_.push_back(std::move(declaration));
  return true;
}

const CampaignDeclaration* CampaignHistory::At(Timestamp at) const {
  // The version that started last at or before `at` supersedes every older one from its start
  // (">=": among equal valid_from the one added last); it is in force unless it has ended.
  const CampaignDeclaration* latest = nullptr;
  for (const CampaignDeclaration& v : versions_) {
    if (From(v) > at) continue;
    if (latest == nullptr || From(v) >= From(*latest)) latest = &v;
  }
  if (latest == nullptr || (latest->valid_to && at >= *latest->valid_to)) return nullptr;
  return latest;
}

size_t CampaignHistory::ApproxBytes() const {
  size_t bytes = versions_.capacity() * sizeof(CampaignDeclaration);
  for (const CampaignDeclaration& v : versions_) {
    bytes += HeapBytes(v.campaign_id) + HeapBytes(v.tenant) + HeapBytes(v.declared_purposes) +
             HeapBytes(v.allowed_data_sources) + HeapBytes(v.owner);
  }
  return bytes;
}

std::string CampaignHistory::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kHistoryFormatV2);
  w.PutVarint64(versions_.size());
  for (const CampaignDeclaration& v : versions_) w.PutString(EncodeCampaign(v));
  return out;
}

StatusOr<CampaignHistory> CampaignHistory::Decode(std::string_view bytes) {
  CampaignHistory history;
  if (!bytes.empty() && static_cast<uint8_t>(bytes[0]) != kHistoryFormatV2) {
    CONSENTRY_ASSIGN_OR_RETURN(CampaignDeclaration d, DecodeCampaign(bytes));
    history.versions_.push_back(std::move(d));
    return history;
  }
  ByteReader r(bytes);
  uint8_t version;
  if (!r.ReadU8(&version)) return DataLoss("campaign history: empty value");
  if (version != kHistoryFormatV2) {
    return DataLoss("campaign history: unknown format version " + std::to_string(version));
  }
  uint64_t n;
  if (!r.ReadCount(&n)) return DataLoss("campaign history: bad version count");
  for (uint64_t i = 0; i < n; ++i) {
    std::string encoded;
    if (!r.ReadString(&encoded)) return DataLoss("campaign history: truncated version");
    auto d = DecodeCampaign(encoded);
    if (!d.ok()) return d.status().WithContext("campaign history version " + std::to_string(i));
    history.versions_.push_back(std::move(d).value());
  }
  if (!r.empty()) return DataLoss("campaign history: trailing bytes");
  return history;
}

}  // namespace consentry
