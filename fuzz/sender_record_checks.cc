#include "fuzz/sender_record_checks.h"

#include "pipeline/sender_record.h"

namespace consentry::fuzz {

bool CheckSenderRecordBytes(std::string_view bytes) {
  auto decoded = DecodeSenderRecord(bytes);
  if (!decoded.ok()) return false;
  const std::string encoded = EncodeSenderRecord(*decoded);
  auto again = DecodeSenderRecord(encoded);
  if (!again.ok() || EncodeSenderRecord(*again) != encoded) __builtin_trap();
  return true;
}

}  // namespace consentry::fuzz
