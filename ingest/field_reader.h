#pragma once
// Reading the fields of one JSON object parsed by simdjson's DOM, with the checks every schema
// shares (types, limits, required fields, enums, timestamps) and an error that names the field.
// Internal to ingest/: decoder.cc and the schema decoders in ingest/schemas/ are its only users.

#include <simdjson.h>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "ingest/decoder.h"

namespace consentry::ingest_internal {

namespace dom = simdjson::dom;
namespace dc = decode_code;

enum class Need { kOptional, kRequired };

// Where a value sits in the record, for messages: "content.fingerprint", "purposes[2]".
// Built into a string only when a record is rejected.
struct Path {
  std::string_view object;  // enclosing object field, empty at the top level
  std::string_view field;
  std::ptrdiff_t index = -1;  // array item, or -1

  Path Item(std::ptrdiff_t i) const { return Path{object, field, i}; }
  std::string Describe() const {
    std::string s = "field '";
    if (!object.empty()) {
      s += object;
      s += '.';
    }
    s += field;
    if (index >= 0) {
      s += '[';
      s += std::to_string(index);
      s += ']';
    }
    s += '\'';
    return s;
  }
};

// The first error of one Decode call. Every reader returns false after calling Fail(), so the
// first problem found is the one reported.
class Ctx {
 public:
  explicit Ctx(const DecodeLimits& limits) : limits_(limits) {}

  const DecodeLimits& limits() const { return limits_; }
  DecodeError TakeError() { return std::move(error_); }

  bool Fail(std::string_view code, std::string message) {
    error_.code = code;
    error_.message = std::move(message);
    return false;
  }
  bool Fail(std::string_view code, const Path& p, std::string_view what) {
    return Fail(code, p.Describe() + " " + std::string(what));
  }
  bool Missing(const Path& p) {
    return Fail(dc::kMissingField, "required " + p.Describe() + " is missing or null");
  }

  // `e` must be a string within the length limit and without control characters.
  bool String(dom::element e, const Path& p, std::string_view* out) {
    if (e.get_string().get(*out) != simdjson::SUCCESS) {
      return Fail(dc::kWrongType, p, "must be a string");
    }
    if (out->size() > limits_.max_string_bytes) {
      return Fail(dc::kOversize, p,
                  "is longer than the limit of " + std::to_string(limits_.max_string_bytes) +
                      " bytes");
    }
    for (char c : *out) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        return Fail(dc::kBadValue, p, "contains a control character");
      }
    }
    return true;
  }

  // `e` must be an array within the item limit; calls each(item, item_path) in order.
  template <typename Fn>
  bool ForEachItem(dom::element e, const Path& p, Fn&& each) {
    dom::array array;
    if (e.get_array().get(array) != simdjson::SUCCESS) {
      return Fail(dc::kWrongType, p, "must be an array");
    }
    if (array.size() > limits_.max_array_items) {
      return Fail(dc::kOversize, p,
                  "has more than the limit of " + std::to_string(limits_.max_array_items) +
                      " items");
    }
    std::ptrdiff_t i = 0;
    for (dom::element item : array) {
      if (!each(item, p.Item(i++))) return false;
    }
    return true;
  }

 private:
  const DecodeLimits& limits_;
  DecodeError error_;
};

// The known fields of one JSON object, collected in a single pass over it. Lookups of names
// not in the list are our bug.
class Fields {
 public:
  static constexpr size_t kMaxFields = 16;

  Fields(std::span<const std::string_view> names, std::string_view object_path)
      : names_(names), path_(object_path) {
    CONSENTRY_CHECK(names.size() <= kMaxFields);
  }

  // Collects `object`'s fields; a known field present twice is a duplicate_field error.
  bool Collect(Ctx& ctx, dom::object object) {
    // Producers usually write fields in schema order, so each search starts after the previous
    // match: one comparison per field in the common case.
    size_t next = 0;
    for (dom::key_value_pair field : object) {
      for (size_t n = 0; n < names_.size(); ++n) {
        const size_t i = (next + n) % names_.size();
        if (field.key != names_[i]) continue;
        if (present_[i]) return ctx.Fail(dc::kDuplicateField, At(names_[i]), "appears twice");
        present_[i] = true;
        values_[i] = field.value;
        next = i + 1;
        break;
      }
    }
    return true;
  }

  // The value of `name`, or nullptr when it is absent or null.
  const dom::element* Get(std::string_view name) const {
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == name) return present_[i] && !values_[i].is_null() ? &values_[i] : nullptr;
    }
    CONSENTRY_CHECK(false && "field name not in the Fields list");
    return nullptr;
  }

  Path At(std::string_view name) const { return Path{path_, name}; }

 private:
  std::span<const std::string_view> names_;
  std::string_view path_;
  std::array<dom::element, kMaxFields> values_;
  std::array<bool, kMaxFields> present_{};
};


// ---- Value checks (pure functions on decoded text) ----

bool IsPurposePath(std::string_view s);
std::optional<uint64_t> ParseFingerprint(std::string_view s);  // 1 to 16 hex digits
// ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision: "DK", "US-FL", "GB-ENG".
bool IsJurisdiction(std::string_view s);
// IANA zone names use letters, digits and "/_+-" ("America/Port-au-Prince", "Etc/GMT+5").
bool IsZoneName(std::string_view s);
bool IsSource(std::string_view s);  // "first_party" or "third_party:<name>"

template <typename E>
std::string AllowedWords(int count) {
  std::string s;
  for (int i = 0; i < count; ++i) {
    if (i > 0) s += ", ";
    s += Name(static_cast<E>(i));
  }
  return s;
}

// ---- Field readers: each returns false after recording the first error in ctx ----

bool ReadString(Ctx& ctx, const Fields& f, std::string_view name, Need need, std::string* out);
bool ReadTime(Ctx& ctx, const Fields& f, std::string_view name, Need need,
              std::optional<Timestamp>* out);
bool ReadRequiredTime(Ctx& ctx, const Fields& f, std::string_view name, Timestamp* out);
bool ReadBool(Ctx& ctx, const Fields& f, std::string_view name, std::optional<bool>* out);
// An optional JSON integer from 0 to max (a number with a fraction is wrong_type).
bool ReadNonNegativeInt(Ctx& ctx, const Fields& f, std::string_view name, int64_t max,
                        std::optional<int64_t>* out);
// A nested object; *present tells whether it was there (absent is not an error).
bool ReadObject(Ctx& ctx, const Fields& parent, std::string_view name, Fields* out,
                bool* present);

enum class Items { kNonEmptyString, kPurposePath };
// A list of strings. A required list must have at least one item.
bool ReadStringList(Ctx& ctx, const Fields& f, std::string_view name, Need need, Items items,
                    std::vector<std::string>* out);
// A list of channel names, "*" meaning every channel. Must not be empty.
bool ReadChannels(Ctx& ctx, const Fields& f, std::string_view name, Need need,
                  std::optional<ChannelSet>* out);

template <typename Id>
bool ReadId(Ctx& ctx, const Fields& f, std::string_view name, Need need, Id* out) {
  std::string s;
  if (!ReadString(ctx, f, name, need, &s)) return false;
  *out = Id(std::move(s));
  return true;
}

template <typename E>
bool ReadEnum(Ctx& ctx, const Fields& f, std::string_view name, Need need,
              std::optional<E> (*parse)(std::string_view), int count, std::optional<E>* out) {
  const dom::element* e = f.Get(name);
  if (e == nullptr) return need == Need::kOptional || ctx.Missing(f.At(name));
  std::string_view s;
  if (!ctx.String(*e, f.At(name), &s)) return false;
  *out = parse(s);
  if (!*out) return ctx.Fail(dc::kBadEnum, f.At(name), "is not one of " + AllowedWords<E>(count));
  return true;
}

}  // namespace consentry::ingest_internal
