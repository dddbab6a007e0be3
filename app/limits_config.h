#pragma once
// Reads `processing.limits:` (docs/configuration.md, "Input limits") into the decoder's
// DecodeLimits (ingest/decoder.h): what one input record may cost before it is dead-lettered.
// Every error names the file, the line and the fix, like the rest of app/config.cc.

#include <yaml-cpp/yaml.h>

#include "app/config_reader.h"
#include "core/status.h"
#include "ingest/decoder.h"

namespace consentry {

// The bounds each limit may be set within. The minimums let every valid record of every schema
// decode (an outbound.v1 with `targeting.data_sources` nests 3 deep); the maximums keep one
// record, and a batch of them, within a worker's memory.
inline constexpr size_t kMaxRecordBytesMin = 1024;
inline constexpr size_t kMaxRecordBytesMax = 16 * 1024 * 1024;
inline constexpr size_t kMaxDepthMin = 3;
inline constexpr size_t kMaxDepthMax = 1024;  // simdjson's own nesting limit
inline constexpr size_t kMaxArrayItemsMax = 65536;
inline constexpr size_t kMaxStringBytesMin = 64;  // the longest RFC 3339 timestamp fits

// Overwrites the limits `node` (a mapping) sets; the others keep their values.
Status ReadDecodeLimits(const ConfigReader& r, const YAML::Node& node, DecodeLimits& limits);

}  // namespace consentry
