// A shadow run over a range of topics read from the real broker (`replay --topic ...
// --baseline-config ...`): it adds exactly what the same shadow run over the file the topics
// were produced from adds, produces nothing on the broker, and honours the offset range.

#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/kafka_fixture.h"
#include "tests/testing/policies.h"

namespace consentry {
namespace {

class ShadowKafkaTest : public KafkaFixture {
 protected:
  std::set<std::string> Added(const std::string& diff) {
    std::set<std::string> ids;
    for (const auto& line : testing::ReadLines(diff)) {
      EXPECT_EQ(Field(line, "change"), "added") << line;
      ids.insert(Field(line, "alert_id"));
    }
    return ids;
  }
};

TEST_F(ShadowKafkaTest, ARangeOfTopicsAddsWhatTheSameRecordsInAFileAdd) {
  const std::string config = WriteConfig(500);
  GenOptions options;
  options.subjects = 400;
  options.sender_scenarios = 0;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
  const std::string base = testing::ReadFile(config);
  std::ofstream(Path("live.yaml")) << base << testing::EuPolicies("48h");
  std::ofstream(Path("shorter.yaml")) << base << testing::EuPolicies("1h");
  std::string topics;
  for (const char* t : {"outbound", "consent", "campaigns", "feedback", "suppression"}) {
    topics += (topics.empty() ? "" : ",") + Topic(t);
  }

  auto from_file = Consentry(
      {"replay", "--config", Path("shorter.yaml"), "--baseline-config", Path("live.yaml"),
       "--input", Path("traffic.jsonl"), "--diff-out", Path("file-diff.jsonl"), "--progress", "0"},
      "file");
  EXPECT_EQ(from_file.exit_code, 3) << from_file.err;
  auto from_kafka =
      Consentry({"replay", "--config", Path("shorter.yaml"), "--baseline-config", Path("live.yaml"),
                 "--topic", topics, "--diff-out", Path("kafka-diff.jsonl"), "--progress", "0"},
                "kafka");
  EXPECT_EQ(from_kafka.exit_code, 3) << from_kafka.err;
  // `produce` sends every non-empty line, broken ones too, to a topic of the range.
  size_t lines = 0;
  for (const auto& line : testing::ReadLines(Path("traffic.jsonl"))) lines += !line.empty();
  EXPECT_NE(from_kafka.err.find("replay: " + std::to_string(lines) + " records in the range"),
            std::string::npos)
      << from_kafka.err;
  const std::set<std::string> added = Added(Path("file-diff.jsonl"));
  EXPECT_FALSE(added.empty());
  EXPECT_EQ(Added(Path("kafka-diff.jsonl")), added);
  EXPECT_TRUE(ReadValues(Topic("alerts")).empty()) << "a shadow run produces nothing";

  // Offset 0 alone of every partition: a handful of records.
  auto first =
      Consentry({"replay", "--config", Path("shorter.yaml"), "--baseline-config", Path("live.yaml"),
                 "--topic", topics, "--to-offset", "1", "--progress", "0"},
                "first");
  EXPECT_NE(first.exit_code, 1) << first.err;
  const size_t partitions = 4 * kPartitions + 1;  // the campaign table has one partition
  EXPECT_NE(first.err.find(" records in the range"), std::string::npos) << first.err;
  const size_t in_range = std::stoul(
      first.err.substr(first.err.rfind("replay: ", first.err.find(" records in the range")) + 8));
  EXPECT_LE(in_range, partitions);
  EXPECT_GT(in_range, 0u);

  auto missing = Consentry({"replay", "--config", Path("shorter.yaml"), "--baseline-config",
                            Path("live.yaml"), "--topic", Topic("nope")},
                           "missing");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find(Topic("nope")), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace consentry
