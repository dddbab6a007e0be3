#include "detectors/sender/sender_registry.h"

#include <utility>

#include "detectors/sender/complaint_rate/complaint_rate.h"
#include "detectors/sender/content_fanout/content_fanout.h"
#include "detectors/sender/sender_velocity/sender_velocity.h"

namespace consentry {

void SenderDetectorRegistry::Register(std::string name, SenderDetectorFactory factory) {
  CONSENTRY_CHECK(factory != nullptr);
  const bool inserted = factories_.emplace(std::move(name), factory).second;
  CONSENTRY_CHECK(inserted);
}

StatusOr<std::unique_ptr<SenderDetector>> SenderDetectorRegistry::Create(
    std::string_view name, const DetectorParams& params) const {
  const auto it = factories_.find(name);
  if (it == factories_.end()) {
    std::string known;
    for (const std::string& n : Names()) known += (known.empty() ? "\"" : ", \"") + n + "\"";
    return InvalidArgument("unknown sender detector \"" + std::string(name) +
                           "\"; known sender detectors: " + (known.empty() ? "(none)" : known));
  }
  return it->second(params);
}

std::vector<std::string> SenderDetectorRegistry::Names() const {
  std::vector<std::string> names;
  names.reserve(factories_.size());
  for (const auto& [name, factory] : factories_) names.push_back(name);
  return names;
}

void RegisterBuiltinSenderDetectors(SenderDetectorRegistry& registry) {
  registry.Register(std::string(SenderVelocityDetector::kName), &SenderVelocityDetector::Create);
  registry.Register(std::string(ContentFanoutDetector::kName), &ContentFanoutDetector::Create);
  registry.Register(std::string(ComplaintRateDetector::kName), &ComplaintRateDetector::Create);
}

}  // namespace consentry
