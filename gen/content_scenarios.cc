// What the message itself carries, and who must not be contacted:
//   - ai.undisclosed: ai_generated without ai_disclosed, sent at or after 2026-08-02T00:00:00Z
//     (the policies' ai_disclosure_from, when EU AI Act art. 50 applies; consentry applies the
//     same date as transparency policy everywhere); never before it, never when disclosed;
//   - unsubscribe.missing: a marketing email with has_unsubscribe false (absent is unknown,
//     not missing; transactional email and other channels are not judged);
//   - suppression.hit: added_at <= sent_at < removed_at, the entry's tenant absent (every
//     tenant) or the message's, its channels absent or containing the message's; dnc, internal
//     and complaint lists spare essential purposes, a legal hold blocks everything.

#include "gen/kit.h"

namespace consentry::gen_internal {
namespace {

const Timestamp kAiFrom = Utc(2026, 8, 2);

// An AI scenario's subject: a jurisdiction anywhere, a channel that may be a (synthetic) voice
// call, consent a month before. Returns the first message's time.
Timestamp AiSetup(Kit& k, Timestamp first) {
  const uint64_t where = k.rng().Below(4);
  k.set_jurisdiction(where == 0 ? k.us() : where == 1 ? "CA" : where == 2 ? "-" : k.eu());
  if (k.rng().Below(4) == 0) k.set_channel("voice");
  k.GrantAt(k.channel(), k.Marketing(), first - 30 * kDay);
  return first;
}

void AiUndisclosed(Kit& k) {
  const Timestamp first = AiSetup(k, kAiFrom + k.rng().Within(89 * kDay));  // to Oct 30
  Message m{.ai_generated = true};
  if (k.rng().Coin()) m.ai_disclosed = false;  // else absent: not disclosed either
  k.SendRun(m, first, {kAiUndisclosed});
}

void AiDisclosed(Kit& k) {
  const Timestamp first = AiSetup(k, kAiFrom + k.rng().Within(89 * kDay));
  k.SendRun({.ai_generated = true, .ai_disclosed = true}, first, {});
}

void AiBeforeStart(Kit& k) {
  // June and July 2026; the last message is at most 20 h after the first, so before Aug 1.
  const Timestamp first = AiSetup(k, Utc(2026, 6, 1) + k.rng().Within(60 * kDay));
  k.SendRun({.ai_generated = true}, first, {});
}

void AiStartEdge(Kit& k) {
  AiSetup(k, kAiFrom);
  k.Send({.at = kAiFrom - seconds(1), .ai_generated = true, .ai_disclosed = false}, {});
  k.Send({.at = kAiFrom, .ai_generated = true, .ai_disclosed = false}, {kAiUndisclosed});
}

void UnsubscribeMissing(Kit& k) {
  k.set_channel("email");
  k.GrantAt("email", k.Marketing(), k.history());
  k.SendRun({.has_unsubscribe = false}, k.first_send(), {kUnsubscribeMissing});
}

// One message, two violations: no consent and no unsubscribe link.
void UnsubscribeMissingWithoutConsent(Kit& k) {
  k.set_channel("email");
  k.SendRun({.has_unsubscribe = false}, k.first_send(), {kConsentMissing, kUnsubscribeMissing});
}

// US marketing email needs no consent but does need an unsubscribe mechanism.
void UsEmailWithoutUnsubscribe(Kit& k) {
  k.set_jurisdiction(k.us());
  k.set_channel("email");
  k.SendRun({.has_unsubscribe = false}, k.first_send(), {kUnsubscribeMissing});
}

void UnsubscribeNotRequired(Kit& k) {
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = k.history()});
  const Timestamp t = k.first_send();
  k.Send({.channel = "email", .purpose = "essential.service.transactional", .at = t,
          .campaign = "ops-" + k.tenant(), .has_unsubscribe = false},
         {});
  k.Send({.channel = "sms", .at = t + minutes(10), .has_unsubscribe = false}, {});
  k.Send({.channel = "email", .at = t + minutes(20), .has_unsubscribe = std::nullopt}, {});
}

void SuppressedDncAllTenants(Kit& k) {
  k.set_channel("sms");
  if (k.rng().Coin()) k.set_jurisdiction(k.us());  // US: the TCPA do-not-call clause
  k.GrantAt("sms", k.Marketing(), k.history());
  k.Suppress({.list = "dnc", .channels = {"sms"}, .added_at = k.first_send() - 10 * kDay});
  k.SendRun({}, k.first_send(), {kSuppressionHit});
}

// The tenant's own list stops the tenant, not another tenant.
void SuppressedInternalOneTenant(Kit& k) {
  k.set_channel("email");
  k.GrantAt("email", k.Marketing(), k.history());
  k.Decide({.channels = {"email"}, .purposes = {k.Marketing()}, .at = k.history(),
            .tenant = k.other_tenant()});
  k.Suppress({.list = "internal", .tenant = k.tenant(), .channels = {"email"},
              .added_at = k.first_send() - 10 * kDay});
  k.Send({.at = k.first_send()}, {kSuppressionHit});
  k.Send({.at = k.first_send() + hours(1), .tenant = k.other_tenant()}, {});
}

void SuppressedOnOtherChannel(Kit& k) {
  k.set_channel(k.rng().Coin() ? "email" : "push");
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Suppress({.list = "dnc", .channels = {"sms", "voice"}, .added_at = k.first_send() - 10 * kDay});
  k.SendRun({}, k.first_send(), {});
}

// Removed at `removed`: messages before it are hits, at or after it are not.
void SuppressionRemoved(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  const Timestamp added = k.first_send() - 10 * kDay;
  const Timestamp removed = k.first_send() + hours(1);
  k.Suppress({.list = "internal", .tenant = k.tenant(), .added_at = added});
  k.Suppress({.list = "internal", .tenant = k.tenant(), .added_at = added, .removed_at = removed});
  k.Send({.at = k.first_send()}, {kSuppressionHit});
  k.Send({.at = removed - seconds(1)}, {kSuppressionHit});
  k.Send({.at = removed}, {});
  k.Send({.at = removed + hours(2)}, {});
}

void SuppressionAddedLater(Kit& k) {
  k.GrantAt(k.channel(), k.Marketing(), k.history());
  k.Suppress({.list = "complaint", .tenant = k.tenant(), .added_at = k.first_send() + kDay});
  k.SendRun({}, k.first_send(), {});
}

// Receipts still reach a person on a do-not-contact list; a legal hold stops them too.
void SuppressionSparesEssential(Kit& k) {
  k.Suppress({.list = "dnc", .added_at = k.first_send() - 10 * kDay});
  k.SendRun({.purpose = "essential.service.transactional", .campaign = "ops-" + k.tenant()},
            k.first_send(), {});
}

void SuppressionLegalHold(Kit& k) {
  k.Suppress({.list = "legal_hold", .tenant = k.tenant(), .added_at = k.first_send() - 10 * kDay});
  k.SendRun({.purpose = "essential.service.transactional", .campaign = "ops-" + k.tenant()},
            k.first_send(), {kSuppressionHit});
}

}  // namespace

void AddContentScenarios(std::vector<Scenario>& out) {
  out.insert(out.end(), {
      {"ai_undisclosed", kAiUndisclosed, 22, AiUndisclosed},
      {"ai_disclosed", kAiUndisclosed, 10, AiDisclosed},
      {"ai_before_start_date", kAiUndisclosed, 8, AiBeforeStart},
      {"ai_start_date_edge", kAiUndisclosed, 8, AiStartEdge},
      {"unsubscribe_missing", kUnsubscribeMissing, 20, UnsubscribeMissing},
      {"unsubscribe_missing_without_consent", kUnsubscribeMissing, 10,
       UnsubscribeMissingWithoutConsent},
      {"us_email_without_unsubscribe", kUnsubscribeMissing, 8, UsEmailWithoutUnsubscribe},
      {"unsubscribe_not_required", kUnsubscribeMissing, 10, UnsubscribeNotRequired},
      {"suppressed_dnc_all_tenants", kSuppressionHit, 15, SuppressedDncAllTenants},
      {"suppressed_internal_one_tenant", kSuppressionHit, 12, SuppressedInternalOneTenant},
      {"suppressed_on_other_channel", kSuppressionHit, 8, SuppressedOnOtherChannel},
      {"suppression_removed", kSuppressionHit, 12, SuppressionRemoved},
      {"suppression_added_later", kSuppressionHit, 8, SuppressionAddedLater},
      {"suppression_spares_essential", kSuppressionHit, 8, SuppressionSparesEssential},
      {"suppression_legal_hold", kSuppressionHit, 8, SuppressionLegalHold},
  });
}

}  // namespace consentry::gen_internal
