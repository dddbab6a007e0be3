#include "app/config_reload.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "core/digest.h"
#include "state/test_util.h"

namespace consentry {
namespace {

constexpr char kConfig[] = R"(kafka:
  bootstrap.servers: 127.0.0.1:9092
partitions: 4
detectors:
  consent.missing: {severity: high}
  consent.withdrawn: {}
)";

class ConfigReloaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Write(kConfig);
    reloader_ = std::make_unique<ConfigReloader>(
        path_, [this] { return LoadConfig(path_); }, requested_,
        std::make_shared<const Config>(LoadConfig(path_).value()));
  }
  void Write(const std::string& text) { std::ofstream(path_, std::ios::trunc) << text; }
  std::string Replace(const std::string& from, const std::string& to) {
    std::string text = kConfig;
    text.replace(text.find(from), from.size(), to);
    return text;
  }

  testing::ScopedTempDir dir_;
  const std::string path_ = dir_.Sub("consentry.yaml");
  std::atomic<bool> requested_{false};
  std::unique_ptr<ConfigReloader> reloader_;
};

TEST_F(ConfigReloaderTest, ASignalTakesUpAChangedFileAndNamesItsHash) {
  EXPECT_EQ(reloader_->Poll(), nullptr);  // nothing asked, nothing changed yet
  const std::string changed = Replace("severity: high", "severity: low");
  Write(changed);
  requested_ = true;
  bool refused = false;
  const auto fresh = reloader_->Poll(&refused);
  ASSERT_NE(fresh, nullptr);
  EXPECT_FALSE(refused);
  EXPECT_FALSE(requested_.load());
  EXPECT_EQ(fresh->sha256, Sha256Hex(changed));
  EXPECT_EQ(fresh->detectors[0].second.at("severity"), "low");
  EXPECT_EQ(reloader_->in_force(), fresh);
  // The same bytes again are no reload.
  requested_ = true;
  EXPECT_EQ(reloader_->Poll(), nullptr);
}

TEST_F(ConfigReloaderTest, AFileThatChangesIsTakenUpWithoutASignal) {
  Write(Replace("consent.withdrawn: {}", "consent.withdrawn: {}\n  consent.expired: {}"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // checked once a second
  const auto fresh = reloader_->Poll();
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->detectors.size(), 3u);
}

TEST_F(ConfigReloaderTest, ABrokenFileIsRefusedAndTheRulesInForceStay) {
  const auto before = reloader_->in_force();
  for (const std::string& broken :
       {Replace("severity: high", "severity: urgent"),             // a detector refuses it
        Replace("consent.withdrawn: {}", "consent.withdrawn: {"),  // not YAML
        Replace("partitions: 4", "partitions: 8")}) {              // read only at start
    Write(broken);
    requested_ = true;
    bool refused = false;
    EXPECT_EQ(reloader_->Poll(&refused), nullptr) << broken;
    EXPECT_TRUE(refused) << broken;
    EXPECT_EQ(reloader_->in_force(), before);
  }
}

}  // namespace
}  // namespace consentry
