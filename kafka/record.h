#pragma once
// One consumed Kafka record, detached from librdkafka's message object: the engine's input
// record (core/record.h), so records go from the consumer to the engine without a copy.

#include "core/record.h"

namespace consentry::kafka {

using Record = InputRecord;

}  // namespace consentry::kafka
