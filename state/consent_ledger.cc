#include "state/consent_ledger.h"

#include <algorithm>
#include <tuple>

#include "state/codec.h"
#include "state/heap_bytes.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

// Leading byte of every encoded ledger. Bump it (and keep decoding the old one) when the
// layout below changes; never reuse a number.
constexpr uint8_t kLedgerFormatV1 = 1;
// The smallest encoding of one decision (every string empty, every optional absent).
constexpr uint64_t kMinDecisionBytes = 17;

// Event ids are unique per tenant, so the tenant breaks ties between equal ids.
bool Before(const ConsentEvent& a, const ConsentEvent& b) {
  return std::tie(a.recorded_at, a.event_id, a.tenant) <
         std::tie(b.recorded_at, b.event_id, b.tenant);
}

void PutDecision(ByteWriter& w, const ConsentEvent& e) {
  w.PutString(e.event_id.value());
  wire::PutTimestamp(w, e.recorded_at);
  w.PutString(e.tenant.value());
  w.PutString(e.subject.value());
  wire::PutConsentAction(w, e.action);
  wire::PutChannelSet(w, e.channels);
  wire::PutStrings(w, e.purposes);
  wire::PutLegalBasis(w, e.legal_basis);
  wire::PutConsentMethod(w, e.method);
  w.PutString(e.source);
  wire::PutIds(w, e.named_senders);
  wire::PutOptionalTimestamp(w, e.expires_at);
  wire::PutRelationshipKind(w, e.relationship_kind);
  wire::PutOptionalTimestamp(w, e.relationship_at);
  w.PutString(e.evidence_receipt_id);
  w.PutString(e.evidence_notice_version);
}

bool ReadDecision(ByteReader& r, ConsentEvent* e) {
  return wire::ReadId(r, &e->event_id) && wire::ReadTimestamp(r, &e->recorded_at) &&
         wire::ReadId(r, &e->tenant) && wire::ReadId(r, &e->subject) &&
         wire::ReadConsentAction(r, &e->action) && wire::ReadChannelSet(r, &e->channels) &&
         wire::ReadStrings(r, &e->purposes) && wire::ReadLegalBasis(r, &e->legal_basis) &&
         wire::ReadConsentMethod(r, &e->method) && r.ReadString(&e->source) &&
         wire::ReadIds(r, &e->named_senders) && wire::ReadOptionalTimestamp(r, &e->expires_at) &&
         wire::ReadRelationshipKind(r, &e->relationship_kind) &&
         wire::ReadOptionalTimestamp(r, &e->relationship_at) &&
         r.ReadString(&e->evidence_receipt_id) && r.ReadString(&e->evidence_notice_version);
}

}  // namespace

bool ConsentLedger::Insert(ConsentEvent decision) {
  // Ledgers hold tens of decisions, so a linear duplicate check is cheaper than an index.
  for (const ConsentEvent& d : decisions_) {
    if (d.event_id == decision.event_id && d.tenant == decision.tenant) return false;
  }
  // Common case: decisions arrive in event-time order.
  if (decisions_.empty() || Before(decisions_.back(), decision)) {
    decisions_.push_back(std::move(decision));
    return true;
  }
  auto pos = std::upper_bound(decisions_.begin(), decisions_.end(), decision, Before);
  decisions_.insert(pos, std::move(decision));
  return true;
}

size_t ConsentLedger::ApproxBytes() const {
  size_t bytes = decisions_.capacity() * sizeof(ConsentEvent);
  for (const ConsentEvent& d : decisions_) {
    bytes += HeapBytes(d.event_id) + HeapBytes(d.tenant) + HeapBytes(d.subject) +
             HeapBytes(d.purposes) + HeapBytes(d.source) + HeapBytes(d.named_senders) +
             HeapBytes(d.evidence_receipt_id) + HeapBytes(d.evidence_notice_version);
  }
  return bytes;
}

std::string ConsentLedger::Encode() const {
  std::string out;
  out.reserve(16 + decisions_.size() * 128);
  ByteWriter w(&out);
  w.PutU8(kLedgerFormatV1);
  w.PutVarint64(decisions_.size());
  for (const ConsentEvent& d : decisions_) PutDecision(w, d);
  return out;
}

StatusOr<ConsentLedger> ConsentLedger::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version;
  if (!r.ReadU8(&version)) return DataLoss("consent ledger: empty value");
  if (version != kLedgerFormatV1) {
    return DataLoss("consent ledger: unknown format version " + std::to_string(version));
  }
  uint64_t n;
  if (!r.ReadVarint64(&n) || n > r.remaining() / kMinDecisionBytes) {
    return DataLoss("consent ledger: bad decision count");
  }
  ConsentLedger ledger;
  ledger.decisions_.resize(n);
  for (uint64_t i = 0; i < n; ++i) {
    if (!ReadDecision(r, &ledger.decisions_[i])) {
      return DataLoss("consent ledger: decision " + std::to_string(i) +
                      " is truncated or malformed");
    }
    if (i > 0 && !Before(ledger.decisions_[i - 1], ledger.decisions_[i])) {
      return DataLoss("consent ledger: decisions out of order at " + std::to_string(i));
    }
  }
  if (!r.empty()) return DataLoss("consent ledger: trailing bytes");
  // Order is strict on (recorded_at, event_id, tenant); the same (tenant, event_id) at two
  // times would break idempotent Insert, so reject it too.
  if (n > 1) {
    std::vector<std::pair<std::string_view, std::string_view>> ids;
    ids.reserve(n);
    for (const ConsentEvent& d : ledger.decisions_) {
      ids.emplace_back(d.tenant.value(), d.event_id.value());
    }
    std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) {
      return DataLoss("consent ledger: duplicate event id");
    }
  }
  return ledger;
}

}  // namespace consentry
