#pragma once
// The explicit registry of sender detectors (sender_detector.h): name -> factory, like
// DetectorRegistry (detectors/registry.h) for the subject detectors. Built-ins are registered by
// RegisterBuiltinSenderDetectors, one line each.
//
// A factory validates its parameters once, when the config is loaded, and returns
// InvalidArgument naming the bad parameter.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detectors/registry.h"
#include "detectors/sender/sender_detector.h"

namespace consentry {

using SenderDetectorFactory = StatusOr<std::unique_ptr<SenderDetector>> (*)(const DetectorParams&);

class SenderDetectorRegistry {
 public:
  // Registers `factory` under `name`. Registering a name twice is our bug and aborts.
  void Register(std::string name, SenderDetectorFactory factory);

  // InvalidArgument listing the known names when `name` is not registered; otherwise whatever
  // the factory returns.
  StatusOr<std::unique_ptr<SenderDetector>> Create(std::string_view name,
                                                   const DetectorParams& params) const;

  bool Has(std::string_view name) const { return factories_.find(name) != factories_.end(); }
  // Sorted.
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, SenderDetectorFactory, std::less<>> factories_;
};

// Registers sender.velocity, content.fanout and complaint.rate.
void RegisterBuiltinSenderDetectors(SenderDetectorRegistry& registry);

}  // namespace consentry
