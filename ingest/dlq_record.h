#pragma once
// dlq.v1: a record that could not be judged, with the reason and where it came from. The raw
// bytes are kept (base64, capped) so an operator can inspect and replay it; nothing is dropped.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.h"

namespace consentry {

inline constexpr size_t kDlqRawCap = 4096;

struct DlqEntry {
  std::string reason_code;  // stable machine code, e.g. "missing_field"
  std::string reason;       // a sentence naming the field, never echoing its value
  std::string source_topic;
  int32_t source_partition = 0;
  int64_t source_offset = 0;
  std::string_view raw;  // the whole record; ToJson caps it at kDlqRawCap bytes
  Timestamp detected_at;
};

std::string ToJson(const DlqEntry& entry);

}  // namespace consentry
