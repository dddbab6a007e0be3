// Withdrawal scenarios in calendar time: STOP replies and unsubscribe clicks (feedback.v1, a
// withdrawal of marketing on that channel for that tenant, narrowed to the campaign's marketing
// purposes when the record names one), objections, and the EU and default windows:
//   - EU: 2 days of calendar time (48 h): a message at recorded_at + 48 h is late, 1 s before
//     is not;
//   - default (no jurisdiction): at once, so a message at the withdrawal's own instant is late;
//   - US: 10 business days; here only with margins of whole weeks (the exact business-day edges
//     are in calendar_scenarios.cc);
//   - a withdrawal or STOP never reaches transactional messages, and complaints and bounces are
//     no withdrawal at all.

#include "gen/kit.h"

namespace consentry::gen_internal {
namespace {

Feedback Stop(Timestamp at, std::string campaign = "") {
  return {.kind = "stop_reply", .channel = "sms", .at = at, .campaign = std::move(campaign)};
}

Message Transactional(Kit& k, std::string channel) {
  return {.channel = std::move(channel), .purpose = "essential.service.transactional",
          .campaign = "ops-" + k.tenant()};
}

void StopReplyLate(Kit& k) {
  k.set_channel("sms");
  k.GrantAt("sms", k.Marketing(), k.history());
  k.Give(Stop(k.first_send() - 3 * kDay, k.rng().Coin() ? "camp-" + k.tenant() + "-sms" : ""));
  k.SendRun({}, k.first_send(), {kConsentWithdrawn});
}

void StopReplyInsideWindow(Kit& k) {
  k.set_channel("sms");
  k.GrantAt("sms", k.Marketing(), k.history());
  k.Give(Stop(k.first_send() - kDay));  // messages go out within 1 day 20 h of it
  k.SendRun({}, k.first_send(), {});
}

void StopThenTransactional(Kit& k) {
  k.set_channel("sms");
  k.GrantAt("sms", k.Marketing(), k.history());
  k.Give(Stop(k.first_send() - 5 * kDay));
  Message receipt = Transactional(k, "sms");
  receipt.at = k.first_send();
  k.Send(receipt, {});
  k.Send({.at = k.first_send() + hours(1)}, {kConsentWithdrawn});
}

// A STOP on SMS withdraws SMS only; another tenant's STOP withdraws nothing of this tenant's.
void StopOnOtherChannel(Kit& k) {
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = k.history()});
  k.Give(Stop(k.first_send() - 5 * kDay));
  k.Give({.kind = "stop_reply", .channel = "email", .at = k.first_send() - 5 * kDay,
          .tenant = k.other_tenant()});
  k.Send({.channel = "email", .at = k.first_send()}, {});
  k.Send({.channel = "push", .at = k.first_send() + minutes(10)}, {});
  k.Send({.channel = "sms", .at = k.first_send() + hours(1)}, {kConsentWithdrawn});
}

void UnsubscribeClickEdge(Kit& k) {
  k.set_channel("email");
  k.GrantAt("email", k.Marketing(), k.history());
  const Timestamp click = k.first_send() - 2 * kDay;
  k.Give({.kind = "unsubscribe_click", .channel = "email", .at = click});
  k.Send({.at = click + 2 * kDay - seconds(1)}, {});
  k.Send({.at = click + 2 * kDay}, {kConsentWithdrawn});
}

// The click names campaign news-<tenant> (declared: marketing.communications): it withdraws
// that, not the tenant's marketing.advertising campaign.
void UnsubscribeNarrowedToCampaign(Kit& k) {
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = k.history()});
  k.Give({.kind = "unsubscribe_click", .channel = "email", .at = k.first_send() - 4 * kDay,
          .campaign = "news-" + k.tenant()});
  k.Send({.channel = "email", .purpose = "marketing.communications.email", .at = k.first_send(),
          .campaign = "news-" + k.tenant()},
         {kConsentWithdrawn});
  k.Send({.channel = "email", .purpose = "marketing.advertising",
          .at = k.first_send() + hours(1), .campaign = "ads-" + k.tenant()},
         {});
}

// US email needs no consent, but an opt-out must be honoured within 10 business days: 3
// calendar days after it is inside, 20 calendar days after it (>= 13 business days) is not.
void UsEmailOptOutWithoutConsent(Kit& k) {
  k.set_jurisdiction(k.us());
  k.set_channel("email");
  const Timestamp click = k.first_send() - 20 * kDay;
  k.Give({.kind = "unsubscribe_click", .channel = "email", .at = click});
  k.Send({.at = click + 3 * kDay}, {});
  k.Send({.at = k.first_send()}, {kConsentWithdrawn});
}

void ObjectionThenTransactional(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Decide({.action = "object", .channels = {"*"}, .purposes = {"marketing"},
            .at = k.first_send() - 5 * kDay});
  Message receipt = Transactional(k, k.channel());
  receipt.at = k.first_send();
  k.Send(receipt, {});
  k.Send({.at = k.first_send() + hours(1)}, {kConsentWithdrawn});
}

// No jurisdiction: the default policy honours a withdrawal at once.
void DefaultPolicyImmediate(Kit& k) {
  k.set_jurisdiction("-");
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  const Timestamp withdrawn = k.first_send();
  k.Decide({.action = "withdraw", .channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = withdrawn});
  k.Send({.at = withdrawn - seconds(1)}, {});
  k.Send({.at = withdrawn}, {kConsentWithdrawn});
}

void EuWindowEdge(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  const Timestamp withdrawn = k.first_send() - 2 * kDay;
  k.Decide({.action = "withdraw", .channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = withdrawn});
  k.Send({.at = withdrawn + 2 * kDay - seconds(1)}, {});
  k.Send({.at = withdrawn + 2 * kDay}, {kConsentWithdrawn});
}

void ComplaintIsNoWithdrawal(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Give({.kind = "complaint", .channel = k.channel(), .at = k.first_send() - 10 * kDay});
  k.Give({.kind = "bounce", .channel = k.channel(), .at = k.first_send() - 9 * kDay});
  k.SendRun({}, k.first_send(), {});
}

}  // namespace

void AddWithdrawalScenarios(std::vector<Scenario>& out) {
  out.insert(out.end(), {
      {"stop_reply_after_window", kConsentWithdrawn, 20, StopReplyLate},
      {"stop_reply_inside_window", kConsentWithdrawn, 12, StopReplyInsideWindow},
      {"stop_then_transactional", kConsentWithdrawn, 12, StopThenTransactional},
      {"stop_on_other_channel_or_tenant", kConsentWithdrawn, 10, StopOnOtherChannel},
      {"unsubscribe_click_window_edge", kConsentWithdrawn, 15, UnsubscribeClickEdge},
      {"unsubscribe_narrowed_to_campaign", kConsentWithdrawn, 10, UnsubscribeNarrowedToCampaign},
      {"us_email_opt_out_without_consent", kConsentWithdrawn, 10, UsEmailOptOutWithoutConsent},
      {"objection_then_transactional", kConsentWithdrawn, 10, ObjectionThenTransactional},
      {"default_policy_immediate", kConsentWithdrawn, 8, DefaultPolicyImmediate},
      {"eu_window_edge", kConsentWithdrawn, 10, EuWindowEdge},
      {"complaint_and_bounce_are_no_withdrawal", kConsentWithdrawn, 8, ComplaintIsNoWithdrawal},
  });
}

}  // namespace consentry::gen_internal
