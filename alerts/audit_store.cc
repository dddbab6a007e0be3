#include "alerts/audit_store.h"

#include "state/codec.h"
#include "state/event_codec.h"
#include "state/keys.h"

namespace consentry {
namespace {

constexpr uint8_t kVersion = 1;

}  // namespace

std::string EncodeAuditEntry(const AuditEntry& e) {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kVersion);
  w.PutVarint64(static_cast<uint64_t>(e.seq));
  wire::PutTimestamp(w, e.at);
  w.PutString(e.kind);
  w.PutString(e.payload);
  w.PutString(e.prev);
  w.PutString(e.hash);
  return out;
}

StatusOr<AuditEntry> DecodeAuditEntry(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version = 0;
  uint64_t seq = 0;
  AuditEntry e;
  if (!r.ReadU8(&version) || version != kVersion || !r.ReadVarint64(&seq) || seq == 0 ||
      seq > INT64_MAX || !wire::ReadTimestamp(r, &e.at) || !r.ReadString(&e.kind) ||
      !r.ReadString(&e.payload) || !r.ReadString(&e.prev) || !r.ReadString(&e.hash) ||
      !r.empty()) {
    return DataLoss("audit log: a malformed stored entry");
  }
  e.seq = static_cast<int64_t>(seq);
  return e;
}

void PutAuditEntry(StoreBatch& writes, const AuditEntry& entry) {
  const std::string value = EncodeAuditEntry(entry);
  writes.Put(Family::kAudit, AuditEntryKey(entry.seq), value);
  writes.Put(Family::kAudit, AuditHeadKey(), value);
}

StatusOr<AuditEntry> LastAuditEntry(Store& store) {
  std::optional<std::string> head;
  CONSENTRY_RETURN_IF_ERROR(store.Get(Family::kAudit, AuditHeadKey(), &head));
  if (!head) return AuditEntry{};
  return DecodeAuditEntry(*head);
}

Status ScanAudit(Store& store, const std::function<bool(const AuditEntry&)>& visit) {
  Status failure;
  CONSENTRY_RETURN_IF_ERROR(store.ScanPrefix(
      Family::kAudit, AuditEntryPrefix(), [&](std::string_view, std::string_view value) {
        auto entry = DecodeAuditEntry(value);
        if (!entry.ok()) {
          failure = entry.status();
          return false;
        }
        return visit(*entry);
      }));
  return failure;
}

}  // namespace consentry
