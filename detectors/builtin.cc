// Every built-in detector, registered explicitly. Add one line per new detector.

#include "detectors/consent_expired/consent_expired.h"
#include "detectors/consent_missing/consent_missing.h"
#include "detectors/consent_third_party_unnamed/consent_third_party_unnamed.h"
#include "detectors/consent_withdrawn/consent_withdrawn.h"
#include "detectors/ai_undisclosed/ai_undisclosed.h"
#include "detectors/data_source_unconsented/data_source_unconsented.h"
#include "detectors/frequency_cap/frequency_cap.h"
#include "detectors/purpose_mismatch/purpose_mismatch.h"
#include "detectors/purpose_undeclared/purpose_undeclared.h"
#include "detectors/quiet_hours/quiet_hours.h"
#include "detectors/registry.h"
#include "detectors/suppression_hit/suppression_hit.h"
#include "detectors/unsubscribe_missing/unsubscribe_missing.h"

namespace consentry {

void RegisterBuiltinDetectors(DetectorRegistry& registry) {
  registry.Register(std::string(ConsentMissingDetector::kName), &ConsentMissingDetector::Create);
  registry.Register(std::string(ConsentWithdrawnDetector::kName),
                    &ConsentWithdrawnDetector::Create);
  registry.Register(std::string(ConsentExpiredDetector::kName), &ConsentExpiredDetector::Create);
  registry.Register(std::string(ConsentThirdPartyUnnamedDetector::kName),
                    &ConsentThirdPartyUnnamedDetector::Create);
  // Campaign, content and suppression rules.
  registry.Register(std::string(PurposeMismatchDetector::kName), &PurposeMismatchDetector::Create);
  registry.Register(std::string(PurposeUndeclaredDetector::kName),
                    &PurposeUndeclaredDetector::Create);
  registry.Register(std::string(DataSourceUnconsentedDetector::kName),
                    &DataSourceUnconsentedDetector::Create);
  registry.Register(std::string(AiUndisclosedDetector::kName), &AiUndisclosedDetector::Create);
  registry.Register(std::string(UnsubscribeMissingDetector::kName),
                    &UnsubscribeMissingDetector::Create);
  registry.Register(std::string(SuppressionHitDetector::kName), &SuppressionHitDetector::Create);
  // Spam rules.
  registry.Register(std::string(QuietHoursDetector::kName), &QuietHoursDetector::Create);
  // frequency.cap (spam rule with state in family windows).
  registry.Register(std::string(FrequencyCapDetector::kName), &FrequencyCapDetector::Create);
}

}  // namespace consentry
