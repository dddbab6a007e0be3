#include "state/verdict.h"

#include "state/codec.h"
#include "state/outbound_codec.h"

namespace consentry {
namespace {

// Leading byte of every stored verdict. Never reuse a number.
constexpr uint8_t kVerdictFormatV1 = 1;

}  // namespace

std::string Verdict::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVerdictFormatV1);
  w.PutString(EncodeOutbound(message));
  w.PutVarint64(fired.size());
  for (const FiredRule& f : fired) {
    w.PutString(f.detector);
    w.PutString(f.rule_version);
  }
  return out;
}

StatusOr<Verdict> Verdict::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version;
  std::string_view message;
  uint64_t n;
  if (!r.ReadU8(&version) || version != kVerdictFormatV1) {
    return DataLoss("verdict: empty value or unknown format version");
  }
  if (!r.ReadStringView(&message) || !r.ReadCount(&n)) {
    return DataLoss("verdict: truncated or malformed value");
  }
  Verdict v;
  CONSENTRY_ASSIGN_OR_RETURN(v.message, DecodeOutbound(message));
  v.fired.resize(n);
  for (FiredRule& f : v.fired) {
    if (!r.ReadString(&f.detector) || !r.ReadString(&f.rule_version)) {
      return DataLoss("verdict: truncated rule list");
    }
  }
  if (!r.empty()) return DataLoss("verdict: trailing bytes");
  for (size_t i = 1; i < v.fired.size(); ++i) {
    if (!(v.fired[i - 1] < v.fired[i])) return DataLoss("verdict: fired rules not sorted");
  }
  return v;
}

}  // namespace consentry
