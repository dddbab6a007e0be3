#pragma once
// Decoder: turns one raw input record (JSON bytes from Kafka or a JSONL replay file) into an
// Event (core/events.h), or into a DecodeError that says why the record cannot be judged. The
// caller routes errors to the dead-letter topic; nothing is dropped silently.
//
// What is checked (schemas: docs/schemas.md, design brief section 1):
//   - size (before parsing), nesting depth (before parsing), JSON syntax, UTF-8 of the whole
//     input, nothing but whitespace after the object;
//   - the record is an object whose "schema" is one of KnownSchemas() (outbound.v1, consent.v1,
//     campaign.v1, feedback.v1, suppression.v1), and equals `expected_schema` when one is given;
//   - every required field is present and not null; null for an optional field means absent;
//   - JSON types; enums; RFC 3339 timestamps with an offset; required strings non-empty;
//     purpose paths ("marketing.communications.email": segments of [a-z0-9_]+); fingerprints
//     (1 to 16 hex digits); consent source ("first_party" or "third_party:<name>");
//     jurisdiction ("DK", "US-FL"); valid_from <= valid_to; added_at <= removed_at;
//     non-negative content length and expected_volume; a feedback stop_reply or
//     unsubscribe_click names its tenant (it is a withdrawal for that tenant);
//   - timestamps lie in the years 0000 to 9999 in UTC (kMinRfc3339..kMaxRfc3339), so each
//     formats back to RFC 3339;
//   - no decoded string holds a control character (U+0000..U+001F, U+007F), so ids are safe to
//     use in keys and log lines;
//   - array lengths and string lengths against DecodeLimits.
// Unknown fields are ignored (forward compatibility). A known field that appears twice in the
// same object is rejected (duplicate_field): JSON parsers disagree on which copy wins, and a
// record that means different things to different readers is not evidence we want to act on.
// Duplicates among unknown fields are not checked.
//
// Each schema's decoder is in ingest/schemas/; the dispatch table in decoder.cc has one row per
// Event alternative and is built from the variant, so it cannot miss one.
//
// Error messages name the field ("field 'content.fingerprint' must be 1 to 16 hex digits") but
// never quote the field's value: values may be personal data, and messages go to logs and the
// DLQ reason.
//
// Thread safety: a Decoder keeps its parser and buffers for reuse, so one Decoder must not be
// used by two threads at once. Use one per consumer thread.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "core/events.h"

namespace consentry {

struct DecodeLimits {
  size_t max_record_bytes = 64 * 1024;
  size_t max_depth = 16;  // `{}` has depth 1, `{"a":[{}]}` depth 3
  size_t max_array_items = 256;
  size_t max_string_bytes = 4096;  // after unescaping
};

// The stable machine codes of DecodeError::code. They are metric labels and DLQ reasons:
// never rename one.
namespace decode_code {
inline constexpr std::string_view kBadJson = "bad_json";            // syntax, trailing data, empty
inline constexpr std::string_view kBadUtf8 = "bad_utf8";            // anywhere in the input
inline constexpr std::string_view kOversize = "oversize";           // record, string or array
inline constexpr std::string_view kTooDeep = "too_deep";            // nesting > max_depth
inline constexpr std::string_view kWrongType = "wrong_type";        // e.g. number for a string
inline constexpr std::string_view kMissingField = "missing_field";  // absent or null
inline constexpr std::string_view kUnknownSchema = "unknown_schema";
inline constexpr std::string_view kSchemaMismatch = "schema_mismatch";
inline constexpr std::string_view kBadEnum = "bad_enum";
inline constexpr std::string_view kBadTimestamp = "bad_timestamp";
inline constexpr std::string_view kBadValue = "bad_value";  // empty, malformed path, ...
inline constexpr std::string_view kDuplicateField = "duplicate_field";
inline constexpr std::string_view kInternal = "internal";  // out of memory; our bug
}  // namespace decode_code

// Why a record was rejected: a stable machine code (decode_code::k*) and one sentence that
// names the field but never echoes its value.
struct DecodeError {
  std::string code;
  std::string message;
};

// The schema names Decode accepts, one per Event alternative, in the variant's order.
std::span<const std::string_view> KnownSchemas();

// Decodes one record at a time. Not thread-safe (see above); cheap to keep, not to create.
class Decoder {
 public:
  explicit Decoder(DecodeLimits limits = {});
  ~Decoder();
  Decoder(Decoder&&) noexcept;
  Decoder& operator=(Decoder&&) noexcept;
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Decodes `bytes`. If `expected_schema` is non-empty the record's "schema" must equal it
  // (schema_mismatch otherwise, e.g. a consent record on the outbound topic); if empty any of
  // the known schemas is accepted (mixed JSONL replay files).
  // Never throws and never crashes, whatever the input.
  std::variant<Event, DecodeError> Decode(std::string_view bytes,
                                          std::string_view expected_schema = {});

  const DecodeLimits& limits() const { return limits_; }

 private:
  struct Impl;  // holds the simdjson parser, so users of this header need no simdjson
  DecodeLimits limits_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace consentry
