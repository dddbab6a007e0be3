// feedback.v1: what a recipient did with a message (docs/schemas.md#feedbackv1).

#include <optional>
#include <string>

#include "ingest/schemas/schemas.h"

namespace consentry::ingest_internal {
namespace {

constexpr std::string_view kFeedbackNames[] = {
    "schema",       "event_id",  "at",          "subject", "channel",
    "kind",         "ref_event_id", "sender_id", "campaign_id", "tenant"};

// A STOP reply or an unsubscribe click withdraws marketing for the tenant that sent the message
// (design brief section 1), so it means nothing without that tenant: guessing one, or applying
// it to every tenant, would put a withdrawal where the person never made it.
bool IsWithdrawal(FeedbackKind kind) {
  switch (kind) {
    case FeedbackKind::kStopReply:
    case FeedbackKind::kUnsubscribeClick:
      return true;
    case FeedbackKind::kComplaint:
    case FeedbackKind::kBounce:
      return false;
  }
  return false;
}

bool CheckWithdrawalTenant(Ctx& ctx, const Fields& f, const FeedbackEvent& ev) {
  if (!IsWithdrawal(ev.kind) || !ev.tenant.empty()) return true;
  // The kind is one of our enum words, not personal data, so it may be quoted.
  const std::string why = "kind " + std::string(Name(ev.kind)) +
                          " is a withdrawal of marketing for one tenant, so it must name that "
                          "tenant";
  if (f.Get("tenant") == nullptr) {
    return ctx.Fail(dc::kMissingField,
                    "required " + f.At("tenant").Describe() + " is missing or null: " + why);
  }
  return ctx.Fail(dc::kBadValue, f.At("tenant"), "must not be empty: " + why);
}

}  // namespace

bool Schema<FeedbackEvent>::Decode(Ctx& ctx, dom::object object, FeedbackEvent* ev) {
  Fields f(kFeedbackNames, "");
  if (!f.Collect(ctx, object)) return false;
  std::optional<Channel> channel;
  std::optional<FeedbackKind> kind;
  if (!ReadId(ctx, f, "event_id", Need::kRequired, &ev->event_id) ||
      !ReadRequiredTime(ctx, f, "at", &ev->at) ||
      !ReadId(ctx, f, "subject", Need::kRequired, &ev->subject) ||
      !ReadEnum(ctx, f, "channel", Need::kRequired, &ParseChannel, 8, &channel) ||
      !ReadEnum(ctx, f, "kind", Need::kRequired, &ParseFeedbackKind, 4, &kind) ||
      !ReadId(ctx, f, "ref_event_id", Need::kOptional, &ev->ref_event_id) ||
      !ReadId(ctx, f, "sender_id", Need::kOptional, &ev->sender_id) ||
      !ReadId(ctx, f, "campaign_id", Need::kOptional, &ev->campaign_id) ||
      !ReadId(ctx, f, "tenant", Need::kOptional, &ev->tenant)) {
    return false;
  }
  ev->channel = *channel;
  ev->kind = *kind;
  return CheckWithdrawalTenant(ctx, f, *ev);
}

}  // namespace consentry::ingest_internal
