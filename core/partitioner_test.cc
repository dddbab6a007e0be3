#include "core/partitioner.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

// Known answers from Kafka's own test of Utils.murmur2 (UtilsTest.testMurmur2).
TEST(PartitionerTest, Murmur2MatchesKafka) {
  EXPECT_EQ(KafkaMurmur2("21"), -973932308);
  EXPECT_EQ(KafkaMurmur2("foobar"), -790332482);
  EXPECT_EQ(KafkaMurmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(KafkaMurmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(KafkaMurmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(KafkaMurmur2("abc"), 479470107);
}

TEST(PartitionerTest, PartitionClearsTheSignBit) {
  // (-973932308 & 0x7fffffff) % 4 = 1173551340 % 4 = 0; 479470107 % 4 = 3; % 1 is always 0.
  EXPECT_EQ(KafkaPartition("21", 4), 0);
  EXPECT_EQ(KafkaPartition("abc", 4), 3);
  EXPECT_EQ(KafkaPartition("abc", 1), 0);
}

}  // namespace
}  // namespace consentry
