#include "pipeline/message_digest.h"

#include <string_view>

namespace consentry {
namespace {

// FNV-1a, 64-bit: not cryptographic, which is fine: both messages come from the same tenant's
// producers, and a collision only means a reused id is absorbed as a redelivery.
class Fnv {
 public:
  void Bytes(std::string_view s) {
    Int(s.size());  // length-prefixed, so ("a","bc") and ("ab","c") differ
    for (unsigned char c : s) Byte(c);
  }
  void Int(uint64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<unsigned char>(v >> (8 * i)));
  }
  uint64_t value() const { return h_; }

 private:
  void Byte(unsigned char c) {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

void Optional(Fnv& f, const std::optional<bool>& b) { f.Int(!b ? 0 : (*b ? 2 : 1)); }

}  // namespace

uint64_t ContentDigest(const OutboundEvent& m) {
  Fnv f;
  f.Int(static_cast<uint64_t>(ToMicros(m.sent_at)));
  f.Bytes(m.subject.value());
  f.Int(static_cast<uint64_t>(m.channel));
  f.Bytes(m.purpose);
  f.Bytes(m.sender_id.value());
  f.Bytes(m.campaign_id.value());
  f.Bytes(m.jurisdiction);
  f.Bytes(m.recipient_tz);
  f.Int(m.content.fingerprint.value_or(0));
  f.Int(m.content.fingerprint.has_value());
  f.Bytes(m.content.template_id);
  Optional(f, m.content.has_unsubscribe);
  Optional(f, m.content.ai_generated);
  Optional(f, m.content.ai_disclosed);
  f.Int(static_cast<uint64_t>(m.content.length.value_or(-1)));
  f.Int(m.data_sources.size());
  for (const auto& source : m.data_sources) f.Bytes(source);
  return f.value();
}

}  // namespace consentry
