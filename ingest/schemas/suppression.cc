// suppression.v1: a do-not-contact entry (docs/schemas.md#suppressionv1).

#include <optional>

#include "ingest/schemas/schemas.h"

namespace consentry::ingest_internal {
namespace {

constexpr std::string_view kSuppressionNames[] = {
    "schema", "subject", "list", "channels", "added_at", "removed_at", "tenant"};

}  // namespace

bool Schema<SuppressionEvent>::Decode(Ctx& ctx, dom::object object, SuppressionEvent* ev) {
  Fields f(kSuppressionNames, "");
  if (!f.Collect(ctx, object)) return false;
  std::optional<SuppressionList> list;
  if (!ReadId(ctx, f, "subject", Need::kRequired, &ev->subject) ||
      !ReadEnum(ctx, f, "list", Need::kRequired, &ParseSuppressionList, 4, &list) ||
      !ReadChannels(ctx, f, "channels", Need::kOptional, &ev->channels) ||
      !ReadRequiredTime(ctx, f, "added_at", &ev->added_at) ||
      !ReadTime(ctx, f, "removed_at", Need::kOptional, &ev->removed_at) ||
      !ReadId(ctx, f, "tenant", Need::kOptional, &ev->tenant)) {
    return false;
  }
  ev->list = *list;
  // An absent tenant widens the entry to every tenant. An empty string is more likely a
  // producer's bug than that intent, so it is rejected rather than read as "every tenant".
  if (f.Get("tenant") != nullptr && ev->tenant.empty()) {
    return ctx.Fail(dc::kBadValue, f.At("tenant"),
                    "must not be empty (leave it out for an entry that applies to every tenant)");
  }
  if (ev->removed_at && *ev->removed_at < ev->added_at) {
    return ctx.Fail(dc::kBadValue, f.At("removed_at"), "is earlier than field 'added_at'");
  }
  return true;
}

}  // namespace consentry::ingest_internal
