#pragma once
// frequency.cap (rule version 1): a tenant sent one person more messages in a sliding window of
// event time than a cap allows.
//
// Caps (detectors/policy.h, FrequencyCap) come from the message's jurisdiction (the most
// specific key of its chain that has caps; shipped: US-FL, US-MD, US-OK, at most 3 marketing
// calls or texts in 24 h on the same subject matter across voice, SMS and MMS) and from its
// tenant (`frequency_caps:` in the config). A cap judges a message when it is in force at
// sent_at and covers the message's channel and purpose.
//
// Window semantics. Let t be sent_at truncated to the second. The count of a cap is the number
// of messages to the same subject from the same tenant, on the cap's channels, with a purpose in
// its scope (and, for a per_purpose cap, of the same subject matter: FrequencyCap::SubjectMatter),
// with sent_at in (t - window, t] -- the message itself included. The message exceeds the cap
// when that count is above max: with max 3 in 24 h the 3rd message is fine and the 4th fires; a
// message exactly 24 h after the first no longer counts the first. Messages of the same second
// are not ordered among themselves: when a second's messages push the count above max, every
// one of them fires. Messages from any sender or number count alike.
//
// One finding per message: it names the first exceeded cap (jurisdiction caps before tenant
// caps, each in configured order) and lists every other exceeded cap in evidence
// (also_exceeded). Evidence: the cap (name, max, window, channels, purposes, per_purpose,
// jurisdiction or tenant), the observed count, the window's start (exclusive) and end
// (inclusive), the counting scope (tenant, channels, subject matter) and the clause with its
// kind (law for statutes, tenant_policy for a tenant's own cap).
//
// State: the subject's FrequencyWindow (StateNeed::kFrequency), to which the engine adds the
// message before any detector judges it (state/frequency_window.h).
//
// Parameters: "severity" (default "medium").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class FrequencyCapDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "frequency.cap";
  static constexpr std::string_view kRuleVersion = "1";

  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `policies` must outlive the detector.
  explicit FrequencyCapDetector(const PolicySet& policies, Severity severity = Severity::kMedium)
      : policies_(policies), severity_(severity) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  StateNeed Needs() const override { return StateNeed::kFrequency; }
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;

  // The count of `cap` for `message` in `window` (see the window semantics above).
  static int64_t Observed(const FrequencyCap& cap, const OutboundEvent& message,
                          const FrequencyWindow& window);

 private:
  const PolicySet& policies_;
  Severity severity_;
};

}  // namespace consentry
