// consent.v1: one decision a person made (docs/schemas.md#consentv1).

#include <optional>
#include <utility>

#include "ingest/schemas/schemas.h"

namespace consentry::ingest_internal {
namespace {

constexpr std::string_view kConsentNames[] = {
    "schema",      "event_id", "recorded_at", "tenant",        "subject",    "action",
    "channels",    "purposes", "legal_basis", "method",        "source",     "named_senders",
    "expires_at",  "relationship", "evidence"};
constexpr std::string_view kRelationshipNames[] = {"kind", "at"};
constexpr std::string_view kEvidenceNames[] = {"receipt_id", "notice_version"};

// relationship {kind*, at} and evidence {receipt_id, notice_version}.
bool ReadConsentObjects(Ctx& ctx, const Fields& top, ConsentEvent* ev) {
  Fields rel(kRelationshipNames, "relationship");
  bool present;
  if (!ReadObject(ctx, top, "relationship", &rel, &present)) return false;
  if (present && (!ReadEnum(ctx, rel, "kind", Need::kRequired, &ParseRelationshipKind, 2,
                            &ev->relationship_kind) ||
                  !ReadTime(ctx, rel, "at", Need::kOptional, &ev->relationship_at))) {
    return false;
  }
  Fields evidence(kEvidenceNames, "evidence");
  if (!ReadObject(ctx, top, "evidence", &evidence, &present)) return false;
  return !present ||
         (ReadString(ctx, evidence, "receipt_id", Need::kOptional, &ev->evidence_receipt_id) &&
          ReadString(ctx, evidence, "notice_version", Need::kOptional,
                     &ev->evidence_notice_version));
}

}  // namespace

bool Schema<ConsentEvent>::Decode(Ctx& ctx, dom::object object, ConsentEvent* ev) {
  Fields f(kConsentNames, "");
  if (!f.Collect(ctx, object)) return false;
  std::optional<ConsentAction> action;
  std::optional<ChannelSet> channels;
  std::vector<std::string> named_senders;
  if (!ReadId(ctx, f, "event_id", Need::kRequired, &ev->event_id) ||
      !ReadRequiredTime(ctx, f, "recorded_at", &ev->recorded_at) ||
      !ReadId(ctx, f, "tenant", Need::kRequired, &ev->tenant) ||
      !ReadId(ctx, f, "subject", Need::kRequired, &ev->subject) ||
      !ReadEnum(ctx, f, "action", Need::kRequired, &ParseConsentAction, 4, &action) ||
      !ReadChannels(ctx, f, "channels", Need::kRequired, &channels) ||
      !ReadStringList(ctx, f, "purposes", Need::kRequired, Items::kPurposePath, &ev->purposes) ||
      !ReadEnum(ctx, f, "legal_basis", Need::kOptional, &ParseLegalBasis, 6, &ev->legal_basis) ||
      !ReadEnum(ctx, f, "method", Need::kOptional, &ParseConsentMethod, 7, &ev->method) ||
      !ReadString(ctx, f, "source", Need::kOptional, &ev->source) ||
      !ReadStringList(ctx, f, "named_senders", Need::kOptional, Items::kNonEmptyString,
                      &named_senders) ||
      !ReadTime(ctx, f, "expires_at", Need::kOptional, &ev->expires_at) ||
      !ReadConsentObjects(ctx, f, ev)) {
    return false;
  }
  ev->action = *action;
  ev->channels = std::move(*channels);
  if (!IsSource(ev->source)) {
    return ctx.Fail(dc::kBadValue, f.At("source"),
                    "must be first_party or third_party:<name>");
  }
  ev->named_senders.reserve(named_senders.size());
  for (std::string& s : named_senders) ev->named_senders.emplace_back(std::move(s));
  return true;
}

}  // namespace consentry::ingest_internal
