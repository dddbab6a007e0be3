#include "app/flags.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(FlagsTest, ParsesBothSpellingsAndBooleans) {
  auto f = Flags::Parse({"--config", "a.yaml", "--n=3", "--dry", "pos"}, {"config", "n", "dry"}, {"dry"});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->Get("config"), "a.yaml");
  EXPECT_EQ(*f->Int("n", 0), 3);
  EXPECT_TRUE(f->Has("dry"));
  EXPECT_EQ(f->positional(), std::vector<std::string>{"pos"});
  EXPECT_EQ(*f->Int("missing", 7), 7);
}

TEST(FlagsTest, RejectsUnknownFlagsMissingValuesAndBadIntegers) {
  auto unknown = Flags::Parse({"--confg", "x"}, {"config"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("--confg"), std::string::npos);
  EXPECT_NE(unknown.status().message().find("--config"), std::string::npos);
  EXPECT_FALSE(Flags::Parse({"--config"}, {"config"}).ok());
  auto f = Flags::Parse({"--n", "3x"}, {"n"});
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->Int("n", 0).ok());
  EXPECT_FALSE(f->Required("other").ok());
}

}  // namespace
}  // namespace consentry
