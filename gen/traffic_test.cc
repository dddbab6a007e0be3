#include "gen/traffic.h"

#include <gtest/gtest.h>

#include <set>

namespace consentry {
namespace {

TEST(TrafficTest, SameSeedSameBytes) {
  GenOptions o;
  o.subjects = 200;
  const auto a = GenerateTraffic(o);
  const auto b = GenerateTraffic(o);
  EXPECT_EQ(a.lines, b.lines);
  o.seed = 7;
  EXPECT_NE(GenerateTraffic(o).lines, a.lines);
}

TEST(TrafficTest, LabelsEveryMessageAndMalformedLine) {
  GenOptions o;
  o.subjects = 300;
  o.messages_per_subject = 2;
  o.malformed = 9;
  const auto t = GenerateTraffic(o);
  size_t messages = 0, malformed = 0, violations = 0;
  std::set<std::string> scenarios;
  for (const auto& l : t.labels) {
    ASSERT_LT(l.line, static_cast<int64_t>(t.lines.size()));
    if (l.event_id.empty()) {
      ++malformed;
      EXPECT_FALSE(l.expected_dlq_reason.empty());
    } else {
      ++messages;
      EXPECT_NE(t.lines[l.line].find("\"" + l.event_id + "\""), std::string::npos);
      if (!l.expected_detector.empty()) ++violations;
    }
    scenarios.insert(l.scenario);
  }
  EXPECT_EQ(messages, 600u);
  EXPECT_EQ(malformed, 9u);
  EXPECT_GT(violations, 60u);  // about a quarter are violations
  EXPECT_LT(violations, 300u);
  EXPECT_GE(scenarios.size(), 9u);  // every scenario shows up at this size
}

}  // namespace
}  // namespace consentry
