#include "state/campaign_codec.h"

#include "state/codec.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

// Leading byte of every encoded declaration. Never reuse a number; 2 is taken by the campaign
// history format (campaign_history.cc), which shares the family.
constexpr uint8_t kCampaignFormatV1 = 1;
constexpr uint8_t kCampaignFormatV3 = 3;  // V1 + expected_volume

}  // namespace

std::string EncodeCampaign(const CampaignDeclaration& c) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kCampaignFormatV3);
  w.PutString(c.campaign_id.value());
  w.PutString(c.tenant.value());
  wire::PutStrings(w, c.declared_purposes);
  w.PutBool(c.channels.has_value());
  if (c.channels) wire::PutChannelSet(w, *c.channels);
  wire::PutStrings(w, c.allowed_data_sources);
  wire::PutOptionalBool(w, c.ai_content);
  wire::PutOptionalTimestamp(w, c.valid_from);
  wire::PutOptionalTimestamp(w, c.valid_to);
  w.PutString(c.owner);
  w.PutBool(c.expected_volume.has_value());
  if (c.expected_volume) w.PutSignedVarint64(*c.expected_volume);
  return out;
}

StatusOr<CampaignDeclaration> DecodeCampaign(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version;
  if (!r.ReadU8(&version)) return DataLoss("campaign: empty value");
  if (version != kCampaignFormatV1 && version != kCampaignFormatV3) {
    return DataLoss("campaign: unknown format version " + std::to_string(version));
  }
  CampaignDeclaration c;
  bool has_channels = false;
  bool ok = wire::ReadId(r, &c.campaign_id) && wire::ReadId(r, &c.tenant) &&
            wire::ReadStrings(r, &c.declared_purposes) && r.ReadBool(&has_channels);
  if (ok && has_channels) {
    ChannelSet set;
    ok = wire::ReadChannelSet(r, &set);
    c.channels = std::move(set);
  }
  ok = ok && wire::ReadStrings(r, &c.allowed_data_sources) &&
       wire::ReadOptionalBool(r, &c.ai_content) && wire::ReadOptionalTimestamp(r, &c.valid_from) &&
       wire::ReadOptionalTimestamp(r, &c.valid_to) && r.ReadString(&c.owner);
  if (ok && version == kCampaignFormatV3) {
    bool has_volume = false;
    int64_t volume = 0;
    ok = r.ReadBool(&has_volume) && (!has_volume || r.ReadSignedVarint64(&volume));
    if (has_volume) c.expected_volume = volume;
  }
  if (!ok) return DataLoss("campaign: truncated or malformed value");
  if (!r.empty()) return DataLoss("campaign: trailing bytes");
  return c;
}

}  // namespace consentry
