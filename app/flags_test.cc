#include "app/flags.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(FlagsTest, ParsesBothSpellingsAndBooleans) {
  auto f = Flags::Parse({"--config", "a.yaml", "--n=3", "--dry"}, {"config", "n", "dry"}, {"dry"});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->Get("config"), "a.yaml");
  EXPECT_EQ(*f->Int("n", 0), 3);
  EXPECT_TRUE(f->Has("dry"));
  EXPECT_EQ(*f->Int("missing", 7), 7);
}

TEST(FlagsTest, RequiredFlagsMustBeGivenWithAValue) {
  const FlagSpec spec{.required = {"config", "input"}, .optional = {"now"}};
  EXPECT_TRUE(Flags::Parse({"--config", "c", "--input=i"}, spec).ok());
  auto missing = Flags::Parse({"--config", "c"}, spec);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "missing required flag --input (this command needs: --config --input)");
  auto empty = Flags::Parse({"--config=", "--input", "i"}, spec);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("missing required flag --config"), std::string::npos);
}

TEST(FlagsTest, RejectsStrayArgumentsAndRepeatedFlags) {
  const FlagSpec spec{.required = {"config"}};
  auto stray = Flags::Parse({"--config", "c", "extra.yaml"}, spec);
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.status().message().find("unexpected argument 'extra.yaml'"), std::string::npos)
      << stray.status().message();
  EXPECT_FALSE(Flags::Parse({"--", "--config", "c"}, spec).ok());
  EXPECT_FALSE(Flags::Parse({"pos"}, std::set<std::string>{"config"}).ok());
  auto twice = Flags::Parse({"--config", "a", "--config=b"}, spec);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(), "flag --config is given twice; give it once");
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
