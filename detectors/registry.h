#pragma once
// The explicit detector registry: name -> factory. Built-ins are registered by
// RegisterBuiltinDetectors (detectors/builtin.cc), one line each; there are no static registrar
// objects (the linker drops them from static libraries).
//
// A factory validates its parameters once, when the config is loaded, and returns
// InvalidArgument naming the bad parameter and listing the valid ones.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/taxonomy.h"

namespace consentry {

// A detector's settings from the config, as text ("severity" -> "high").
using DetectorParams = std::map<std::string, std::string>;

// What every detector may consult. Detectors keep these references: the taxonomy and policies
// must outlive every detector created with them.
struct DetectorEnv {
  const Taxonomy& taxonomy;
  const PolicySet& policies;
};

using DetectorFactory = StatusOr<std::unique_ptr<Detector>> (*)(const DetectorParams&,
                                                                const DetectorEnv&);

class DetectorRegistry {
 public:
  // Registers `factory` under `name`. Registering a name twice is our bug and aborts.
  void Register(std::string name, DetectorFactory factory);

  // InvalidArgument listing the known names when `name` is not registered; otherwise whatever
  // the factory returns.
  StatusOr<std::unique_ptr<Detector>> Create(std::string_view name, const DetectorParams& params,
                                             const DetectorEnv& env) const;

  // Sorted.
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, DetectorFactory, std::less<>> factories_;
};

// Registers consent.missing, consent.withdrawn, ... (see builtin.cc).
void RegisterBuiltinDetectors(DetectorRegistry& registry);

// For factories: InvalidArgument naming the first parameter of `params` that is not in `valid`
// and listing the valid ones.
[[nodiscard]] Status CheckKnownParams(std::string_view detector, const DetectorParams& params,
                                      const std::vector<std::string_view>& valid);

// For factories: the "severity" parameter, or `fallback` when absent. InvalidArgument for a
// word that is not a severity.
StatusOr<Severity> SeverityParam(std::string_view detector, const DetectorParams& params,
                                 Severity fallback);

}  // namespace consentry
