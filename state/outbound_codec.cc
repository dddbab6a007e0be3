#include "state/outbound_codec.h"

#include "state/codec.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

// Leading byte of every encoded message. Never reuse a number.
constexpr uint8_t kOutboundFormatV1 = 1;

void PutOptionalInt(ByteWriter& w, const std::optional<int64_t>& v) {
  w.PutBool(v.has_value());
  if (v) w.PutSignedVarint64(*v);
}

bool ReadOptionalInt(ByteReader& r, std::optional<int64_t>* v) {
  bool present;
  if (!r.ReadBool(&present)) return false;
  if (!present) {
    v->reset();
    return true;
  }
  int64_t x;
  if (!r.ReadSignedVarint64(&x)) return false;
  *v = x;
  return true;
}

}  // namespace

std::string EncodeOutbound(const OutboundEvent& m) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kOutboundFormatV1);
  w.PutString(m.event_id.value());
  wire::PutTimestamp(w, m.sent_at);
  w.PutString(m.tenant.value());
  w.PutString(m.subject.value());
  wire::PutChannel(w, m.channel);
  w.PutString(m.purpose);
  w.PutString(m.sender_id.value());
  w.PutString(m.campaign_id.value());
  w.PutString(m.jurisdiction);
  w.PutString(m.recipient_tz);
  PutOptionalInt(w, m.content.fingerprint
                        ? std::optional<int64_t>(static_cast<int64_t>(*m.content.fingerprint))
                        : std::nullopt);
  w.PutString(m.content.template_id);
  wire::PutOptionalBool(w, m.content.has_unsubscribe);
  wire::PutOptionalBool(w, m.content.ai_generated);
  wire::PutOptionalBool(w, m.content.ai_disclosed);
  PutOptionalInt(w, m.content.length);
  wire::PutStrings(w, m.data_sources);
  return out;
}

StatusOr<OutboundEvent> DecodeOutbound(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version;
  if (!r.ReadU8(&version)) return DataLoss("outbound message: empty value");
  if (version != kOutboundFormatV1) {
    return DataLoss("outbound message: unknown format version " + std::to_string(version));
  }
  OutboundEvent m;
  std::optional<int64_t> fingerprint;
  const bool ok =
      wire::ReadId(r, &m.event_id) && wire::ReadTimestamp(r, &m.sent_at) &&
      wire::ReadId(r, &m.tenant) && wire::ReadId(r, &m.subject) &&
      wire::ReadChannel(r, &m.channel) && r.ReadString(&m.purpose) &&
      wire::ReadId(r, &m.sender_id) && wire::ReadId(r, &m.campaign_id) &&
      r.ReadString(&m.jurisdiction) && r.ReadString(&m.recipient_tz) &&
      ReadOptionalInt(r, &fingerprint) && r.ReadString(&m.content.template_id) &&
      wire::ReadOptionalBool(r, &m.content.has_unsubscribe) &&
      wire::ReadOptionalBool(r, &m.content.ai_generated) &&
      wire::ReadOptionalBool(r, &m.content.ai_disclosed) &&
      ReadOptionalInt(r, &m.content.length) && wire::ReadStrings(r, &m.data_sources);
  if (!ok) return DataLoss("outbound message: truncated or malformed value");
  if (!r.empty()) return DataLoss("outbound message: trailing bytes");
  if (fingerprint) m.content.fingerprint = static_cast<uint64_t>(*fingerprint);
  return m;
}

}  // namespace consentry
