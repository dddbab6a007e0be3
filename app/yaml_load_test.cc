#include "app/yaml_load.h"

#include <gtest/gtest.h>

#include <string>

namespace consentry {
namespace {

// The error LoadYaml gives for `text`, or "" when it loads.
std::string ErrorOf(const std::string& text) {
  auto node = LoadYaml(text, "c.yaml");
  return node.ok() ? "" : node.status().message();
}

TEST(YamlLoadTest, LoadsAMapping) {
  auto node = LoadYaml("a: \"x\\\" y\"\nb: 'it''s'\nc: \"two\n  lines\"\n", "c.yaml");
  ASSERT_TRUE(node.ok()) << node.status().ToString();
  EXPECT_EQ((*node)["a"].Scalar(), "x\" y");
  EXPECT_EQ((*node)["b"].Scalar(), "it's");
  EXPECT_EQ((*node)["c"].Scalar(), "two lines");
}

TEST(YamlLoadTest, AnEmptyFileSaysSo) {
  for (const char* text : {"", "\n\n", "# only a comment\n", "---\n"}) {
    const std::string e = ErrorOf(text);
    EXPECT_NE(e.find("c.yaml: the file is empty"), std::string::npos) << text << ": " << e;
    EXPECT_NE(e.find("fix: start from configs/consentry.yaml"), std::string::npos) << e;
  }
}

// yaml-cpp ends an unclosed quoted value at the end of the file, swallowing every later line.
TEST(YamlLoadTest, AnUnclosedQuoteIsAnErrorOnItsLine) {
  const std::string dq = ErrorOf("detectors: {}\nstate_dir: \"abc\ngroup_id: x\n");
  EXPECT_NE(dq.find("c.yaml:2: the double quote opened on this line is never closed"),
            std::string::npos)
      << dq;
  EXPECT_NE(dq.find("fix: close the quote"), std::string::npos) << dq;
  const std::string sq = ErrorOf("a: 1\nb: 2\n'key: 3\n");
  EXPECT_NE(sq.find("c.yaml:3: the single quote"), std::string::npos) << sq;
  const std::string escaped = ErrorOf("a: \"ends with an escaped quote\\\"\n");
  EXPECT_NE(escaped.find("c.yaml:1: the double quote"), std::string::npos) << escaped;
}

TEST(YamlLoadTest, SyntaxErrorsGetTheLineAndAFix) {
  const std::string tab = ErrorOf("detectors:\n\t consent.missing: {}\n");
  EXPECT_NE(tab.find("c.yaml:2: not valid YAML"), std::string::npos) << tab;
  EXPECT_NE(tab.find("spaces, not tabs"), std::string::npos) << tab;
  const std::string brace = ErrorOf("detectors: {consent.missing: {}\n");
  EXPECT_NE(brace.find("c.yaml:2: not valid YAML (end of map flow not found); fix: close the "
                       "`{` with `}`"),
            std::string::npos)
      << brace;
  const std::string escape = ErrorOf("a: \"x\\q\"\n");
  EXPECT_NE(escape.find("c.yaml:1:"), std::string::npos) << escape;
  EXPECT_NE(escape.find("use single quotes"), std::string::npos) << escape;
}

// An alias turns a few lines into billions of nodes, or a node that holds itself.
TEST(YamlLoadTest, AliasesAreRefused) {
  std::string laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) laughs += (j ? ", *a" : "*a") + std::to_string(i - 1);
    laughs += "]\n";
  }
  const std::string e = ErrorOf(laughs);
  EXPECT_NE(e.find("c.yaml:2: aliases (*name) are not supported"), std::string::npos) << e;
  EXPECT_NE(ErrorOf("a: &a [*a]\n").find("c.yaml:1: aliases"), std::string::npos);
  EXPECT_EQ(ErrorOf("a: &anchor 1\n"), "");  // an anchor alone is harmless
}

TEST(YamlLoadTest, TextMustBeUtf8WithoutControlCharacters) {
  EXPECT_NE(ErrorOf("a: 1\nb: \xFF\n").find("c.yaml:2: the file is not UTF-8 text"),
            std::string::npos);
  const std::string nul = ErrorOf(std::string("a: 1\nb: [\n\0c: 2\n", 16));
  EXPECT_NE(nul.find("c.yaml:3: a control character (U+0000) is not allowed in YAML"),
            std::string::npos)
      << nul;
  // A byte order mark is dropped, and quotes after it are still checked where they are.
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF" "a: \"x\"\nb: 'y'\n"), "");
  EXPECT_NE(ErrorOf("\xEF\xBB\xBF" "a: \"x\"\nb: 'y\n").find("c.yaml:2: the single quote"),
            std::string::npos);
  EXPECT_EQ(ErrorOf("a: \"\xC3\xA6\xC3\xB8\"\r\nb: 'z'\r\n"), "");
}

TEST(YamlLoadTest, ASecondDocumentIsRefused) {
  const std::string e = ErrorOf("a: 1\n---\nb: 2\n");
  EXPECT_NE(e.find("c.yaml:2: a second YAML document starts here"), std::string::npos) << e;
}

TEST(YamlLoadTest, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "a: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  EXPECT_NE(ErrorOf(deep).find("c.yaml:1: not valid YAML"), std::string::npos) << ErrorOf(deep);
}

}  // namespace
}  // namespace consentry
