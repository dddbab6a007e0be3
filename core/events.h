#pragma once
// The decoded event model: one struct per input schema (see docs/schemas.md). Decoders in
// ingest/ produce these; detectors and state read them. Enum <-> text mappings live here so
// every module spells them the same way.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/ids.h"
#include "core/time.h"

namespace consentry {

enum class Channel { kEmail, kSms, kMms, kPush, kVoice, kWhatsapp, kLetter, kInApp };
enum class ConsentAction { kGrant, kWithdraw, kObject, kExpire };
enum class LegalBasis {
  kConsent,
  kSoftOptIn,
  kExistingRelationship,
  kLegitimateInterest,
  kContract,
  kLegalObligation,
};
enum class ConsentMethod { kWebForm, kDoubleOptIn, kSmsKeyword, kEmailLink, kPhone, kInStore, kImport };
enum class RelationshipKind { kPurchase, kInquiry };
enum class FeedbackKind { kComplaint, kBounce, kStopReply, kUnsubscribeClick };
enum class SuppressionList { kDnc, kInternal, kLegalHold, kComplaint };

// Text <-> enum. Parse* return nullopt for an unknown word (the decoder turns that into a DLQ
// reason); Name() returns the schema spelling ("email", "withdraw", "soft_opt_in", ...).
std::string_view Name(Channel c);
std::string_view Name(ConsentAction a);
std::string_view Name(LegalBasis b);
std::string_view Name(ConsentMethod m);
std::string_view Name(RelationshipKind k);
std::string_view Name(FeedbackKind k);
std::string_view Name(SuppressionList l);
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<ConsentAction> ParseConsentAction(std::string_view s);
std::optional<LegalBasis> ParseLegalBasis(std::string_view s);
std::optional<ConsentMethod> ParseConsentMethod(std::string_view s);
std::optional<RelationshipKind> ParseRelationshipKind(std::string_view s);
std::optional<FeedbackKind> ParseFeedbackKind(std::string_view s);
std::optional<SuppressionList> ParseSuppressionList(std::string_view s);

struct Content {
  std::optional<uint64_t> fingerprint;  // 64-bit simhash
  std::string template_id;
  std::optional<bool> has_unsubscribe;
  std::optional<bool> ai_generated;
  std::optional<bool> ai_disclosed;
  std::optional<int64_t> length;
};

// outbound.v1: one message sent.
struct OutboundEvent {
  EventId event_id;
  Timestamp sent_at;
  TenantId tenant;
  SubjectId subject;
  Channel channel = Channel::kEmail;
  std::string purpose;  // dot path in the purpose taxonomy
  SenderId sender_id;
  CampaignId campaign_id;    // empty when absent
  std::string jurisdiction;  // "DK", "US-FL"; empty when absent
  std::string recipient_tz;  // IANA zone; empty when absent
  Content content;
  std::vector<std::string> data_sources;  // targeting.data_sources
};

// A channel set: `all` is the schema's "*".
struct ChannelSet {
  bool all = false;
  std::vector<Channel> channels;
  bool Contains(Channel c) const;
};

// consent.v1: one decision a person made.
struct ConsentEvent {
  EventId event_id;
  Timestamp recorded_at;
  TenantId tenant;
  SubjectId subject;
  ConsentAction action = ConsentAction::kGrant;
  ChannelSet channels;
  std::vector<std::string> purposes;
  std::optional<LegalBasis> legal_basis;
  std::optional<ConsentMethod> method;
  std::string source = "first_party";  // "first_party" or "third_party:<name>"
  std::vector<TenantId> named_senders;
  std::optional<Timestamp> expires_at;
  std::optional<RelationshipKind> relationship_kind;
  std::optional<Timestamp> relationship_at;
  std::string evidence_receipt_id;
  std::string evidence_notice_version;
};

// campaign.v1: what a campaign declared.
// The largest expected_volume a campaign may declare (a trillion messages): the sender
// detectors' sums over it cannot overflow.
inline constexpr int64_t kMaxExpectedVolume = 1'000'000'000'000;

struct CampaignDeclaration {
  CampaignId campaign_id;
  TenantId tenant;
  std::vector<std::string> declared_purposes;
  std::optional<ChannelSet> channels;
  std::vector<std::string> allowed_data_sources;
  std::optional<bool> ai_content;
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_to;
  std::string owner;
  std::optional<int64_t> expected_volume;  // messages it plans to send, for sender.velocity
};

// feedback.v1: what a recipient did with a message. A stop_reply or unsubscribe_click is a
// withdrawal of marketing on that channel for that tenant (so for those two kinds `tenant` is
// required); complaints and bounces feed the sender-level rates.
struct FeedbackEvent {
  EventId event_id;
  Timestamp at;
  SubjectId subject;
  Channel channel = Channel::kEmail;
  FeedbackKind kind = FeedbackKind::kComplaint;
  EventId ref_event_id;     // the message it answers; empty when absent
  SenderId sender_id;       // empty when absent
  CampaignId campaign_id;   // empty when absent
  TenantId tenant;          // empty when absent
};

// suppression.v1: a do-not-contact entry. The same (subject, list, tenant, added_at) with
// removed_at set takes the entry off the list from that time.
struct SuppressionEvent {
  SubjectId subject;
  SuppressionList list = SuppressionList::kDnc;
  std::optional<ChannelSet> channels;  // absent: every channel
  Timestamp added_at;
  std::optional<Timestamp> removed_at;
  TenantId tenant;  // empty: applies to every tenant (like a national do-not-call list)

  // The record's event time for watermarks, lateness and the future-skew bound: added_at, the
  // earliest instant it can change a verdict (a removal record repeats it, so a removal that
  // arrives after messages of the entry's active period were judged corrects them). removed_at
  // may lie in the future (a hold that ends on a date) without moving any clock.
  Timestamp EventTime() const { return added_at; }
};

// Every input record decodes to one of these. Code that handles events uses std::visit, so a
// new alternative fails to compile wherever it is not handled.
using Event = std::variant<OutboundEvent, ConsentEvent, CampaignDeclaration, FeedbackEvent,
                           SuppressionEvent>;

// The schema name carried in each record's "schema" field.
inline constexpr std::string_view kOutboundSchema = "outbound.v1";
inline constexpr std::string_view kConsentSchema = "consent.v1";
inline constexpr std::string_view kCampaignSchema = "campaign.v1";
inline constexpr std::string_view kFeedbackSchema = "feedback.v1";
inline constexpr std::string_view kSuppressionSchema = "suppression.v1";

}  // namespace consentry
