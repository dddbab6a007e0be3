#include "reports/manifest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/digest.h"
#include "core/signing.h"

namespace consentry {
namespace {

namespace fs = std::filesystem;

class ManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("manifest_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("report.html", "<h1>Report</h1>\n");
    Write("report.csv", "detector,count\nconsent.missing,12\n");
    keys_ = GenerateEd25519KeyPair().value();
    ASSERT_TRUE(SignDirectory(dir_.string(), keys_.private_pem).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << text;
  }
  std::string Verify(const std::string& public_pem) {
    const Status s = VerifyDirectory(dir_.string(), public_pem);
    return s.ok() ? "OK" : s.message();
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  Ed25519KeyPair keys_;
};

TEST_F(ManifestTest, AnUntouchedReportVerifiesAndItsSignatureIsCheckableWithoutConsentry) {
  EXPECT_EQ(Verify(keys_.public_pem), "OK");
  std::ifstream in(dir_ / kManifestName);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const Manifest m = DecodeManifest(text).value();
  ASSERT_EQ(m.files.size(), 2u);
  EXPECT_EQ(m.files[0].path, "report.csv");  // path order
  // SHA-256 of the content, computed apart (sha256sum).
  EXPECT_EQ(m.files[1].sha256, "076fa3ddf587ff5a86f99747958bb3f2d6654abb99d1c6fde857140c9b5d64f0");
  EXPECT_EQ(ManifestSignedText(m.files), "consentry manifest v1\nreport.csv\t" + m.files[0].sha256 +
                                             "\nreport.html\t" + m.files[1].sha256 + "\n");
  EXPECT_EQ(m.public_key_sha256, Sha256Hex(keys_.public_pem));
  EXPECT_EQ(EncodeManifest(m) + "\n", text);
}

TEST_F(ManifestTest, OneChangedByteOfAnyFileIsNamed) {
  for (const std::string name : {"report.html", "report.csv"}) {
    std::ifstream in(dir_ / name, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    text[3] ^= 1;
    Write(name, text);
    EXPECT_TRUE(Verify(keys_.public_pem).starts_with(Path(name) + ": changed since it was signed"))
        << Verify(keys_.public_pem);
    text[3] ^= 1;
    Write(name, text);
    EXPECT_EQ(Verify(keys_.public_pem), "OK");
  }
}

TEST_F(ManifestTest, AnotherKeyAnEditedManifestAndAddedOrMissingFilesFail) {
  const Ed25519KeyPair other = GenerateEd25519KeyPair().value();
  EXPECT_NE(
      Verify(other.public_pem)
          .find("another key signed it (public key SHA-256 " + Sha256Hex(keys_.public_pem) + ")"),
      std::string::npos)
      << Verify(other.public_pem);
  // Signed by the other key: the right key's check fails too.
  ASSERT_TRUE(SignDirectory(dir_.string(), other.private_pem).ok());
  EXPECT_NE(Verify(keys_.public_pem).find("another key signed it"), std::string::npos);
  ASSERT_TRUE(SignDirectory(dir_.string(), keys_.private_pem).ok());

  // The manifest edited to match a changed file.
  Write("report.csv", "detector,count\nconsent.missing,2\n");
  std::ifstream in(dir_ / kManifestName);
  Manifest m = DecodeManifest(std::string((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>()))
                   .value();
  in.close();
  m.files[0].sha256 = Sha256Hex("detector,count\nconsent.missing,2\n");
  Write(kManifestName, EncodeManifest(m));
  EXPECT_NE(Verify(keys_.public_pem).find("the manifest was changed after it was signed"),
            std::string::npos)
      << Verify(keys_.public_pem);

  ASSERT_TRUE(SignDirectory(dir_.string(), keys_.private_pem).ok());
  Write("extra.txt", "x");
  EXPECT_EQ(Verify(keys_.public_pem),
            Path("extra.txt") + ": not in the signed manifest (added later)");
  fs::remove(dir_ / "extra.txt");
  fs::remove(dir_ / "report.html");
  EXPECT_EQ(Verify(keys_.public_pem), Path("report.html") + ": listed but missing");
  fs::remove(dir_ / kManifestName);
  EXPECT_EQ(Verify(keys_.public_pem), Path(kManifestName) + ": no manifest to check");
}

TEST(ManifestDecodeTest, RefusesWhatIsNotAWellFormedManifest) {
  const std::string sha(64, 'a'), sig(128, 'b');
  const auto with = [&](const std::string& files) {
    return R"({"schema":"consentry.manifest.v1","files":)" + files + R"(,"public_key_sha256":")" +
           sha + R"(","signature":")" + sig + R"("})";
  };
  EXPECT_TRUE(DecodeManifest(with(R"([{"path":"a","sha256":")" + sha + R"("}])")).ok());
  for (const std::string& bad :
       {with(R"([{"path":"../a","sha256":")" + sha + R"("}])"),
        with(R"([{"path":"a","sha256":"AB"}])"),
        with(R"([{"path":"b","sha256":")" + sha + R"("},{"path":"a","sha256":")" + sha + R"("}])"),
        with(R"([{"path":"a","sha256":")" + sha + R"("},{"path":"a","sha256":")" + sha + R"("}])"),
        with(R"([{"path":"MANIFEST.json","sha256":")" + sha + R"("}])"), std::string("{"),
        std::string(R"({"schema":"other"})")}) {
    EXPECT_FALSE(DecodeManifest(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace consentry
