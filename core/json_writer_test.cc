#include "core/json_writer.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(JsonWriterTest, WritesNestedDocuments) {
  JsonWriter w;
  w.BeginObject().Field("a", "x").Field("n", int64_t{3}).Key("list").BeginArray();
  w.Int(1).Bool(false).Null().EndArray().Key("raw").Raw("{\"k\":1}").EndObject();
  EXPECT_EQ(w.str(), R"({"a":"x","n":3,"list":[1,false,null],"raw":{"k":1}})");
}

TEST(JsonWriterTest, EscapesControlCharactersAndQuotes) {
  std::string out;
  AppendJsonString(out, std::string_view("a\"b\\c\n\x01\x7f", 8));
  EXPECT_EQ(out, R"("a\"b\\c\n\u0001\u007f")");
  // Runs of plain text between escapes, at the start and at the end.
  out = "x";
  AppendJsonString(out, "plain text\tand\rmore \"quoted\" to the end");
  EXPECT_EQ(out, R"(x"plain text\tand\rmore \"quoted\" to the end")");
}

TEST(JsonWriterTest, ReplacesInvalidUtf8) {
  std::string out;
  AppendJsonString(out, "ok\xC3\xA9 bad\xFF end\xE2\x82");
  EXPECT_EQ(out, "\"ok\xC3\xA9 bad\xEF\xBF\xBD end\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace consentry
