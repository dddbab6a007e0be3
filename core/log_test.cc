#include "core/log.h"

#include <gtest/gtest.h>

#include <string>

namespace consentry::log {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override { Configure(Level::kInfo, Format::kText); }

  static std::string Captured(Level level, Format format, Level write_at,
                              std::string_view component, std::string_view message) {
    Configure(level, format);
    ::testing::internal::CaptureStderr();
    Write(write_at, component, message);
    return ::testing::internal::GetCapturedStderr();
  }
};

TEST_F(LogTest, TextLinesNameTheComponentAndSayWhenTheyWarn) {
  EXPECT_EQ(Captured(Level::kInfo, Format::kText, Level::kInfo, "run", "assigned 4 partitions"),
            "consentry run: assigned 4 partitions\n");
  EXPECT_EQ(Captured(Level::kInfo, Format::kText, Level::kWarn, "run", "degraded"),
            "consentry run: warning: degraded\n");
  EXPECT_EQ(Captured(Level::kInfo, Format::kText, Level::kError, "", "bad {} braces"),
            "consentry: error: bad {} braces\n");
}

TEST_F(LogTest, LinesBelowTheLevelAreDropped) {
  EXPECT_EQ(Captured(Level::kInfo, Format::kText, Level::kDebug, "run", "batch"), "");
  EXPECT_EQ(Captured(Level::kError, Format::kText, Level::kWarn, "run", "slow"), "");
  EXPECT_EQ(Captured(Level::kOff, Format::kText, Level::kError, "run", "x"), "");
  EXPECT_EQ(Captured(Level::kDebug, Format::kText, Level::kDebug, "run", "batch"),
            "consentry run: debug: batch\n");
}

TEST_F(LogTest, JsonLinesAreOneEscapedObjectEach) {
  const std::string line = Captured(Level::kInfo, Format::kJson, Level::kWarn, "restore",
                                    "a \"quoted\"\nline\twith \x01 controls");
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;  // one line
  EXPECT_EQ(line.rfind("{\"time\":\"", 0), 0u) << line;
  // 2026-12-06T22:50:01.123Z: date, time with milliseconds, UTC.
  EXPECT_EQ(line.substr(32, 2), "Z\"") << line;
  EXPECT_NE(line.find(R"("level":"warn","component":"restore",)"
                      R"("message":"a \"quoted\"\nline\twith \u0001 controls"})"),
            std::string::npos)
      << line;
}

TEST_F(LogTest, LevelAndFormatNamesAreParsedStrictly) {
  EXPECT_EQ(*ParseLevel("debug"), Level::kDebug);
  EXPECT_EQ(*ParseLevel("warn"), Level::kWarn);
  EXPECT_EQ(*ParseFormat("json"), Format::kJson);
  EXPECT_FALSE(ParseLevel("INFO").ok());
  EXPECT_FALSE(ParseLevel("").ok());
  EXPECT_FALSE(ParseFormat("xml").ok());
  EXPECT_NE(ParseFormat("xml").status().message().find("text or json"), std::string::npos);
}

}  // namespace
}  // namespace consentry::log
