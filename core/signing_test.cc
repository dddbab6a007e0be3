#include "core/signing.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(SigningTest, SignaturesVerifyOnlyWithTheirKeyAndContent) {
  auto pair = GenerateEd25519KeyPair();
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  EXPECT_NE(pair->private_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_NE(pair->public_pem.find("BEGIN PUBLIC KEY"), std::string::npos);
  EXPECT_EQ(Ed25519PublicOf(pair->private_pem).value(), pair->public_pem);
  auto signature = Ed25519SignHex(pair->private_pem, "head 7 abc");
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(signature->size(), 128u);
  EXPECT_TRUE(Ed25519VerifyHex(pair->public_pem, "head 7 abc", *signature).ok());
  EXPECT_EQ(Ed25519VerifyHex(pair->public_pem, "head 7 abd", *signature).code(),
            StatusCode::kFailedPrecondition);
  auto other = GenerateEd25519KeyPair();
  EXPECT_EQ(Ed25519VerifyHex(other->public_pem, "head 7 abc", *signature).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Ed25519VerifyHex(pair->public_pem, "head 7 abc", "zz").code(),
            StatusCode::kFailedPrecondition);
}

TEST(SigningTest, KnownAnswerFromRfc8032) {
  // RFC 8032 section 7.1, TEST 1: the empty message under its secret key, as PKCS#8 PEM.
  const std::string private_pem =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
      "-----END PRIVATE KEY-----\n";
  EXPECT_EQ(Ed25519SignHex(private_pem, "").value(),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

TEST(SigningTest, WrongKeysAreNamedErrors) {
  EXPECT_EQ(Ed25519SignHex("not a key", "m").status().code(), StatusCode::kInvalidArgument);
  auto pair = GenerateEd25519KeyPair();
  // A public key where a private one is needed, and the other way round.
  EXPECT_EQ(Ed25519SignHex(pair->public_pem, "m").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Ed25519VerifyHex(pair->private_pem, "m", std::string(128, '0')).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace consentry
