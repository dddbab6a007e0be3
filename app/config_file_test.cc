#include "app/config_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace consentry {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) /
          ("config_file_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

TEST(ConfigFileTest, ReadsAFileWithinTheLimit) {
  const std::string path = TempPath("ok.yaml");
  std::ofstream(path) << "detectors: {}\n";
  auto text = ReadConfigFile(path, 14);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "detectors: {}\n");
  std::filesystem::remove(path);
}

TEST(ConfigFileTest, RefusesAFileOverTheLimit) {
  const std::string path = TempPath("big.yaml");
  std::ofstream(path) << "detectors: {}\n";
  auto text = ReadConfigFile(path, 13);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find(path + ": larger than the limit of 13 bytes"),
            std::string::npos)
      << text.status().message();
  EXPECT_NE(text.status().message().find("fix:"), std::string::npos);
  std::filesystem::remove(path);
}

// A device that never ends costs the limit, not the machine's memory.
TEST(ConfigFileTest, StopsReadingAnEndlessDeviceAtTheLimit) {
  auto text = ReadConfigFile("/dev/zero");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("/dev/zero: larger than the limit of 4 MiB"),
            std::string::npos)
      << text.status().message();
}

TEST(ConfigFileTest, RefusesADirectoryAndAMissingFile) {
  auto dir = ReadConfigFile(::testing::TempDir());
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.status().message().find("is a directory, not a configuration file"),
            std::string::npos)
      << dir.status().message();
  auto missing = ReadConfigFile(TempPath("absent.yaml"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("cannot open the configuration file (No such file"),
            std::string::npos)
      << missing.status().message();
}

}  // namespace
}  // namespace consentry
