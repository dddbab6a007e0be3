#include "ingest/dlq_record.h"

#include <openssl/evp.h>

#include <algorithm>

#include "core/json_writer.h"

namespace consentry {
namespace {

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace

std::string ToJson(const DlqEntry& e) {
  const std::string_view kept = e.raw.substr(0, std::min(e.raw.size(), kDlqRawCap));
  JsonWriter w;
  w.BeginObject()
      .Field("schema", "dlq.v1")
      .Field("reason_code", e.reason_code)
      .Field("reason", e.reason)
      .Field("source_topic", e.source_topic)
      .Field("source_partition", int64_t{e.source_partition})
      .Field("source_offset", e.source_offset)
      .Field("raw_base64", Base64(kept))
      .Field("raw_bytes", static_cast<int64_t>(e.raw.size()))
      .Field("raw_truncated", kept.size() < e.raw.size())
      .Field("detected_at", FormatRfc3339(e.detected_at))
      .EndObject();
  return w.Take();
}

}  // namespace consentry
