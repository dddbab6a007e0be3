// outbound.v1: one message sent (docs/schemas.md#outboundv1).

#include <optional>

#include "ingest/schemas/schemas.h"

namespace consentry::ingest_internal {
namespace {

constexpr std::string_view kOutboundNames[] = {
    "schema",  "event_id",    "sent_at",     "tenant",       "subject", "channel",  "purpose",
    "sender_id", "campaign_id", "jurisdiction", "recipient_tz", "content", "targeting"};
constexpr std::string_view kContentNames[] = {
    "fingerprint", "template_id", "has_unsubscribe", "ai_generated", "ai_disclosed", "length"};
constexpr std::string_view kTargetingNames[] = {"data_sources"};

bool ReadContent(Ctx& ctx, const Fields& top, Content* out) {
  Fields f(kContentNames, "content");
  bool present;
  if (!ReadObject(ctx, top, "content", &f, &present)) return false;
  if (!present) return true;
  std::string fingerprint;
  if (!ReadString(ctx, f, "fingerprint", Need::kOptional, &fingerprint)) return false;
  if (f.Get("fingerprint") != nullptr) {
    out->fingerprint = ParseFingerprint(fingerprint);
    if (!out->fingerprint) {
      return ctx.Fail(dc::kBadValue, f.At("fingerprint"), "must be 1 to 16 hex digits");
    }
  }
  return ReadString(ctx, f, "template_id", Need::kOptional, &out->template_id) &&
         ReadBool(ctx, f, "has_unsubscribe", &out->has_unsubscribe) &&
         ReadBool(ctx, f, "ai_generated", &out->ai_generated) &&
         ReadBool(ctx, f, "ai_disclosed", &out->ai_disclosed) &&
         ReadNonNegativeInt(ctx, f, "length", INT64_MAX, &out->length);
}

}  // namespace

bool Schema<OutboundEvent>::Decode(Ctx& ctx, dom::object object, OutboundEvent* ev) {
  Fields f(kOutboundNames, "");
  if (!f.Collect(ctx, object)) return false;
  std::optional<Channel> channel;
  if (!ReadId(ctx, f, "event_id", Need::kRequired, &ev->event_id) ||
      !ReadRequiredTime(ctx, f, "sent_at", &ev->sent_at) ||
      !ReadId(ctx, f, "tenant", Need::kRequired, &ev->tenant) ||
      !ReadId(ctx, f, "subject", Need::kRequired, &ev->subject) ||
      !ReadEnum(ctx, f, "channel", Need::kRequired, &ParseChannel, 8, &channel) ||
      !ReadString(ctx, f, "purpose", Need::kRequired, &ev->purpose) ||
      !ReadId(ctx, f, "sender_id", Need::kRequired, &ev->sender_id) ||
      !ReadId(ctx, f, "campaign_id", Need::kOptional, &ev->campaign_id) ||
      !ReadString(ctx, f, "jurisdiction", Need::kOptional, &ev->jurisdiction) ||
      !ReadString(ctx, f, "recipient_tz", Need::kOptional, &ev->recipient_tz)) {
    return false;
  }
  ev->channel = *channel;
  if (!IsPurposePath(ev->purpose)) {
    return ctx.Fail(dc::kBadValue, f.At("purpose"),
                    "must be a dot path of lowercase segments [a-z0-9_], such as "
                    "marketing.communications.email");
  }
  if (!ev->jurisdiction.empty() && !IsJurisdiction(ev->jurisdiction)) {
    return ctx.Fail(dc::kBadValue, f.At("jurisdiction"),
                    "must be an ISO 3166 country or subdivision code such as DK or US-FL");
  }
  if (!IsZoneName(ev->recipient_tz)) {
    return ctx.Fail(dc::kBadValue, f.At("recipient_tz"),
                    "must be an IANA time zone name such as Europe/Copenhagen");
  }
  if (!ReadContent(ctx, f, &ev->content)) return false;
  Fields targeting(kTargetingNames, "targeting");
  bool present;
  if (!ReadObject(ctx, f, "targeting", &targeting, &present)) return false;
  return !present || ReadStringList(ctx, targeting, "data_sources", Need::kOptional,
                                    Items::kNonEmptyString, &ev->data_sources);
}

}  // namespace consentry::ingest_internal
