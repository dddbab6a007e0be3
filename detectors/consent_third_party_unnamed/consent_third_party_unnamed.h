#pragma once
// consent.third_party_unnamed (rule version 1): the only consent covering a message was
// collected by a third party (source "third_party:<name>") whose named_senders do not include
// the message's tenant.
//
// Fires when ConsentNeeded (consent_standing.h), the policy requires third-party consent to name
// the sender (Policy::ThirdPartyConsent::must_name_sender), and the consent standing is
// kThirdPartyUnnamed: no live grant covers the message and the latest grant that does not count
// is such a third-party grant. Indirect consent is valid only if the third party specifically
// named the sender (or a sufficiently defined class): UK ICO guidance on PECR reg. 22, which is
// guidance, not law; the built-in EU policy cites it as guidance, the default, US and CA
// policies apply it as consentry's own conservative policy. Turn it off per policy with
// `third_party_consent: {must_name_sender: false}`.
//
// Parameters: "severity" (default "medium").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/consent_rule.h"

namespace consentry {

class ConsentThirdPartyUnnamedDetector final : public ConsentRule<ConsentThirdPartyUnnamedDetector> {
 public:
  static constexpr std::string_view kName = "consent.third_party_unnamed";
  static constexpr std::string_view kRuleVersion = "1";
  static constexpr Severity kDefaultSeverity = Severity::kMedium;

  using ConsentRule::ConsentRule;
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;
};

}  // namespace consentry
