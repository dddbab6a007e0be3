#include "detectors/printable.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(PrintableTest, PlainTextPassesUnchanged) {
  EXPECT_EQ(Printable("acme-ÆØÅ 東京 \\ \"x\""), "acme-ÆØÅ 東京 \\ \"x\"");
  EXPECT_EQ(Printable(""), "");
}

TEST(PrintableTest, EscapesControlCharacters) {
  EXPECT_EQ(Printable(std::string_view("a\nb\x01" "c\x7f\0", 7)),
            "a\\u000ab\\u0001c\\u007f\\u0000");
  EXPECT_EQ(Printable("\xC2\x85"), "\\u0085");  // NEL, a C1 control
}

TEST(PrintableTest, EscapesBidiControls) {
  // "acme" with a right-to-left override displays reversed; escaped, a reviewer sees it.
  EXPECT_EQ(Printable("ac\u202Eme"), "ac\\u202eme");
  for (const char* bidi : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066",
                           "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"}) {
    const std::string out = Printable(bidi);
    EXPECT_TRUE(out.starts_with("\\u")) << out;
    EXPECT_EQ(out.size(), 6u) << out;
  }
}

TEST(PrintableTest, EscapesInvisibleCharacters) {
  EXPECT_EQ(Printable("s\u200B7"), "s\\u200b7");
  EXPECT_EQ(Printable("\u200C\u200D\uFEFF\u2028\u2029\u2060"),
            "\\u200c\\u200d\\ufeff\\u2028\\u2029\\u2060");
  EXPECT_EQ(Printable("x\U000E0041"), "x\\U000e0041");  // a tag character
}

TEST(PrintableTest, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(Printable("a\xFF" "b"), "a\\xffb");
  EXPECT_EQ(Printable("\xC0\xAF"), "\\xc0\\xaf");          // overlong "/"
  EXPECT_EQ(Printable("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(Printable("\xE2\x80"), "\\xe2\\x80");          // truncated
}

TEST(PrintableTest, IsIdempotent) {
  const std::string once = Printable("t\u202Eenant\x01\xFF\\u202e");
  EXPECT_EQ(Printable(once), once);
}

}  // namespace
}  // namespace consentry
