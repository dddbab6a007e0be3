#include "ingest/line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace consentry {
namespace {

class LineReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::path(::testing::TempDir()) /
             ("line_reader_test_" + std::to_string(::getpid()) + ".jsonl"))
                .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  // Every line of `bytes`, read back.
  std::vector<Line> Read(const std::string& bytes, LineReader::Options options = {}) {
    std::ofstream(path_, std::ios::binary) << bytes;
    auto reader = LineReader::Open(path_, options);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<Line> lines;
    if (!reader.ok()) return lines;
    Line line;
    while (true) {
      auto more = reader->Next(line);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      if (!more.ok() || !*more) break;
      lines.push_back(line);
    }
    return lines;
  }
  static std::vector<std::string> Texts(const std::vector<Line>& lines) {
    std::vector<std::string> out;
    for (const Line& l : lines) out.push_back(l.text);
    return out;
  }

  std::string path_;
};

using Strings = std::vector<std::string>;

TEST_F(LineReaderTest, SplitsOnEveryLineEnd) {
  EXPECT_EQ(Texts(Read("a\nb\r\nc\rd")), (Strings{"a", "b", "c", "d"}));
  EXPECT_EQ(Texts(Read("a\r\r\nb\n\nc\n")), (Strings{"a", "", "b", "", "c"}));
  EXPECT_EQ(Texts(Read("")), Strings{});
  EXPECT_EQ(Texts(Read("\n")), Strings{""});
  EXPECT_EQ(Texts(Read("x\r")), Strings{"x"});
}

TEST_F(LineReaderTest, NumbersLinesFromZero) {
  const auto lines = Read("a\rb\r\nc\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].number, 0);
  EXPECT_EQ(lines[2].number, 2);
  EXPECT_EQ(lines[2].bytes, 1u);
  EXPECT_FALSE(lines[2].cut());
}

TEST_F(LineReaderTest, SkipsAByteOrderMarkAtTheStartOnly) {
  EXPECT_EQ(Texts(Read("\xEF\xBB\xBF{}\n{}")), (Strings{"{}", "{}"}));
  EXPECT_EQ(Texts(Read("{}\n\xEF\xBB\xBF{}")), (Strings{"{}", "\xEF\xBB\xBF{}"}));
  EXPECT_EQ(Texts(Read("\xEF\xBB\xBF")), Strings{});
}

TEST_F(LineReaderTest, CrLfSplitAcrossReadsIsOneLineEnd) {
  // The reader's buffer is 64 KiB: put the "\r" last in it and the "\n" first in the next.
  const std::string first(64 * 1024 - 1, 'x');
  const auto lines = Read(first + "\r\nnext\n", {.max_line_bytes = 1 << 20});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, first);
  EXPECT_EQ(lines[1].text, "next");
  EXPECT_EQ(lines[1].number, 1);
}

TEST_F(LineReaderTest, CutsALongLineAndKeepsTheNext) {
  const std::string huge(300 * 1024, 'y');
  const auto lines = Read("ok\n" + huge + "\r\nafter", {.max_line_bytes = 1000});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].text, std::string(1001, 'y'));
  EXPECT_EQ(lines[1].bytes, huge.size());
  EXPECT_TRUE(lines[1].cut());
  EXPECT_EQ(lines[2].text, "after");
  EXPECT_EQ(lines[2].number, 2);
  // A line exactly at the limit is whole.
  const auto exact = Read(std::string(1000, 'z'), {.max_line_bytes = 1000});
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_FALSE(exact[0].cut());
}

TEST_F(LineReaderTest, ALineWithoutEndPastTheSkipLimitIsAnError) {
  std::ofstream(path_, std::ios::binary) << "{}\n" << std::string(200 * 1024, '\0');
  auto reader = LineReader::Open(path_, {.max_line_bytes = 100, .max_skip_bytes = 100 * 1024});
  ASSERT_TRUE(reader.ok());
  Line line;
  ASSERT_TRUE(*reader->Next(line));
  auto next = reader->Next(line);
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("line 2 of " + path_), std::string::npos)
      << next.status().message();
  EXPECT_NE(next.status().message().find("not a JSONL file"), std::string::npos);
}

TEST_F(LineReaderTest, AMissingFileIsAnError) {
  auto reader = LineReader::Open(path_ + ".absent", {});
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find(path_ + ".absent"), std::string::npos);
}

}  // namespace
}  // namespace consentry
