#pragma once
// One consumed Kafka record, detached from librdkafka's message object.

#include <cstdint>
#include <string>

namespace consentry::kafka {

struct Record {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string value;
};

}  // namespace consentry::kafka
