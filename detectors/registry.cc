#include "detectors/registry.h"

#include <utility>

namespace consentry {
namespace {

template <typename Range>
std::string JoinQuoted(const Range& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += '"';
    out += name;
    out += '"';
  }
  return out.empty() ? "(none)" : out;
}

}  // namespace

void DetectorRegistry::Register(std::string name, DetectorFactory factory) {
  CONSENTRY_CHECK(factory != nullptr);
  const bool inserted = factories_.emplace(std::move(name), factory).second;
  CONSENTRY_CHECK(inserted);
}

StatusOr<std::unique_ptr<Detector>> DetectorRegistry::Create(std::string_view name,
                                                             const DetectorParams& params,
                                                             const DetectorEnv& env) const {
  const auto it = factories_.find(name);
  if (it == factories_.end()) {
    return InvalidArgument("unknown detector \"" + std::string(name) +
                           "\"; known detectors: " + JoinQuoted(Names()));
  }
  return it->second(params, env);
}

std::vector<std::string> DetectorRegistry::Names() const {
  std::vector<std::string> names;
  names.reserve(factories_.size());
  for (const auto& [name, factory] : factories_) names.push_back(name);
  return names;
}

Status CheckKnownParams(std::string_view detector, const DetectorParams& params,
                        const std::vector<std::string_view>& valid) {
  for (const auto& [key, value] : params) {
    bool known = false;
    for (std::string_view v : valid) known = known || v == key;
    if (!known) {
      return InvalidArgument("detector \"" + std::string(detector) + "\" has no parameter \"" +
                             key + "\"; valid parameters: " + JoinQuoted(valid));
    }
  }
  return Status::Ok();
}

StatusOr<Severity> SeverityParam(std::string_view detector, const DetectorParams& params,
                                 Severity fallback) {
  const auto it = params.find("severity");
  if (it == params.end()) return fallback;
  const std::optional<Severity> severity = ParseSeverity(it->second);
  if (!severity) {
    return InvalidArgument("detector \"" + std::string(detector) + "\": severity \"" +
                           it->second + "\" is not one of info, low, medium, high, critical");
  }
  return *severity;
}

}  // namespace consentry
