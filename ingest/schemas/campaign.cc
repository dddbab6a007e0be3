// campaign.v1: what a campaign declared (docs/schemas.md#campaignv1).

#include "ingest/schemas/schemas.h"

namespace consentry::ingest_internal {
namespace {

constexpr std::string_view kCampaignNames[] = {
    "schema",     "campaign_id", "tenant",   "declared_purposes", "channels",
    "allowed_data_sources", "ai_content", "valid_from", "valid_to", "owner", "expected_volume"};

}  // namespace

bool Schema<CampaignDeclaration>::Decode(Ctx& ctx, dom::object object, CampaignDeclaration* ev) {
  Fields f(kCampaignNames, "");
  if (!f.Collect(ctx, object)) return false;
  if (!ReadId(ctx, f, "campaign_id", Need::kRequired, &ev->campaign_id) ||
      !ReadId(ctx, f, "tenant", Need::kRequired, &ev->tenant) ||
      !ReadStringList(ctx, f, "declared_purposes", Need::kRequired, Items::kPurposePath,
                      &ev->declared_purposes) ||
      !ReadChannels(ctx, f, "channels", Need::kOptional, &ev->channels) ||
      !ReadStringList(ctx, f, "allowed_data_sources", Need::kOptional, Items::kNonEmptyString,
                      &ev->allowed_data_sources) ||
      !ReadBool(ctx, f, "ai_content", &ev->ai_content) ||
      !ReadTime(ctx, f, "valid_from", Need::kOptional, &ev->valid_from) ||
      !ReadTime(ctx, f, "valid_to", Need::kOptional, &ev->valid_to) ||
      !ReadString(ctx, f, "owner", Need::kOptional, &ev->owner) ||
      !ReadNonNegativeInt(ctx, f, "expected_volume", kMaxExpectedVolume,
                          &ev->expected_volume)) {
    return false;
  }
  if (ev->valid_from && ev->valid_to && *ev->valid_to < *ev->valid_from) {
    return ctx.Fail(dc::kBadValue, f.At("valid_to"), "is earlier than field 'valid_from'");
  }
  return true;
}

}  // namespace consentry::ingest_internal
