#pragma once
// The stored form of a CampaignDeclaration (column family `campaigns`): a format version byte,
// then every field. Decode returns DataLoss on truncated or malformed bytes and never crashes.

#include <string>
#include <string_view>

#include "core/events.h"
#include "core/status.h"

namespace consentry {

std::string EncodeCampaign(const CampaignDeclaration& campaign);
StatusOr<CampaignDeclaration> DecodeCampaign(std::string_view bytes);

}  // namespace consentry
