// Every built-in detector, registered explicitly. Add one line per new detector.

#include "detectors/consent_missing/consent_missing.h"
#include "detectors/consent_withdrawn/consent_withdrawn.h"
#include "detectors/registry.h"

namespace consentry {

void RegisterBuiltinDetectors(DetectorRegistry& registry) {
  registry.Register(std::string(ConsentMissingDetector::kName), &ConsentMissingDetector::Create);
  registry.Register(std::string(ConsentWithdrawnDetector::kName),
                    &ConsentWithdrawnDetector::Create);
}

}  // namespace consentry
