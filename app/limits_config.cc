#include "app/limits_config.h"

#include <string>

namespace consentry {

Status ReadDecodeLimits(const ConfigReader& r, const YAML::Node& node, DecodeLimits& limits) {
  CONSENTRY_RETURN_IF_ERROR(r.OnlyKnownKeys(
      node, {"max_record_bytes", "max_depth", "max_array_items", "max_string_bytes"},
      "processing.limits"));
  struct Field {
    const char* key;
    size_t* value;
    size_t min;
    size_t max;
  };
  const Field fields[] = {
      {"max_record_bytes", &limits.max_record_bytes, kMaxRecordBytesMin, kMaxRecordBytesMax},
      {"max_depth", &limits.max_depth, kMaxDepthMin, kMaxDepthMax},
      {"max_array_items", &limits.max_array_items, 1, kMaxArrayItemsMax},
      {"max_string_bytes", &limits.max_string_bytes, kMaxStringBytesMin, kMaxRecordBytesMax},
  };
  for (const Field& f : fields) {
    const YAML::Node value = node[f.key];
    if (!value) continue;
    CONSENTRY_ASSIGN_OR_RETURN(
        const int64_t n, r.Int(value, "processing.limits." + std::string(f.key),
                               static_cast<int64_t>(f.min), static_cast<int64_t>(f.max)));
    *f.value = static_cast<size_t>(n);
  }
  if (limits.max_string_bytes > limits.max_record_bytes) {
    return r.Error(node["max_string_bytes"] ? node["max_string_bytes"] : node,
                   "processing.limits.max_string_bytes (" +
                       std::to_string(limits.max_string_bytes) +
                       ") is larger than max_record_bytes (" +
                       std::to_string(limits.max_record_bytes) + "): a string cannot be longer "
                       "than its record",
                   "lower max_string_bytes or raise max_record_bytes");
  }
  return Status::Ok();
}

}  // namespace consentry
