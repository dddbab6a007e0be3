#pragma once
// Field-level binary codecs shared by the stored forms of events (ConsentLedger values, campaign
// declarations): the on-disk codes of the core enums, channel sets, timestamps and optionals.
//
// The enum codes are on disk and independent of the C++ enum order in core/events.h, so
// reordering an enum there cannot silently change stored data. The tables in event_codec.cc
// are APPEND ONLY: never renumber, never reuse a code.

#include <optional>
#include <string>
#include <vector>

#include "core/events.h"
#include "core/time.h"
#include "state/codec.h"

namespace consentry::wire {

void PutChannel(ByteWriter& w, Channel c);
// The on-disk code of `c` (for keys that name a channel).
uint8_t ChannelCode(Channel c);
void PutConsentAction(ByteWriter& w, ConsentAction a);
void PutLegalBasis(ByteWriter& w, std::optional<LegalBasis> b);  // 0 = absent
void PutConsentMethod(ByteWriter& w, std::optional<ConsentMethod> m);
void PutRelationshipKind(ByteWriter& w, std::optional<RelationshipKind> k);
void PutChannelSet(ByteWriter& w, const ChannelSet& s);
void PutSuppressionList(ByteWriter& w, SuppressionList l);
void PutTimestamp(ByteWriter& w, Timestamp t);
void PutOptionalTimestamp(ByteWriter& w, const std::optional<Timestamp>& t);
void PutOptionalBool(ByteWriter& w, const std::optional<bool>& b);
void PutStrings(ByteWriter& w, const std::vector<std::string>& v);
template <typename Tag>
void PutIds(ByteWriter& w, const std::vector<StrongId<Tag>>& v) {
  w.PutVarint64(v.size());
  for (const auto& id : v) w.PutString(id.value());
}

// Each returns false on truncated input or an unknown code; the reader is then failed.
[[nodiscard]] bool ReadChannel(ByteReader& r, Channel* c);
[[nodiscard]] bool ReadConsentAction(ByteReader& r, ConsentAction* a);
[[nodiscard]] bool ReadLegalBasis(ByteReader& r, std::optional<LegalBasis>* b);
[[nodiscard]] bool ReadConsentMethod(ByteReader& r, std::optional<ConsentMethod>* m);
[[nodiscard]] bool ReadRelationshipKind(ByteReader& r, std::optional<RelationshipKind>* k);
[[nodiscard]] bool ReadChannelSet(ByteReader& r, ChannelSet* s);
[[nodiscard]] bool ReadSuppressionList(ByteReader& r, SuppressionList* l);
[[nodiscard]] bool ReadTimestamp(ByteReader& r, Timestamp* t);
[[nodiscard]] bool ReadOptionalTimestamp(ByteReader& r, std::optional<Timestamp>* t);
[[nodiscard]] bool ReadOptionalBool(ByteReader& r, std::optional<bool>* b);
[[nodiscard]] bool ReadStrings(ByteReader& r, std::vector<std::string>* v);
template <typename Tag>
[[nodiscard]] bool ReadId(ByteReader& r, StrongId<Tag>* id) {
  std::string s;
  if (!r.ReadString(&s)) return false;
  *id = StrongId<Tag>(std::move(s));
  return true;
}
template <typename Tag>
[[nodiscard]] bool ReadIds(ByteReader& r, std::vector<StrongId<Tag>>* v) {
  uint64_t n;
  if (!r.ReadCount(&n)) return false;
  v->clear();
  v->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    StrongId<Tag> id;
    if (!ReadId(r, &id)) return false;
    v->push_back(std::move(id));
  }
  return true;
}

}  // namespace consentry::wire
