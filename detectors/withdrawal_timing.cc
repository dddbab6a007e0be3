#include "detectors/withdrawal_timing.h"

#include <chrono>

namespace consentry {

std::optional<WithdrawalTiming> TimingOf(const OutboundEvent& message,
                                         const ConsentJudgement& judgement,
                                         const PolicySet& policies) {
  if (judgement.standing != ConsentStanding::kWithdrawn || judgement.decision == nullptr ||
      judgement.policy == nullptr) {
    return std::nullopt;
  }
  // A withdrawal cannot withdraw what never rested on consent: a message whose purpose needs no
  // consent and is not marketing (a receipt, an account notice) may go on. Marketing that needs
  // no prior consent (US email) is still stopped by an opt-out.
  if (!judgement.consent_needed && !Taxonomy::IsMarketing(message.purpose)) return std::nullopt;
  const Policy& policy = *judgement.policy;
  WithdrawalTiming t;
  t.withdrawal = judgement.decision;
  t.via_revoke_all = judgement.via_revoke_all;
  t.window = policy.WithdrawalWindow(message.channel);
  const Timestamp decided = t.withdrawal->recorded_at;
  // Business days are counted in the recipient's zone when the message names one the tz
  // database knows, else in the policy's: a late-evening decision in Los Angeles is a day later
  // in New York.
  auto deadline =
      policies.WithdrawalDeadline(policy, message.channel, decided, message.recipient_tz);
  if (!deadline.ok() && !message.recipient_tz.empty()) {
    deadline = policies.WithdrawalDeadline(policy, message.channel, decided);
  }
  if (deadline.ok()) {
    t.deadline = *deadline;
  } else {
    t.deadline_fallback = true;
    t.deadline = decided + std::chrono::duration_cast<Duration>(
                               std::chrono::days(t.window.business_days));
  }
  t.inside_window = message.sent_at < t.deadline;
  t.delay = message.sent_at - decided;
  return t;
}

std::optional<WithdrawalTiming> WithdrawalTimingFor(const OutboundEvent& message,
                                                    const ConsentLedger& ledger,
                                                    const Taxonomy& taxonomy,
                                                    const PolicySet& policies) {
  return TimingOf(message, JudgeConsent(message, ledger, taxonomy, policies), policies);
}

}  // namespace consentry
