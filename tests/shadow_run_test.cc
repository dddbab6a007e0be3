// Shadow runs through the binary (`consentry replay --baseline-config`), without a broker: a
// config that shortens the EU honouring window reports exactly the alerts it adds, computed
// apart from the shadow run by two plain replays; the same config twice reports nothing; and a
// shadow run writes no output.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "tests/cli_fixture.h"
#include "tests/testing/policies.h"

namespace consentry {
namespace {

std::string Field(const std::string& json, const std::string& field) {
  const std::string needle = "\"" + field + "\":\"";
  const size_t at = json.find(needle);
  if (at == std::string::npos) return "";
  const size_t start = at + needle.size();
  return json.substr(start, json.find('"', start) - start);
}

class ShadowRunTest : public testing::CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    const std::string shipped =
        testing::ReadFile(std::string(CONSENTRY_SOURCE_DIR) + "/configs/consentry.yaml");
    Write("live.yaml", shipped + testing::EuPolicies("48h"));
    Write("shorter.yaml", shipped + testing::EuPolicies("1h"));
    auto gen = Consentry({"gen", "--out", Path("traffic.jsonl"), "--labels", Path("labels.jsonl"),
                          "--subjects", "600", "--seed", "7"});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
  }
  // The standing alert ids of a plain replay of the traffic under `config`: its alerts less
  // their retractions.
  std::set<std::string> NetAlerts(const std::string& config) {
    const std::string alerts = Path(config + ".alerts.jsonl");
    auto replay = Consentry({"replay", "--config", Path(config), "--input", Path("traffic.jsonl"),
                             "--alerts-out", alerts});
    EXPECT_EQ(replay.exit_code, 0) << replay.err;
    std::set<std::string> ids;
    for (const std::string& line : testing::ReadLines(alerts)) {
      if (Field(line, "kind") == "retraction") {
        ids.erase(Field(line, "alert_id"));
      } else {
        ids.insert(Field(line, "alert_id"));
      }
    }
    return ids;
  }
};

TEST_F(ShadowRunTest, AShorterHonouringWindowReportsExactlyTheAlertsItAdds) {
  const std::set<std::string> live = NetAlerts("live.yaml");
  const std::set<std::string> shorter = NetAlerts("shorter.yaml");
  std::set<std::string> added, removed;
  std::set_difference(shorter.begin(), shorter.end(), live.begin(), live.end(),
                      std::inserter(added, added.end()));
  std::set_difference(live.begin(), live.end(), shorter.begin(), shorter.end(),
                      std::inserter(removed, removed.end()));
  ASSERT_FALSE(added.empty()) << "the traffic has no EU message inside the 48 h window";
  EXPECT_TRUE(removed.empty());

  auto shadow = Consentry({"replay", "--config", Path("shorter.yaml"), "--baseline-config",
                           Path("live.yaml"), "--input", Path("traffic.jsonl"), "--diff-out",
                           Path("diff.jsonl"), "--progress", "0"});
  EXPECT_EQ(shadow.exit_code, 3) << shadow.err;
  EXPECT_NE(shadow.out.find("consent.withdrawn: " + std::to_string(added.size()) +
                            " added, 0 removed, 0 changed"),
            std::string::npos)
      << shadow.out;
  EXPECT_NE(shadow.out.find("the new config changes what is flagged"), std::string::npos);
  std::set<std::string> reported;
  for (const std::string& line : testing::ReadLines(Path("diff.jsonl"))) {
    EXPECT_EQ(Field(line, "change"), "added") << line;
    EXPECT_EQ(Field(line, "detector"), "consent.withdrawn") << line;
    reported.insert(Field(line, "alert_id"));
  }
  EXPECT_EQ(reported, added);
  // Samples on stdout are added alerts too.
  size_t samples = 0;
  for (size_t at = shadow.out.find("\n  + "); at != std::string::npos;
       at = shadow.out.find("\n  + ", at + 1)) {
    EXPECT_TRUE(added.contains(shadow.out.substr(at + 5, 32))) << shadow.out.substr(at, 80);
    ++samples;
  }
  EXPECT_EQ(samples, std::min<size_t>(5, added.size()));
}

TEST_F(ShadowRunTest, TheSameConfigTwiceChangesNothingAndAShadowRunWritesNothing) {
  auto same = Consentry({"replay", "--config", Path("live.yaml"), "--baseline-config",
                         Path("live.yaml"), "--input", Path("traffic.jsonl"), "--progress", "0"});
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("no difference"), std::string::npos) << same.out;

  auto with_output =
      Consentry({"replay", "--config", Path("live.yaml"), "--baseline-config", Path("live.yaml"),
                 "--input", Path("traffic.jsonl"), "--alerts-out", Path("a.jsonl")});
  EXPECT_EQ(with_output.exit_code, 2);
  EXPECT_NE(with_output.err.find("--alerts-out has no use in a shadow run"), std::string::npos)
      << with_output.err;
  EXPECT_FALSE(std::filesystem::exists(Path("a.jsonl")));
  auto no_output =
      Consentry({"replay", "--config", Path("live.yaml"), "--input", Path("traffic.jsonl")});
  EXPECT_EQ(no_output.exit_code, 2);
  EXPECT_NE(no_output.err.find("missing required flag --alerts-out"), std::string::npos)
      << no_output.err;
  auto pipe = Consentry({"replay", "--config", Path("live.yaml"), "--baseline-config",
                         Path("live.yaml"), "--input", "/dev/null"});
  EXPECT_EQ(pipe.exit_code, 2);
  EXPECT_NE(pipe.err.find("a shadow run reads --input twice"), std::string::npos) << pipe.err;
  auto broken = Consentry({"replay", "--config", Path("live.yaml"), "--baseline-config",
                           Path("nope.yaml"), "--input", Path("traffic.jsonl")});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("nope.yaml"), std::string::npos) << broken.err;
}

}  // namespace
}  // namespace consentry
