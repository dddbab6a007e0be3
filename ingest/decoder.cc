#include "ingest/decoder.h"

#include <new>
#include <optional>
#include <utility>

#include "ingest/field_reader.h"

namespace consentry {
namespace {

using namespace ingest_internal;  // NOLINT: the readers are this file's vocabulary

// ---- Schemas ----

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
  if (!ReadString(ctx, f, "template_id", Need::kOptional, &out->template_id) ||
      !ReadBool(ctx, f, "has_unsubscribe", &out->has_unsubscribe) ||
      !ReadBool(ctx, f, "ai_generated", &out->ai_generated) ||
      !ReadBool(ctx, f, "ai_disclosed", &out->ai_disclosed)) {
    return false;
  }
  if (const dom::element* e = f.Get("length")) {
    const dom::element_type type = e->type();
    if (type != dom::element_type::INT64 && type != dom::element_type::UINT64) {
      return ctx.Fail(dc::kWrongType, f.At("length"), "must be an integer");
    }
    int64_t length;
    if (e->get_int64().get(length) != simdjson::SUCCESS || length < 0) {
      return ctx.Fail(dc::kBadValue, f.At("length"), "must be between 0 and 2^63-1");
    }
    out->length = length;
  }
  return true;
}

bool DecodeOutbound(Ctx& ctx, dom::object object, OutboundEvent* ev) {
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

bool DecodeConsent(Ctx& ctx, dom::object object, ConsentEvent* ev) {
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

constexpr std::string_view kCampaignNames[] = {
    "schema",     "campaign_id", "tenant",   "declared_purposes", "channels",
    "allowed_data_sources", "ai_content", "valid_from", "valid_to", "owner"};

bool DecodeCampaign(Ctx& ctx, dom::object object, CampaignDeclaration* ev) {
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
      !ReadString(ctx, f, "owner", Need::kOptional, &ev->owner)) {
    return false;
  }
  if (ev->valid_from && ev->valid_to && *ev->valid_to < *ev->valid_from) {
    return ctx.Fail(dc::kBadValue, f.At("valid_to"), "is earlier than field 'valid_from'");
  }
  return true;
}

// True if arrays/objects nest deeper than `max_depth`. Brackets inside strings do not count.
// Runs before parsing so a hostile record costs one linear scan, not a deep parse.
bool NestsDeeperThan(std::string_view bytes, size_t max_depth) {
  // Fast path for the common record: too few brackets in total to nest that deep.
  const auto opening = static_cast<size_t>(
      std::count_if(bytes.begin(), bytes.end(), [](char c) { return c == '{' || c == '['; }));
  if (opening <= max_depth) return false;
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : bytes) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return true;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return false;
}

DecodeError ParseError(simdjson::error_code code, const DecodeLimits& limits) {
  switch (code) {
    case simdjson::EMPTY:
      return {std::string(dc::kBadJson), "record is empty or only whitespace"};
    case simdjson::UTF8_ERROR:
      return {std::string(dc::kBadUtf8), "record is not valid UTF-8"};
    case simdjson::DEPTH_ERROR:
      return {std::string(dc::kTooDeep),
              "record nests deeper than " + std::to_string(limits.max_depth) + " levels"};
    case simdjson::CAPACITY:
      return {std::string(dc::kOversize), "record is larger than the parser capacity"};
    case simdjson::MEMALLOC:
      return {std::string(dc::kInternal), "out of memory while parsing the record"};
    case simdjson::UNESCAPED_CHARS:
      return {std::string(dc::kBadJson), "record has an unescaped control character in a string"};
    default:
      // simdjson's messages describe the syntax problem, never the input text.
      return {std::string(dc::kBadJson),
              std::string("record is not valid JSON: ") + simdjson::error_message(code)};
  }
}

}  // namespace

struct Decoder::Impl {
  explicit Impl(size_t max_capacity) : parser(max_capacity) {}
  // Reused across records: its tape, string buffer and padded copy of the input grow to the
  // largest record seen (bounded by max_record_bytes) and are then never reallocated.
  dom::parser parser;
};

Decoder::Decoder(DecodeLimits limits)
    : limits_(limits),
      impl_(std::make_unique<Impl>(std::max<size_t>(limits.max_record_bytes, 1))) {}
Decoder::~Decoder() = default;
Decoder::Decoder(Decoder&&) noexcept = default;
Decoder& Decoder::operator=(Decoder&&) noexcept = default;

std::variant<Event, DecodeError> Decoder::Decode(std::string_view bytes,
                                                 std::string_view expected_schema) try {
  if (bytes.size() > limits_.max_record_bytes) {
    return DecodeError{std::string(dc::kOversize),
                       "record is " + std::to_string(bytes.size()) + " bytes, more than the " +
                           "limit of " + std::to_string(limits_.max_record_bytes)};
  }
  if (NestsDeeperThan(bytes, limits_.max_depth)) {
    return DecodeError{std::string(dc::kTooDeep), "record nests deeper than " +
                                                      std::to_string(limits_.max_depth) +
                                                      " levels"};
  }
  dom::element root;
  // realloc_if_needed: simdjson copies the bytes into the parser's own padded buffer (reused).
  if (auto err = impl_->parser.parse(bytes.data(), bytes.size()).get(root)) {
    return ParseError(err, limits_);
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return DecodeError{std::string(dc::kWrongType), "record must be a JSON object"};
  }
  Ctx ctx(limits_);
  const Path schema_path{"", "schema"};
  dom::element schema_value;
  std::string_view schema;
  if (object.at_key("schema").get(schema_value) != simdjson::SUCCESS || schema_value.is_null()) {
    ctx.Missing(schema_path);
    return ctx.TakeError();
  }
  if (!ctx.String(schema_value, schema_path, &schema)) return ctx.TakeError();
  if (schema != kOutboundSchema && schema != kConsentSchema && schema != kCampaignSchema) {
    return DecodeError{std::string(dc::kUnknownSchema),
                       "field 'schema' is not one of outbound.v1, consent.v1, campaign.v1"};
  }
  if (!expected_schema.empty() && schema != expected_schema) {
    // Both names are ours (known schema names), not personal data, so they may be quoted.
    return DecodeError{std::string(dc::kSchemaMismatch),
                       "field 'schema' is " + std::string(schema) + " but this input expects " +
                           std::string(expected_schema)};
  }
  if (schema == kOutboundSchema) {
    OutboundEvent ev;
    if (!DecodeOutbound(ctx, object, &ev)) return ctx.TakeError();
    return Event(std::move(ev));
  }
  if (schema == kConsentSchema) {
    ConsentEvent ev;
    if (!DecodeConsent(ctx, object, &ev)) return ctx.TakeError();
    return Event(std::move(ev));
  }
  CampaignDeclaration ev;
  if (!DecodeCampaign(ctx, object, &ev)) return ctx.TakeError();
  return Event(std::move(ev));
} catch (const std::bad_alloc&) {
  return DecodeError{std::string(dc::kInternal), "out of memory while decoding the record"};
}

}  // namespace consentry
