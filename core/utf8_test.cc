#include "core/utf8.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(Utf8Test, DecodesEachLength) {
  char32_t c = 0;
  EXPECT_EQ(DecodeUtf8("a", &c), 1u);
  EXPECT_EQ(c, U'a');
  EXPECT_EQ(DecodeUtf8("\xC3\xA6x", &c), 2u);  // æ
  EXPECT_EQ(c, U'\u00E6');
  EXPECT_EQ(DecodeUtf8("\xE2\x80\xAE", &c), 3u);  // U+202E
  EXPECT_EQ(c, U'\u202E');
  EXPECT_EQ(DecodeUtf8("\xF0\x9F\x98\x80", &c), 4u);  // U+1F600
  EXPECT_EQ(c, U'\U0001F600');
}

TEST(Utf8Test, RejectsWhatIsNotWellFormed) {
  char32_t c = 0;
  EXPECT_EQ(DecodeUtf8("", &c), 0u);
  EXPECT_EQ(DecodeUtf8("\x80", &c), 0u);              // stray continuation byte
  EXPECT_EQ(DecodeUtf8("\xE2\x80", &c), 0u);          // truncated
  EXPECT_EQ(DecodeUtf8("\xC0\xAF", &c), 0u);          // overlong "/"
  EXPECT_EQ(DecodeUtf8("\xE0\x80\xAF", &c), 0u);      // overlong "/"
  EXPECT_EQ(DecodeUtf8("\xED\xA0\x80", &c), 0u);      // surrogate U+D800
  EXPECT_EQ(DecodeUtf8("\xF4\x90\x80\x80", &c), 0u);  // past U+10FFFF
  EXPECT_EQ(DecodeUtf8("\xFF", &c), 0u);
  EXPECT_EQ(DecodeUtf8("\xC3(", &c), 0u);  // a lead byte without its continuation
}

}  // namespace
}  // namespace consentry
