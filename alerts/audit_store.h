#pragma once
// serve's audit log in its own RocksDB store (family audit, keys in state/keys.h): each entry
// under its sequence number, and the head (the last entry's number and hash) so a restarted
// serve resumes the chain. Entries go into the caller's StoreBatch with the rest of a batch.

#include <functional>

#include "alerts/audit_log.h"
#include "state/store.h"

namespace consentry {

void PutAuditEntry(StoreBatch& writes, const AuditEntry& entry);
// The last entry appended (seq 0 when the log is empty), for AuditChain to resume after.
StatusOr<AuditEntry> LastAuditEntry(Store& store);
// Every entry in order, until `visit` returns false. DataLoss on a malformed entry.
Status ScanAudit(Store& store, const std::function<bool(const AuditEntry&)>& visit);

std::string EncodeAuditEntry(const AuditEntry& entry);
StatusOr<AuditEntry> DecodeAuditEntry(std::string_view bytes);

}  // namespace consentry
