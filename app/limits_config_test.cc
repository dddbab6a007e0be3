// processing.limits and processing.max_batch_bytes, read through ParseConfig (the way a config
// file reaches them) and handed to the engine by EngineOptionsFor.

#include "app/limits_config.h"

#include <gtest/gtest.h>

#include <string>

#include "app/command_util.h"
#include "app/config.h"

namespace consentry {
namespace {

constexpr char kHead[] = "detectors:\n  consent.missing: {}\nprocessing:\n";

StatusOr<Config> Parse(const std::string& processing) {
  return ParseConfig(std::string(kHead) + processing, "c.yaml");
}

void ExpectError(const std::string& processing, const std::string& part) {
  auto c = Parse(processing);
  ASSERT_FALSE(c.ok()) << processing;
  EXPECT_NE(c.status().message().find(part), std::string::npos)
      << "missing '" << part << "' in: " << c.status().message();
}

TEST(LimitsConfigTest, DefaultsAreTheDecodersOwn) {
  auto c = ParseConfig("detectors:\n  consent.missing: {}\n", "c.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->decode_limits.max_record_bytes, 65536u);
  EXPECT_EQ(c->decode_limits.max_depth, 16u);
  EXPECT_EQ(c->decode_limits.max_array_items, 256u);
  EXPECT_EQ(c->decode_limits.max_string_bytes, 4096u);
  EXPECT_EQ(c->max_batch_bytes, 16u * 1024 * 1024);
}

TEST(LimitsConfigTest, SetsEachLimitAndTheEngineGetsThem) {
  auto c = Parse(
      "  max_batch_bytes: 1048576\n"
      "  limits:\n    max_record_bytes: 2048\n    max_depth: 8\n    max_array_items: 10\n"
      "    max_string_bytes: 512\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->max_batch_bytes, 1048576u);
  const EngineOptions options = EngineOptionsFor(*c);
  EXPECT_EQ(options.decode_limits.max_record_bytes, 2048u);
  EXPECT_EQ(options.decode_limits.max_depth, 8u);
  EXPECT_EQ(options.decode_limits.max_array_items, 10u);
  EXPECT_EQ(options.decode_limits.max_string_bytes, 512u);
}

TEST(LimitsConfigTest, OutOfRangeValuesNameTheKeyTheLineAndTheRange) {
  ExpectError("  limits:\n    max_record_bytes: 100\n",
              "c.yaml:5: processing.limits.max_record_bytes must be an integer from 1024 to "
              "16777216");
  ExpectError("  limits:\n    max_depth: 2\n", "processing.limits.max_depth must be an integer "
                                               "from 3 to 1024");
  ExpectError("  limits:\n    max_array_items: 0\n", "max_array_items must be an integer from 1");
  ExpectError("  limits:\n    max_string_bytes: -5\n", "max_string_bytes must be an integer");
  ExpectError("  limits:\n    max_depth: \"8\"\n", "must be a number, not the quoted string");
  ExpectError("  max_batch_bytes: 10\n", "c.yaml:4: processing.max_batch_bytes must be an "
                                         "integer from 65536 to 1073741824");
}

TEST(LimitsConfigTest, AStringCannotBeLongerThanItsRecord) {
  ExpectError("  limits:\n    max_record_bytes: 2048\n    max_string_bytes: 4096\n",
              "c.yaml:6: processing.limits.max_string_bytes (4096) is larger than "
              "max_record_bytes (2048)");
  // The default string limit (4096) is over a lowered record limit too.
  ExpectError("  limits:\n    max_record_bytes: 2048\n", "lower max_string_bytes");
}

TEST(LimitsConfigTest, UnknownKeysAreErrors) {
  ExpectError("  limits:\n    max_id_bytes: 10\n",
              "c.yaml:5: unknown key 'max_id_bytes' in processing.limits; fix: use one of: "
              "max_array_items, max_depth, max_record_bytes, max_string_bytes");
  ExpectError("  limits: 5\n", "processing.limits must be a mapping");
}

}  // namespace
}  // namespace consentry
