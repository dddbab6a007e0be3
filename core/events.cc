#include "core/events.h"

#include <algorithm>
#include <array>
#include <utility>

namespace consentry {
namespace {

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> ParseOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

constexpr std::array<std::pair<Channel, std::string_view>, 8> kChannels{{
    {Channel::kEmail, "email"},
    {Channel::kSms, "sms"},
    {Channel::kMms, "mms"},
    {Channel::kPush, "push"},
    {Channel::kVoice, "voice"},
    {Channel::kWhatsapp, "whatsapp"},
    {Channel::kLetter, "letter"},
    {Channel::kInApp, "in_app"},
}};
constexpr std::array<std::pair<ConsentAction, std::string_view>, 4> kActions{{
    {ConsentAction::kGrant, "grant"},
    {ConsentAction::kWithdraw, "withdraw"},
    {ConsentAction::kObject, "object"},
    {ConsentAction::kExpire, "expire"},
}};
constexpr std::array<std::pair<LegalBasis, std::string_view>, 6> kBases{{
    {LegalBasis::kConsent, "consent"},
    {LegalBasis::kSoftOptIn, "soft_opt_in"},
    {LegalBasis::kExistingRelationship, "existing_relationship"},
    {LegalBasis::kLegitimateInterest, "legitimate_interest"},
    {LegalBasis::kContract, "contract"},
    {LegalBasis::kLegalObligation, "legal_obligation"},
}};
constexpr std::array<std::pair<ConsentMethod, std::string_view>, 7> kMethods{{
    {ConsentMethod::kWebForm, "web_form"},
    {ConsentMethod::kDoubleOptIn, "double_opt_in"},
    {ConsentMethod::kSmsKeyword, "sms_keyword"},
    {ConsentMethod::kEmailLink, "email_link"},
    {ConsentMethod::kPhone, "phone"},
    {ConsentMethod::kInStore, "in_store"},
    {ConsentMethod::kImport, "import"},
}};
constexpr std::array<std::pair<RelationshipKind, std::string_view>, 2> kRelationships{{
    {RelationshipKind::kPurchase, "purchase"},
    {RelationshipKind::kInquiry, "inquiry"},
}};
constexpr std::array<std::pair<FeedbackKind, std::string_view>, 4> kFeedbackKinds{{
    {FeedbackKind::kComplaint, "complaint"},
    {FeedbackKind::kBounce, "bounce"},
    {FeedbackKind::kStopReply, "stop_reply"},
    {FeedbackKind::kUnsubscribeClick, "unsubscribe_click"},
}};
constexpr std::array<std::pair<SuppressionList, std::string_view>, 4> kSuppressionLists{{
    {SuppressionList::kDnc, "dnc"},
    {SuppressionList::kInternal, "internal"},
    {SuppressionList::kLegalHold, "legal_hold"},
    {SuppressionList::kComplaint, "complaint"},
}};

}  // namespace

std::string_view Name(Channel c) { return NameOf(kChannels, c); }
std::string_view Name(ConsentAction a) { return NameOf(kActions, a); }
std::string_view Name(LegalBasis b) { return NameOf(kBases, b); }
std::string_view Name(ConsentMethod m) { return NameOf(kMethods, m); }
std::string_view Name(RelationshipKind k) { return NameOf(kRelationships, k); }
std::string_view Name(FeedbackKind k) { return NameOf(kFeedbackKinds, k); }
std::string_view Name(SuppressionList l) { return NameOf(kSuppressionLists, l); }
std::optional<Channel> ParseChannel(std::string_view s) { return ParseOf(kChannels, s); }
std::optional<ConsentAction> ParseConsentAction(std::string_view s) { return ParseOf(kActions, s); }
std::optional<LegalBasis> ParseLegalBasis(std::string_view s) { return ParseOf(kBases, s); }
std::optional<ConsentMethod> ParseConsentMethod(std::string_view s) {
  return ParseOf(kMethods, s);
}
std::optional<RelationshipKind> ParseRelationshipKind(std::string_view s) {
  return ParseOf(kRelationships, s);
}

std::optional<FeedbackKind> ParseFeedbackKind(std::string_view s) {
  return ParseOf(kFeedbackKinds, s);
}
std::optional<SuppressionList> ParseSuppressionList(std::string_view s) {
  return ParseOf(kSuppressionLists, s);
}

bool ChannelSet::Contains(Channel c) const {
  return all || std::find(channels.begin(), channels.end(), c) != channels.end();
}

}  // namespace consentry
