#include "state/seen_message.h"

#include "state/codec.h"
#include "state/event_codec.h"
#include "state/keys.h"

namespace consentry {
namespace {

// Leading byte of a stored value. Never reuse a number.
constexpr uint8_t kSeenFormatV1 = 1;

}  // namespace

std::string SeenKey(const MessageRef& ref) { return DedupKey(ref.partition, ref.tenant, ref.event_id); }

std::string SeenMessage::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kSeenFormatV1);
  w.PutFixed64BE(digest);
  wire::PutTimestamp(w, sent_at);
  return out;
}

StatusOr<SeenMessage> SeenMessage::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version;
  SeenMessage seen;
  if (!r.ReadU8(&version) || version != kSeenFormatV1) {
    return DataLoss("seen message: empty value or unknown format version");
  }
  if (!r.ReadFixed64BE(&seen.digest) || !wire::ReadTimestamp(r, &seen.sent_at) || !r.empty()) {
    return DataLoss("seen message: truncated or malformed value");
  }
  seen.known = true;
  return seen;
}

}  // namespace consentry
