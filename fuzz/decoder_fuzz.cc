// libFuzzer entry point for Decoder::Decode. Also linked into decoder_corpus_test, which replays
// the seed corpus in every ctest run, so this file is compiled and exercised without clang.
//
// Besides "never crashes" (ASan, UBSan), it checks the decoder's contract on every input:
// every rejection has a known code and a message; a record accepted without an expected schema
// is also accepted when its own schema is expected, and rejected as schema_mismatch otherwise.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "core/status.h"
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

// The schema an event was decoded from.
std::string_view SchemaOf(const Event& event) {
  switch (event.index()) {
    case 0:
      return kOutboundSchema;
    case 1:
      return kConsentSchema;
    default:
      return kCampaignSchema;
  }
}

void CheckError(const std::variant<Event, DecodeError>& result) {
  if (const auto* error = std::get_if<DecodeError>(&result)) {
    CONSENTRY_CHECK(IsKnownCode(error->code));
    CONSENTRY_CHECK(!error->message.empty());
  }
}

void CheckDecoder(Decoder& decoder, std::string_view bytes) {
  const std::variant<Event, DecodeError> any = decoder.Decode(bytes);
  CheckError(any);
  for (std::string_view schema : {kOutboundSchema, kConsentSchema, kCampaignSchema}) {
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
