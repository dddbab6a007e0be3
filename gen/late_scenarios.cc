// Inputs out of event-time order. Verdicts use event time, whatever the arrival order:
//   - an input placed in the stream 2 days (event time) after the messages it concerns arrives
//     far later than the allowed lateness (seconds) but inside the correction horizon (7 days):
//     when the engine has judged the messages already, it corrects them. A late grant turns the
//     first consent.missing alerts into retractions (label: no net alert); a late withdrawal,
//     STOP reply or do-not-contact entry raises late alerts (label: the net alert). These
//     scenarios send between Nov 21 12:00 and Nov 25 2026, in the last week of the stream (whose
//     last event is Nov 28 05:00): no watermark can then pass a message by more than the horizon
//     before its late input is applied, whatever the batch sizes of a replay or a Kafka run;
//   - decisions swapped in arrival order long before any message count by their recorded_at;
//   - a second record reusing an event_id with other content goes to the DLQ as
//     duplicate_event_id (placed right after the first, on the same subject, so the same
//     partition keeps their order in a Kafka run too).

#include "gen/kit.h"

namespace consentry::gen_internal {
namespace {

constexpr auto kLate = 2 * kDay;  // how long after the first message a late input arrives

// The first message between 2026-11-21T12:00Z and 2026-11-25T00:00Z.
void InLastWeek(Kit& k) {
  const Duration spread = std::chrono::duration_cast<Duration>(hours(84));
  k.set_first_send(Utc(2026, 11, 21, 12) + k.rng().Within(spread));
}

void LateGrant(Kit& k) {
  InLastWeek(k);
  Decision grant{.channels = {k.channel()}, .purposes = {k.Marketing()},
                 .at = k.first_send() - hours(1)};
  k.Decide(grant, k.first_send() + kLate);
  k.SendRun({}, k.first_send(), {});
}

void LateWithdrawal(Kit& k) {
  InLastWeek(k);
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Decide({.action = "withdraw", .channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = k.first_send() - 3 * kDay},
           k.first_send() + kLate);
  k.SendRun({}, k.first_send(), {kConsentWithdrawn});
}

void LateStopReply(Kit& k) {
  InLastWeek(k);
  k.set_channel("sms");
  k.GrantAt("sms", k.Marketing(), k.history());
  k.Give({.kind = "stop_reply", .channel = "sms", .at = k.first_send() - 3 * kDay},
         k.first_send() + kLate);
  k.SendRun({}, k.first_send(), {kConsentWithdrawn});
}

void LateSuppression(Kit& k) {
  InLastWeek(k);
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Suppress({.list = "internal", .tenant = k.tenant(), .added_at = k.first_send() - kDay},
             k.first_send() + kLate);
  k.SendRun({}, k.first_send(), {kSuppressionHit});
}

// Granted at H, withdrawn at H+5d; the withdrawal arrives first, the grant after it (late).
void WithdrawalArrivesBeforeEarlierGrant(Kit& k) {
  const Timestamp withdrawn = k.history() + 5 * kDay;
  k.Decide({.action = "withdraw", .channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = withdrawn});
  k.Decide({.channels = {k.channel()}, .purposes = {k.Marketing()}, .at = k.history()},
           withdrawn + std::chrono::milliseconds(1));
  k.SendRun({}, k.first_send(), {kConsentWithdrawn});
}

// Granted, withdrawn at H, granted again at H+5d; the withdrawal arrives after the regrant.
void RegrantArrivesBeforeEarlierWithdrawal(Kit& k) {
  const Timestamp regranted = k.history() + 5 * kDay;
  k.GrantAt(k.channel(), k.Marketing(), k.history() - 5 * kDay);
  k.GrantAt(k.channel(), k.Marketing(), regranted);
  k.Decide({.action = "withdraw", .channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = k.history()},
           regranted + std::chrono::milliseconds(1));
  k.SendRun({}, k.first_send(), {});
}

// The grant made one second before the message arrives just after it, within the lateness.
void GrantDeliveredAfterMessage(Kit& k) {
  k.Decide({.channels = {k.channel()}, .purposes = {k.Marketing()},
            .at = k.first_send() - seconds(1)},
           k.first_send() + std::chrono::milliseconds(1));
  k.SendRun({}, k.first_send(), {});
}

void DuplicateMessageId(Kit& k) {
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = k.history()});
  const std::string id = k.Send({.at = k.first_send()}, {});
  Message other{.channel = k.channel() == "sms" ? "email" : "sms", .at = k.first_send(),
                .event_id = id};
  other.purpose = "marketing.communications." + other.channel;
  other.campaign = "camp-" + k.tenant() + "-" + other.channel;
  other.jurisdiction = k.jurisdiction();
  other.tenant = k.tenant();
  other.sender_id = k.sender();
  k.DeadLetter(ToJson(other, k.subject()), "duplicate_event_id",
               k.first_send() + std::chrono::milliseconds(1));
}

void DuplicateConsentId(Kit& k) {
  Decision grant{.channels = {k.channel()}, .purposes = {k.Marketing()}, .at = k.history()};
  grant.event_id = k.Decide(grant);
  grant.tenant = k.tenant();
  grant.channels = {"*"};  // other content, same (tenant, event_id)
  k.DeadLetter(ToJson(grant, k.subject()), "duplicate_event_id",
               k.history() + std::chrono::milliseconds(1));
  k.SendRun({}, k.first_send(), {});
}

}  // namespace

void AddLateScenarios(std::vector<Scenario>& out) {
  out.insert(out.end(), {
      {"late_grant_retracts_alerts", kConsentMissing, 15, LateGrant},
      {"late_withdrawal_raises_late_alerts", kConsentWithdrawn, 12, LateWithdrawal},
      {"late_stop_reply_raises_late_alerts", kConsentWithdrawn, 8, LateStopReply},
      {"late_suppression_raises_late_alerts", kSuppressionHit, 8, LateSuppression},
      {"withdrawal_arrives_before_earlier_grant", kConsentWithdrawn, 8,
       WithdrawalArrivesBeforeEarlierGrant},
      {"regrant_arrives_before_earlier_withdrawal", kConsentWithdrawn, 8,
       RegrantArrivesBeforeEarlierWithdrawal},
      {"grant_delivered_after_message", kConsentMissing, 12, GrantDeliveredAfterMessage},
      {"duplicate_message_id", "", 2, DuplicateMessageId},
      {"duplicate_consent_id", "", 2, DuplicateConsentId},
  });
}

}  // namespace consentry::gen_internal
