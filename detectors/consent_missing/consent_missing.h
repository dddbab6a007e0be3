#pragma once
// consent.missing (rule version 2): a message that needs prior consent was sent while no valid
// consent covered (tenant, channel, purpose) at sent_at.
//
// Fires when ConsentNeeded (consent_standing.h: the taxonomy for the purpose and, for marketing,
// the policy's per-channel requirement) and the consent standing is
//   - kNone: no decision covers the message, or
//   - kNotAConsentBasis: the only grants covering it rest on a legal basis the policy says is
//     not consent on this channel (US: an existing business relationship is never consent for
//     texts or autodialed calls, 47 CFR 64.1200(f)(5)); the evidence quotes that clause.
// Version 2 no longer reports expiry (consent.expired does), third-party grants that do not name
// the tenant (consent.third_party_unnamed) or withdrawals (consent.withdrawn): one violation,
// one alert.
//
// Parameters: "severity" (default "high").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/consent_rule.h"

namespace consentry {

class ConsentMissingDetector final : public ConsentRule<ConsentMissingDetector> {
 public:
  static constexpr std::string_view kName = "consent.missing";
  static constexpr std::string_view kRuleVersion = "2";
  static constexpr Severity kDefaultSeverity = Severity::kHigh;

  using ConsentRule::ConsentRule;
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;
};

}  // namespace consentry
