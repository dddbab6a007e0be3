#include "state/event_codec.h"

#include <array>
#include <utility>

namespace consentry::wire {
namespace {

// On-disk codes: the index in each table is the stored byte. APPEND ONLY, never renumber.
constexpr std::array<Channel, 8> kChannelCodes{
    Channel::kEmail,    Channel::kSms,    Channel::kMms,   Channel::kPush,
    Channel::kVoice,    Channel::kWhatsapp, Channel::kLetter, Channel::kInApp,
};
constexpr std::array<ConsentAction, 4> kActionCodes{
    ConsentAction::kGrant, ConsentAction::kWithdraw, ConsentAction::kObject,
    ConsentAction::kExpire,
};
// Optional enums store 0 for "absent" and index + 1 otherwise.
constexpr std::array<LegalBasis, 6> kBasisCodes{
    LegalBasis::kConsent,            LegalBasis::kSoftOptIn, LegalBasis::kExistingRelationship,
    LegalBasis::kLegitimateInterest, LegalBasis::kContract,  LegalBasis::kLegalObligation,
};
constexpr std::array<ConsentMethod, 7> kMethodCodes{
    ConsentMethod::kWebForm, ConsentMethod::kDoubleOptIn, ConsentMethod::kSmsKeyword,
    ConsentMethod::kEmailLink, ConsentMethod::kPhone,     ConsentMethod::kInStore,
    ConsentMethod::kImport,
};
constexpr std::array<RelationshipKind, 2> kRelationshipCodes{
    RelationshipKind::kPurchase,
    RelationshipKind::kInquiry,
};
constexpr std::array<SuppressionList, 4> kSuppressionListCodes{
    SuppressionList::kDnc,
    SuppressionList::kInternal,
    SuppressionList::kLegalHold,
    SuppressionList::kComplaint,
};

template <typename E, size_t N>
uint8_t CodeOf(const std::array<E, N>& table, E value) {
  for (size_t i = 0; i < N; ++i) {
    if (table[i] == value) return static_cast<uint8_t>(i);
  }
  // Every enumerator has a code; a missing one is a bug here, caught by the round-trip tests.
  CONSENTRY_CHECK(false && "enum value without an on-disk code");
  return 0;
}

template <typename E, size_t N>
bool ReadEnum(ByteReader& r, const std::array<E, N>& table, E* out) {
  uint8_t code;
  if (!r.ReadU8(&code)) return false;
  if (code >= N) return r.Fail();
  *out = table[code];
  return true;
}

template <typename E, size_t N>
void PutOptionalEnum(ByteWriter& w, const std::array<E, N>& table, const std::optional<E>& v) {
  w.PutU8(v ? static_cast<uint8_t>(CodeOf(table, *v) + 1) : 0);
}

template <typename E, size_t N>
bool ReadOptionalEnum(ByteReader& r, const std::array<E, N>& table, std::optional<E>* out) {
  uint8_t code;
  if (!r.ReadU8(&code)) return false;
  if (code == 0) {
    out->reset();
    return true;
  }
  if (code > N) return r.Fail();
  *out = table[code - 1];
  return true;
}

}  // namespace

void PutChannel(ByteWriter& w, Channel c) { w.PutU8(CodeOf(kChannelCodes, c)); }
uint8_t ChannelCode(Channel c) { return CodeOf(kChannelCodes, c); }
void PutConsentAction(ByteWriter& w, ConsentAction a) { w.PutU8(CodeOf(kActionCodes, a)); }
void PutLegalBasis(ByteWriter& w, std::optional<LegalBasis> b) {
  PutOptionalEnum(w, kBasisCodes, b);
}
void PutConsentMethod(ByteWriter& w, std::optional<ConsentMethod> m) {
  PutOptionalEnum(w, kMethodCodes, m);
}
void PutRelationshipKind(ByteWriter& w, std::optional<RelationshipKind> k) {
  PutOptionalEnum(w, kRelationshipCodes, k);
}

void PutChannelSet(ByteWriter& w, const ChannelSet& s) {
  w.PutBool(s.all);
  w.PutVarint64(s.channels.size());
  for (Channel c : s.channels) PutChannel(w, c);
}

void PutSuppressionList(ByteWriter& w, SuppressionList l) {
  w.PutU8(CodeOf(kSuppressionListCodes, l));
}

void PutTimestamp(ByteWriter& w, Timestamp t) { w.PutSignedVarint64(ToMicros(t)); }

void PutOptionalTimestamp(ByteWriter& w, const std::optional<Timestamp>& t) {
  w.PutBool(t.has_value());
  if (t) PutTimestamp(w, *t);
}

void PutOptionalBool(ByteWriter& w, const std::optional<bool>& b) {
  w.PutU8(!b ? 0 : (*b ? 2 : 1));
}

void PutStrings(ByteWriter& w, const std::vector<std::string>& v) {
  w.PutVarint64(v.size());
  for (const auto& s : v) w.PutString(s);
}

bool ReadChannel(ByteReader& r, Channel* c) { return ReadEnum(r, kChannelCodes, c); }
bool ReadConsentAction(ByteReader& r, ConsentAction* a) { return ReadEnum(r, kActionCodes, a); }
bool ReadLegalBasis(ByteReader& r, std::optional<LegalBasis>* b) {
  return ReadOptionalEnum(r, kBasisCodes, b);
}
bool ReadConsentMethod(ByteReader& r, std::optional<ConsentMethod>* m) {
  return ReadOptionalEnum(r, kMethodCodes, m);
}
bool ReadRelationshipKind(ByteReader& r, std::optional<RelationshipKind>* k) {
  return ReadOptionalEnum(r, kRelationshipCodes, k);
}

bool ReadSuppressionList(ByteReader& r, SuppressionList* l) {
  return ReadEnum(r, kSuppressionListCodes, l);
}

bool ReadChannelSet(ByteReader& r, ChannelSet* s) {
  uint64_t n;
  if (!r.ReadBool(&s->all) || !r.ReadCount(&n)) return false;
  s->channels.clear();
  s->channels.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    Channel c;
    if (!ReadChannel(r, &c)) return false;
    s->channels.push_back(c);
  }
  return true;
}

bool ReadTimestamp(ByteReader& r, Timestamp* t) {
  int64_t micros;
  if (!r.ReadSignedVarint64(&micros)) return false;
  *t = FromMicros(micros);
  return true;
}

bool ReadOptionalTimestamp(ByteReader& r, std::optional<Timestamp>* t) {
  bool present;
  if (!r.ReadBool(&present)) return false;
  if (!present) {
    t->reset();
    return true;
  }
  Timestamp v;
  if (!ReadTimestamp(r, &v)) return false;
  *t = v;
  return true;
}

bool ReadOptionalBool(ByteReader& r, std::optional<bool>* b) {
  uint8_t code;
  if (!r.ReadU8(&code)) return false;
  if (code > 2) return r.Fail();
  if (code == 0) {
    b->reset();
  } else {
    *b = code == 2;
  }
  return true;
}

bool ReadStrings(ByteReader& r, std::vector<std::string>* v) {
  uint64_t n;
  if (!r.ReadCount(&n)) return false;
  v->clear();
  v->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    std::string s;
    if (!r.ReadString(&s)) return false;
    v->push_back(std::move(s));
  }
  return true;
}

}  // namespace consentry::wire
