// libFuzzer entry point for Decoder::Decode. Also linked into decoder_corpus_test, which replays
// the seed corpus in every ctest run, so this file is compiled and exercised without clang.
//
// Besides "never crashes" (ASan, UBSan), it checks the decoder's contract on every input:
// every rejection has a known code and a message; a record accepted without an expected schema
// is also accepted when its own schema is expected, and rejected as schema_mismatch otherwise;
// and what each schema promises about an accepted record (CheckAccepted), including that every
// timestamp formats back to RFC 3339 and parses to the same instant.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "core/status.h"
#include "core/time.h"
#include "ingest/decoder.h"

namespace consentry {
namespace {

bool IsKnownCode(std::string_view code) {
  namespace dc = decode_code;
  for (std::string_view known :
       {dc::kBadJson, dc::kBadUtf8, dc::kOversize, dc::kTooDeep, dc::kWrongType,
        dc::kMissingField, dc::kUnknownSchema, dc::kSchemaMismatch, dc::kBadEnum,
        dc::kBadTimestamp, dc::kBadValue, dc::kDuplicateField}) {
    if (code == known) return true;
  }
  return false;
}

// The schema an event was decoded from. Written out per type, independently of the decoder's
// table, so the fuzzer checks that table; std::visit makes a new Event alternative a compile
// error here until it gets its line.
struct SchemaOfEvent {
  std::string_view operator()(const OutboundEvent&) const { return kOutboundSchema; }
  std::string_view operator()(const ConsentEvent&) const { return kConsentSchema; }
  std::string_view operator()(const CampaignDeclaration&) const { return kCampaignSchema; }
  std::string_view operator()(const FeedbackEvent&) const { return kFeedbackSchema; }
  std::string_view operator()(const SuppressionEvent&) const { return kSuppressionSchema; }
};

std::string_view SchemaOf(const Event& event) { return std::visit(SchemaOfEvent{}, event); }

// Every decoded timestamp is writable as RFC 3339 and reads back as the same instant (the
// decoder rejects years outside 0000..9999 in UTC).
void CheckTime(Timestamp t) {
  CONSENTRY_CHECK(t >= kMinRfc3339 && t <= kMaxRfc3339);
  const StatusOr<Timestamp> again = ParseRfc3339(FormatRfc3339(t));
  CONSENTRY_CHECK(again.ok() && *again == t);
}
void CheckTime(const std::optional<Timestamp>& t) {
  if (t) CheckTime(*t);
}

// What each schema promises about an accepted record, beyond "it parsed".
struct CheckAccepted {
  void operator()(const OutboundEvent& e) const {
    CheckTime(e.sent_at);
    CONSENTRY_CHECK(!e.event_id.empty() && !e.tenant.empty() && !e.subject.empty());
    CONSENTRY_CHECK(!e.content.length || *e.content.length >= 0);
  }
  void operator()(const ConsentEvent& e) const {
    CheckTime(e.recorded_at);
    CheckTime(e.expires_at);
    CheckTime(e.relationship_at);
    CONSENTRY_CHECK(!e.purposes.empty());
    CONSENTRY_CHECK(e.channels.all || !e.channels.channels.empty());
  }
  void operator()(const CampaignDeclaration& e) const {
    CheckTime(e.valid_from);
    CheckTime(e.valid_to);
    CONSENTRY_CHECK(!e.valid_from || !e.valid_to || *e.valid_from <= *e.valid_to);
    CONSENTRY_CHECK(!e.expected_volume || *e.expected_volume >= 0);
  }
  void operator()(const FeedbackEvent& e) const {
    CheckTime(e.at);
    CONSENTRY_CHECK(!e.event_id.empty() && !e.subject.empty());
    const bool withdrawal =
        e.kind == FeedbackKind::kStopReply || e.kind == FeedbackKind::kUnsubscribeClick;
    CONSENTRY_CHECK(!withdrawal || !e.tenant.empty());
  }
  void operator()(const SuppressionEvent& e) const {
    CheckTime(e.added_at);
    CheckTime(e.removed_at);
    CONSENTRY_CHECK(!e.subject.empty());
    CONSENTRY_CHECK(!e.removed_at || *e.removed_at >= e.added_at);
    CONSENTRY_CHECK(!e.channels || e.channels->all || !e.channels->channels.empty());
  }
};

void CheckError(const std::variant<Event, DecodeError>& result) {
  if (const auto* error = std::get_if<DecodeError>(&result)) {
    CONSENTRY_CHECK(IsKnownCode(error->code));
    CONSENTRY_CHECK(!error->message.empty());
  }
}

void CheckDecoder(Decoder& decoder, std::string_view bytes) {
  const std::variant<Event, DecodeError> any = decoder.Decode(bytes);
  CheckError(any);
  if (const Event* event = std::get_if<Event>(&any)) std::visit(CheckAccepted{}, *event);
  for (std::string_view schema : KnownSchemas()) {
    const std::variant<Event, DecodeError> expected = decoder.Decode(bytes, schema);
    CheckError(expected);
    if (const Event* event = std::get_if<Event>(&any)) {
      if (SchemaOf(*event) == schema) {
        CONSENTRY_CHECK(std::holds_alternative<Event>(expected));
        CONSENTRY_CHECK(std::get<Event>(expected).index() == event->index());
      } else {
        CONSENTRY_CHECK(std::holds_alternative<DecodeError>(expected));
        CONSENTRY_CHECK(std::get<DecodeError>(expected).code == decode_code::kSchemaMismatch);
      }
    }
  }
}

}  // namespace
}  // namespace consentry

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Long-lived decoders, as in production, so state leaking from one record into the next is
  // caught too. The tight one reaches every limit with small inputs.
  static consentry::Decoder decoder;
  static consentry::Decoder tight(consentry::DecodeLimits{
      .max_record_bytes = 1024, .max_depth = 3, .max_array_items = 2, .max_string_bytes = 16});
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  consentry::CheckDecoder(decoder, bytes);
  consentry::CheckDecoder(tight, bytes);
  return 0;
}
