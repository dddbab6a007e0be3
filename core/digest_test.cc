#include "core/digest.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(DigestTest, HmacAndBase64MatchKnownAnswers) {
  // RFC 4231-style known answer (computed with Python's hmac): key "key", the fox sentence.
  EXPECT_EQ(Base64Encode(HmacSha256("key", "The quick brown fox jumps over the lazy dog")),
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode(""), "");
  std::string bytes;
  ASSERT_TRUE(Base64Decode("Zm9vYg==", &bytes));
  EXPECT_EQ(bytes, "foob");
  ASSERT_TRUE(Base64Decode("Zm8=", &bytes));
  EXPECT_EQ(bytes, "fo");
  EXPECT_FALSE(Base64Decode("Zm8", &bytes));
  EXPECT_FALSE(Base64Decode("Z=m8", &bytes));
  EXPECT_FALSE(Base64Decode("Zm-8", &bytes));
}

TEST(DigestTest, HexRoundTripsAndRejectsWhatIsNotLowerCaseHex) {
  EXPECT_EQ(HexEncode(std::string("\x00\x7f\xab", 3)), "007fab");
  std::string bytes;
  ASSERT_TRUE(HexDecode("007fab", &bytes));
  EXPECT_EQ(bytes, std::string("\x00\x7f\xab", 3));
  EXPECT_FALSE(HexDecode("0", &bytes));
  EXPECT_FALSE(HexDecode("AB", &bytes));
  EXPECT_FALSE(HexDecode("zz", &bytes));
}

}  // namespace
}  // namespace consentry
