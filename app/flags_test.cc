#include "app/flags.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

const CommandSpec kSpec{
    .name = "try",
    .summary = "A command for the tests. It has every kind of flag.",
    .flags = {{.name = "config", .value_name = "FILE", .help = "the config", .required = true},
              {.name = "input", .value_name = "FILE", .help = "the input"},
              {.name = "n", .type = FlagType::kInt, .help = "a count", .default_value = "7"},
              {.name = "dry", .type = FlagType::kSwitch, .help = "change nothing"},
              {.name = "role", .help = "who", .choices = {"viewer", "admin"}}}};

std::string ErrorOf(const std::vector<std::string>& args) {
  auto f = Flags::Parse(args, kSpec);
  return f.ok() ? "(parsed)" : f.status().message();
}

TEST(FlagsTest, ParsesBothSpellingsSwitchesAndDefaults) {
  auto f = Flags::Parse({"--config", "a.yaml", "--n=3", "--dry"}, kSpec);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->Get("config"), "a.yaml");
  EXPECT_EQ(f->Int("n"), 3);
  EXPECT_TRUE(f->Has("dry"));
  EXPECT_TRUE(f->Switch("dry"));
  EXPECT_FALSE(f->Has("input"));
  EXPECT_EQ(f->Get("input"), "");

  auto defaults = Flags::Parse({"--config=c", "--dry=false", "--role", "admin"}, kSpec);
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_EQ(defaults->Int("n"), 7);
  EXPECT_FALSE(defaults->Has("n"));
  EXPECT_FALSE(defaults->Switch("dry"));
  EXPECT_EQ(defaults->Get("role"), "admin");
}

TEST(FlagsTest, ASwitchTakesOnlyTrueOrFalse) {
  auto f = Flags::Parse({"--config", "c", "--dry", "false"}, kSpec);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_FALSE(f->Switch("dry"));
  EXPECT_EQ(ErrorOf({"--config", "c", "--dry", "extra.yaml"}),
            "--dry is a switch: give it bare, or =true or =false, not 'extra.yaml'");
  EXPECT_EQ(ErrorOf({"--config", "c", "--dry=maybe"}),
            "--dry is a switch: give it bare, or =true or =false, not 'maybe'");
}

TEST(FlagsTest, RequiredFlagsMustBeGivenWithAValue) {
  EXPECT_EQ(ErrorOf({"--input", "i"}),
            "missing required flag --config (this command needs: --config)");
  EXPECT_EQ(ErrorOf({"--config=", "--input", "i"}), "flag --config needs a value after the =");
  EXPECT_EQ(ErrorOf({"--config", "", "--input", "i"}),
            "missing required flag --config (this command needs: --config)");
}

TEST(FlagsTest, RejectsStrayArgumentsAndRepeatedFlags) {
  EXPECT_EQ(ErrorOf({"--config", "c", "extra.yaml"}).rfind("unexpected argument 'extra.yaml'", 0),
            0u);
  EXPECT_NE(ErrorOf({"--", "--config", "c"}), "(parsed)");
  EXPECT_NE(ErrorOf({"-c", "x"}), "(parsed)");
  EXPECT_EQ(ErrorOf({"--config", "a", "--config=b"}), "flag --config is given twice; give it once");
}

TEST(FlagsTest, RejectsUnknownAndAbbreviatedFlagsMissingValuesBadIntegersAndChoices) {
  EXPECT_EQ(ErrorOf({"--confg", "x"}),
            "unknown flag --confg; this command takes: --config --input --n --dry --role");
  // Program_options would take a unique prefix; a script must say what it means.
  EXPECT_EQ(ErrorOf({"--conf", "x"}).rfind("unknown flag --conf;", 0), 0u);
  EXPECT_EQ(ErrorOf({"--config"}), "flag --config needs a value");
  EXPECT_EQ(ErrorOf({"--config", "c", "--n", "3x"}), "--n must be an integer, not '3x'");
  EXPECT_EQ(ErrorOf({"--config", "c", "--n", ""}), "--n must be an integer, not ''");
  EXPECT_EQ(ErrorOf({"--config", "c", "--n", "99999999999999999999"}),
            "--n must be an integer, not '99999999999999999999'");
  EXPECT_EQ(ErrorOf({"--config", "c", "--role", "root"}),
            "--role must be one of viewer, admin, not 'root'");
}

TEST(FlagsTest, HelpIsAskedForAnywhereAndSkipsTheOtherChecks) {
  auto f = Flags::Parse({"--n", "2", "--help"}, kSpec);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_TRUE(f->help());
  EXPECT_NE(ErrorOf({"--help", "--bogus"}), "(parsed)");
}

TEST(FlagsTest, HelpShowsEachFlagsTypeDefaultAndChoices) {
  EXPECT_EQ(HelpText(kSpec),
            "usage: consentry try --config FILE [flags]\n"
            "\n"
            "A command for the tests. It has every kind of flag.\n"
            "\n"
            "flags:\n"
            "  --config FILE  text, required: the config\n"
            "  --input FILE   text: the input\n"
            "  --n INT        integer, default 7: a count\n"
            "  --dry          switch: change nothing\n"
            "  --role TEXT    text, one of viewer|admin: who\n"
            "  --help         print this help and exit\n");
  EXPECT_EQ(Synopsis(kSpec), "consentry try --config FILE [flags]");
}

TEST(FlagsTest, LongHelpWrapsUnderItsColumn) {
  const CommandSpec spec{
      .name = "wrap",
      .summary = "S.",
      .flags = {{.name = "a-rather-long-flag-name",
                 .value_name = "HOST:PORT",
                 .help = "one two three four five six seven eight nine ten eleven twelve "
                         "thirteen fourteen fifteen sixteen seventeen eighteen nineteen"}}};
  const std::string help = HelpText(spec);
  EXPECT_NE(help.find("  --a-rather-long-flag-name HOST:PORT\n          text: one two"),
            std::string::npos)
      << help;
  for (size_t start = 0, end; start < help.size(); start = end + 1) {
    end = help.find('\n', start);
    EXPECT_LE(end - start, 100u) << help.substr(start, end - start);
  }
}

}  // namespace
}  // namespace consentry
