#include "pipeline/sender_record.h"

#include "core/partitioner.h"
#include "state/codec.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

// Version 1 record layout: version, kind, then the kind's fields.
constexpr uint8_t kVersion = 1;
enum : uint8_t { kMessage = 1, kFeedback = 2, kWatermark = 3 };

// On-wire codes of the two feedback kinds that reach the sender stage.
constexpr uint8_t kComplaint = 1;
constexpr uint8_t kBounce = 2;

struct Encoder {
  ByteWriter& w;
  void operator()(const SenderMessage& m) const {
    w.PutU8(kMessage);
    wire::PutTimestamp(w, m.sent_at);
    w.PutString(m.tenant.value());
    w.PutString(m.sender.value());
    w.PutString(m.campaign.value());
    w.PutBool(m.expected_volume.has_value());
    if (m.expected_volume) w.PutSignedVarint64(*m.expected_volume);
    wire::PutChannel(w, m.channel);
    w.PutFixed64BE(m.message_hash);
    w.PutFixed64BE(m.recipient_hash);
    w.PutBool(m.fingerprint.has_value());
    if (m.fingerprint) w.PutFixed64BE(*m.fingerprint);
    w.PutBool(m.lacked_consent);
  }
  void operator()(const SenderFeedback& f) const {
    w.PutU8(kFeedback);
    wire::PutTimestamp(w, f.at);
    w.PutString(f.tenant.value());
    w.PutString(f.sender.value());
    w.PutU8(f.kind == FeedbackKind::kBounce ? kBounce : kComplaint);
    w.PutFixed64BE(f.feedback_hash);
  }
  void operator()(const SenderWatermark& m) const {
    w.PutU8(kWatermark);
    w.PutSignedVarint64(m.source);
    wire::PutTimestamp(w, m.at);
  }
};

bool ReadMessage(ByteReader& r, SenderMessage* m) {
  bool has_volume = false, has_fingerprint = false;
  if (!wire::ReadTimestamp(r, &m->sent_at) || !wire::ReadId(r, &m->tenant) ||
      !wire::ReadId(r, &m->sender) || !wire::ReadId(r, &m->campaign) ||
      !r.ReadBool(&has_volume)) {
    return false;
  }
  if (has_volume) {
    int64_t volume = 0;
    if (!r.ReadSignedVarint64(&volume)) return false;
    m->expected_volume = volume;
  }
  if (!wire::ReadChannel(r, &m->channel) || !r.ReadFixed64BE(&m->message_hash) ||
      !r.ReadFixed64BE(&m->recipient_hash) || !r.ReadBool(&has_fingerprint)) {
    return false;
  }
  if (has_fingerprint) {
    uint64_t fingerprint = 0;
    if (!r.ReadFixed64BE(&fingerprint)) return false;
    m->fingerprint = fingerprint;
  }
  return r.ReadBool(&m->lacked_consent);
}

bool ReadFeedback(ByteReader& r, SenderFeedback* f) {
  uint8_t kind = 0;
  if (!wire::ReadTimestamp(r, &f->at) || !wire::ReadId(r, &f->tenant) ||
      !wire::ReadId(r, &f->sender) || !r.ReadU8(&kind) || !r.ReadFixed64BE(&f->feedback_hash)) {
    return false;
  }
  if (kind == kComplaint) {
    f->kind = FeedbackKind::kComplaint;
  } else if (kind == kBounce) {
    f->kind = FeedbackKind::kBounce;
  } else {
    return r.Fail();
  }
  return true;
}

bool ReadWatermark(ByteReader& r, SenderWatermark* m) {
  int64_t source = 0;
  if (!r.ReadSignedVarint64(&source) || source < 0 || source > INT32_MAX) return r.Fail();
  m->source = static_cast<int32_t>(source);
  return wire::ReadTimestamp(r, &m->at);
}

// splitmix64's finalizer: spreads FNV's bits evenly, which the HyperLogLog sketches need.
uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a over length-prefixed strings, so ("a","bc") and ("ab","c") differ.
class Fnv {
 public:
  explicit Fnv(uint64_t domain) { Int(domain); }
  void Bytes(std::string_view s) {
    Int(s.size());
    for (unsigned char c : s) Byte(c);
  }
  uint64_t value() const { return Mix(h_); }

 private:
  void Int(uint64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<unsigned char>(v >> (8 * i)));
  }
  void Byte(unsigned char c) {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string EncodeSenderRecord(const SenderRecordBody& body) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  std::visit(Encoder{w}, body);
  return out;
}

StatusOr<SenderRecordBody> DecodeSenderRecord(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version = 0, kind = 0;
  if (!r.ReadU8(&version) || version != kVersion) {
    return InvalidArgument("by-sender record: unknown format version");
  }
  if (!r.ReadU8(&kind)) return InvalidArgument("by-sender record: truncated");
  SenderRecordBody body;
  bool ok = false;
  switch (kind) {
    case kMessage: ok = ReadMessage(r, &body.emplace<SenderMessage>()); break;
    case kFeedback: ok = ReadFeedback(r, &body.emplace<SenderFeedback>()); break;
    case kWatermark: ok = ReadWatermark(r, &body.emplace<SenderWatermark>()); break;
    default: return InvalidArgument("by-sender record: unknown kind " + std::to_string(kind));
  }
  if (!ok || !r.ok()) return InvalidArgument("by-sender record: truncated or malformed");
  if (!r.empty()) return InvalidArgument("by-sender record: trailing bytes");
  return body;
}

int32_t SenderPartition(const SenderId& sender, int32_t partitions) {
  return partitions <= 1 ? 0 : KafkaPartition(sender.value(), partitions);
}

uint64_t MessageHash(const TenantId& tenant, const EventId& event_id) {
  Fnv f(1);
  f.Bytes(tenant.value());
  f.Bytes(event_id.value());
  return f.value();
}

uint64_t RecipientHash(const SubjectId& subject) {
  Fnv f(2);
  f.Bytes(subject.value());
  return f.value();
}

uint64_t FeedbackHash(const TenantId& tenant, const EventId& event_id) {
  Fnv f(3);
  f.Bytes(tenant.value());
  f.Bytes(event_id.value());
  return f.value();
}

}  // namespace consentry
