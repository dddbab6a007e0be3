#pragma once
// quiet_hours (rule version 1): a marketing message went out outside the permitted hours of the
// recipient's local clock.
//
// Judged: messages whose purpose is "marketing" or under it (transactional and account messages
// never), on a channel that the most specific policy of the jurisdiction chain with quiet hours
// for that channel names (PolicySet::QuietHoursPolicy; shipped: US 08:00-21:00 for voice, sms
// and mms, 47 CFR 64.1200(c)(1); US-FL, US-MD, US-OK 08:00-20:00). The window is [from, to):
// 08:00:00 and 20:59:59 are inside 08:00-21:00, 07:59:59 and 21:00:00 are not.
//
// The recipient's clock, first that applies:
//   1. recipient_tz, when the tz database knows it (an unknown name is noted in the evidence
//      and the next step applies);
//   2. the principal zone of the subdivision (US-FL -> America/New_York; calendar/zones.h);
//   3. the country's zone, when zone.tab lists one (DK -> Europe/Copenhagen);
//   4. a country with several zones: the message is flagged only when the time is outside the
//      window in every one of them, and the evidence says the zone was unknown;
//   5. the deciding policy's time_zone (no jurisdiction, or one the tz database has no zone
//      for); for the "default" policy the evidence says it judged.
// Local time comes from the IANA rules (howardhinnant date with the system tzdata), so both
// DST switches are handled: 07:30 EDT on the morning after spring-forward is 07:30, not 06:30.
//
// Stateless: the verdict depends only on the message, never on what was judged before.
// Whether the recipient had consented does not change the verdict (the TCPA's definition of a
// telephone solicitation excludes calls made with prior permission, and whether that reaches
// texts is litigated; consentry flags consented marketing too), but the evidence says it:
// `consent` is the standing of the shared consent judgement (detectors/consent_standing.h,
// "granted", "none", "withdrawn", ...), so a reviewer sees at once which case it is.
//
// Parameters: "severity" (default "medium").

#include <memory>
#include <string_view>
#include <vector>

#include "detectors/detector.h"
#include "detectors/policy.h"
#include "detectors/registry.h"

namespace consentry {

class QuietHoursDetector final : public Detector {
 public:
  static constexpr std::string_view kName = "quiet_hours";
  static constexpr std::string_view kRuleVersion = "1";

  // FailedPrecondition when the tz database's zone.tab cannot be read (calendar/zones.h).
  static StatusOr<std::unique_ptr<Detector>> Create(const DetectorParams& params,
                                                    const DetectorEnv& env);

  // `taxonomy` and `policies` must outlive the detector.
  QuietHoursDetector(const Taxonomy& taxonomy, const PolicySet& policies,
                     Severity severity = Severity::kMedium)
      : taxonomy_(taxonomy), policies_(policies), severity_(severity) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  // The ledger only for the evidence's consent standing.
  StateNeed Needs() const override { return StateNeed::kLedger; }
  void Judge(const Evaluation& evaluation, std::vector<Finding>& findings) const override;

 private:
  const Taxonomy& taxonomy_;
  const PolicySet& policies_;
  Severity severity_;
};

}  // namespace consentry
