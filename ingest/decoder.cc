#include "ingest/decoder.h"

#include <algorithm>
#include <array>
#include <new>
#include <utility>

#include "ingest/field_reader.h"
#include "ingest/schemas/schemas.h"

namespace consentry {
namespace {

using namespace ingest_internal;  // NOLINT: Ctx, Schema<T> and dom are this file's vocabulary

// ---- Dispatch: one row per Event alternative ----

// Decodes a record of schema Schema<T>::kName into the Event alternative T.
template <typename T>
std::variant<Event, DecodeError> DecodeAs(Ctx& ctx, dom::object object) {
  T ev;
  if (!Schema<T>::Decode(ctx, object, &ev)) return ctx.TakeError();
  return Event(std::in_place_type<T>, std::move(ev));
}

struct SchemaRow {
  std::string_view name;
  std::variant<Event, DecodeError> (*decode)(Ctx& ctx, dom::object object);
};

// Built from the variant itself: every alternative gets a row, and an alternative without a
// Schema<T> specialization (ingest/schemas/schemas.h) fails to compile here.
template <size_t... I>
constexpr std::array<SchemaRow, sizeof...(I)> MakeSchemaTable(std::index_sequence<I...>) {
  return {{SchemaRow{Schema<std::variant_alternative_t<I, Event>>::kName,
                     &DecodeAs<std::variant_alternative_t<I, Event>>}...}};
}
constexpr auto kSchemaTable =
    MakeSchemaTable(std::make_index_sequence<std::variant_size_v<Event>>());

constexpr std::array<std::string_view, kSchemaTable.size()> SchemaNames() {
  std::array<std::string_view, kSchemaTable.size()> names{};
  for (size_t i = 0; i < kSchemaTable.size(); ++i) names[i] = kSchemaTable[i].name;
  return names;
}
constexpr auto kSchemaNames = SchemaNames();

constexpr bool NamesAreUnique() {
  for (size_t i = 0; i < kSchemaNames.size(); ++i) {
    for (size_t j = i + 1; j < kSchemaNames.size(); ++j) {
      if (kSchemaNames[i] == kSchemaNames[j]) return false;
    }
  }
  return true;
}
static_assert(NamesAreUnique(), "two Event alternatives claim the same schema name");

const SchemaRow* FindSchema(std::string_view name) {
  for (const SchemaRow& row : kSchemaTable) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

// "outbound.v1, consent.v1, ...", for the unknown_schema message.
const std::string& SchemaList() {
  static const std::string list = [] {
    std::string s;
    for (std::string_view name : kSchemaNames) {
      if (!s.empty()) s += ", ";
      s += name;
    }
    return s;
  }();
  return list;
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

std::span<const std::string_view> KnownSchemas() { return kSchemaNames; }

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
    // No size: a reader may hand over only the first max_record_bytes + 1 bytes of a longer
    // record (ingest/line_reader.h).
    return DecodeError{std::string(dc::kOversize),
                       "record is larger than the limit of " +
                           std::to_string(limits_.max_record_bytes) + " bytes"};
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
  const SchemaRow* row = FindSchema(schema);
  if (row == nullptr) {
    return DecodeError{std::string(dc::kUnknownSchema),
                       "field 'schema' is not one of " + SchemaList()};
  }
  if (!expected_schema.empty() && schema != expected_schema) {
    // Both names are ours (known schema names), not personal data, so they may be quoted.
    return DecodeError{std::string(dc::kSchemaMismatch),
                       "field 'schema' is " + std::string(schema) + " but this input expects " +
                           std::string(expected_schema)};
  }
  return row->decode(ctx, object);
} catch (const std::bad_alloc&) {
  return DecodeError{std::string(dc::kInternal), "out of memory while decoding the record"};
}

}  // namespace consentry
