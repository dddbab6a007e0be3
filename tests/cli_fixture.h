#pragma once
// The base of the tests that drive the consentry binary without a broker: a directory of the
// test's own under the test temp dir (removed after the test), and the binary run with its
// output in files there. CONSENTRY_BIN is defined by the cli_test target.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/testing/subprocess.h"

namespace consentry::testing {

class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string(info->test_suite_name()) + "_" + std::to_string(::getpid()) + "_" +
            info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(Path(name), std::ios::binary | std::ios::trunc) << bytes;
  }
  // `consentry args...`, killed after `timeout` or once its memory passes `max_rss_kib` (> 0).
  ProcessResult Consentry(std::vector<std::string> args,
                          std::chrono::seconds timeout = std::chrono::seconds(120),
                          long max_rss_kib = 0) {
    args.insert(args.begin(), CONSENTRY_BIN);
    return RunProcess(args, Path("consentry"), timeout, max_rss_kib);
  }

  std::filesystem::path dir_;
};

}  // namespace consentry::testing
