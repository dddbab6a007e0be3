#include "detectors/detector.h"

#include <array>
#include <utility>

namespace consentry {
namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverities{{
    {Severity::kInfo, "info"},
    {Severity::kLow, "low"},
    {Severity::kMedium, "medium"},
    {Severity::kHigh, "high"},
    {Severity::kCritical, "critical"},
}};

}  // namespace

std::string_view Name(Severity s) {
  for (const auto& [severity, name] : kSeverities)
    if (severity == s) return name;
  return "unknown";
}

const ConsentJudgement& Evaluation::Consent(const Taxonomy& taxonomy,
                                            const PolicySet& policies) const {
  if (!consent_) {
    consent_ = JudgeConsent(message, state.Ledger(message.subject), taxonomy, policies);
    taxonomy_ = &taxonomy;
    policies_ = &policies;
  }
  CONSENTRY_CHECK(taxonomy_ == &taxonomy && policies_ == &policies);
  return *consent_;
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  for (const auto& [severity, name] : kSeverities)
    if (name == s) return severity;
  return std::nullopt;
}

}  // namespace consentry
