#include "state/suppression_history.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "state/codec.h"
#include "state/heap_bytes.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

// Leading byte of a stored history. Never reuse a number.
constexpr uint8_t kSuppressionFormatV1 = 1;

auto Identity(const SuppressionEvent& e) {
  return std::tie(e.added_at, e.list, e.tenant);
}

bool SameEntry(const SuppressionEvent& a, const SuppressionEvent& b) {
  return Identity(a) == Identity(b);
}

void PutEntry(ByteWriter& w, const SuppressionEvent& e) {
  wire::PutSuppressionList(w, e.list);
  w.PutString(e.tenant.value());
  w.PutBool(e.channels.has_value());
  if (e.channels) wire::PutChannelSet(w, *e.channels);
  wire::PutTimestamp(w, e.added_at);
  wire::PutOptionalTimestamp(w, e.removed_at);
}

bool ReadEntry(ByteReader& r, SuppressionEvent* e) {
  bool has_channels = false;
  if (!wire::ReadSuppressionList(r, &e->list) || !wire::ReadId(r, &e->tenant) ||
      !r.ReadBool(&has_channels)) {
    return false;
  }
  if (has_channels) {
    ChannelSet set;
    if (!wire::ReadChannelSet(r, &set)) return false;
    e->channels = std::move(set);
  }
  return wire::ReadTimestamp(r, &e->added_at) && wire::ReadOptionalTimestamp(r, &e->removed_at);
}

}  // namespace

bool SuppressionHistory::Apply(SuppressionEvent entry) {
  for (SuppressionEvent& e : entries_) {
    if (!SameEntry(e, entry)) continue;
    // A known entry: a removal (or a changed channel set) updates it; a repeat changes nothing.
    // Once removed, a redelivered add without removed_at does not bring it back.
    bool changed = false;
    if (entry.removed_at && entry.removed_at != e.removed_at) {
      e.removed_at = entry.removed_at;
      changed = true;
    }
    if (entry.channels.has_value() != e.channels.has_value() ||
        (entry.channels && (entry.channels->all != e.channels->all ||
                            entry.channels->channels != e.channels->channels))) {
      e.channels = std::move(entry.channels);
      changed = true;
    }
    return changed;
  }
  auto pos = std::upper_bound(entries_.begin(), entries_.end(), entry,
                              [](const SuppressionEvent& a, const SuppressionEvent& b) {
                                return Identity(a) < Identity(b);
                              });
  entries_.insert(pos, std::move(entry));
  return true;
}

std::vector<const SuppressionEvent*> SuppressionHistory::ActiveAt(const TenantId& tenant,
                                                                  Channel channel,
                                                                  Timestamp at) const {
  std::vector<const SuppressionEvent*> active;
  for (const SuppressionEvent& e : entries_) {
    if (e.added_at > at) break;  // ordered by added_at
    if (e.removed_at && *e.removed_at <= at) continue;
    if (!e.tenant.empty() && e.tenant != tenant) continue;
    if (e.channels && !e.channels->Contains(channel)) continue;
    active.push_back(&e);
  }
  return active;
}

size_t SuppressionHistory::ApproxBytes() const {
  size_t bytes = entries_.capacity() * sizeof(SuppressionEvent);
  for (const SuppressionEvent& e : entries_) bytes += HeapBytes(e.subject) + HeapBytes(e.tenant);
  return bytes;
}

std::string SuppressionHistory::Encode() const {
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kSuppressionFormatV1);
  w.PutString(entries_.empty() ? std::string() : entries_.front().subject.value());
  w.PutVarint64(entries_.size());
  for (const SuppressionEvent& e : entries_) PutEntry(w, e);
  return out;
}

StatusOr<SuppressionHistory> SuppressionHistory::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t version;
  if (!r.ReadU8(&version)) return DataLoss("suppression history: empty value");
  if (version != kSuppressionFormatV1) {
    return DataLoss("suppression history: unknown format version " + std::to_string(version));
  }
  SubjectId subject;
  uint64_t n;
  if (!wire::ReadId(r, &subject) || !r.ReadCount(&n)) {
    return DataLoss("suppression history: truncated header");
  }
  SuppressionHistory history;
  history.entries_.resize(n);
  for (uint64_t i = 0; i < n; ++i) {
    SuppressionEvent& e = history.entries_[i];
    e.subject = subject;
    if (!ReadEntry(r, &e)) {
      return DataLoss("suppression history: entry " + std::to_string(i) + " is malformed");
    }
    if (i > 0 && !(Identity(history.entries_[i - 1]) < Identity(e))) {
      return DataLoss("suppression history: entries out of order at " + std::to_string(i));
    }
  }
  if (!r.empty()) return DataLoss("suppression history: trailing bytes");
  return history;
}

}  // namespace consentry
