#pragma once
// Parses evidence JSON in tests; fails the test when it is not valid JSON.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

namespace consentry::testing {

// Parses `json` into `parser`'s document. `parser` must outlive the returned element.
inline simdjson::dom::element ParseJson(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element doc;
  const auto error = parser.parse(json).get(doc);
  EXPECT_EQ(error, simdjson::SUCCESS) << simdjson::error_message(error) << ": " << json;
  return doc;
}

}  // namespace consentry::testing
