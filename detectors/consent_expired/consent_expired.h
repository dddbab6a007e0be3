#pragma once
// consent.expired (rule version 1): a message that needs prior consent went out after the
// consent covering it had lapsed.
//
// Fires when ConsentNeeded (consent_standing.h) and the consent standing is kExpired:
//   - an `expire` decision is the latest covering decision that counts, or
//   - the only grants covering the message had lapsed by sent_at: expires_at <= sent_at, or
//     implied consent past the policy's period (CASL s. 10(9)(a), 10(10): a grant whose
//     legal_basis is existing_relationship or soft_opt_in with a relationship lapses 2 years
//     after a purchase, 6 months after an inquiry, from relationship.at or else recorded_at;
//     express consent never lapses by itself).
// A grant resting on a basis that is not consent (consent.missing) or collected by a third party
// that did not name the tenant (consent.third_party_unnamed) is reported there, not here.
//
// Parameters: "severity" (default "high").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/consent_rule.h"

namespace consentry {

class ConsentExpiredDetector final : public ConsentRule<ConsentExpiredDetector> {
 public:
  static constexpr std::string_view kName = "consent.expired";
  static constexpr std::string_view kRuleVersion = "1";
  static constexpr Severity kDefaultSeverity = Severity::kHigh;

  using ConsentRule::ConsentRule;
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;
};

}  // namespace consentry
