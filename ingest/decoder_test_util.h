#pragma once
// Helpers shared by the Decoder tests (decoder_test.cc and schemas/*_test.cc, one binary):
// the DecoderTest fixture, parameterized over a table of rejected records (TEST_P in
// decoder_test.cc; each file instantiates it with its own table), and small record helpers.

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <variant>

#include "core/testing/time.h"
#include "core/time.h"
#include "ingest/decoder.h"

namespace consentry::decoder_testing {

// One kind of bad input and what the decoder must say about it.
struct BadCase {
  std::string name;      // test name suffix (CamelCase)
  std::string input;     // the record
  std::string code;      // expected DecodeError::code
  std::string names;     // text the message must contain (usually the field name)
  std::string secret{};  // a value from the input the message must not echo
  std::string expected_schema{};
};

// Keeps ctest's test list readable: a case prints as its name, not as raw bytes.
inline void PrintTo(const BadCase& bad, std::ostream* os) { *os << bad.name; }

// Named after the class under test; parameterized over the rejection tables.
class DecoderTest : public ::testing::TestWithParam<BadCase> {};

inline std::string CaseName(const ::testing::TestParamInfo<BadCase>& info) {
  return info.param.name;
}

using testing::At;

// Returns `text` with the first occurrence of `from` replaced by `to`; `from` must occur.
inline std::string Replace(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  const size_t pos = s.find(from);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "test bug: '" << from << "' not in the base record";
    return s;
  }
  return s.replace(pos, from.size(), to);
}

template <typename T>
T DecodeAs(Decoder& decoder, std::string_view bytes, std::string_view expected = {}) {
  std::variant<Event, DecodeError> result = decoder.Decode(bytes, expected);
  if (const auto* error = std::get_if<DecodeError>(&result)) {
    ADD_FAILURE() << "unexpected " << error->code << ": " << error->message;
    return T{};
  }
  const Event& event = std::get<Event>(result);
  if (!std::holds_alternative<T>(event)) {
    ADD_FAILURE() << "decoded into the wrong event type (index " << event.index() << ")";
    return T{};
  }
  return std::get<T>(event);
}

inline DecodeError DecodeFails(Decoder& decoder, std::string_view bytes,
                               std::string_view expected = {}) {
  std::variant<Event, DecodeError> result = decoder.Decode(bytes, expected);
  if (!std::holds_alternative<DecodeError>(result)) {
    ADD_FAILURE() << "record decoded but should have been rejected";
    return {};
  }
  return std::get<DecodeError>(result);
}

}  // namespace consentry::decoder_testing
