#pragma once
// Jurisdiction policies: whether a message needs prior consent on its channel, how long a
// withdrawal may take to be honoured (calendar time or business days with a holiday calendar
// and a time zone), and which clause (with its legal source and its kind) a finding quotes.
// Policies are looked up along a jurisdiction chain, most specific first:
// "US-FL" -> {"US-FL", "US", "default"}, "DK" -> {"DK", "EU", "default"}.
//
// Thread safety: const methods are safe to call concurrently; Add, AddRegion and AddCalendar are
// not.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/status.h"
#include "core/time.h"
#include "detectors/calendar/calendars.h"

namespace consentry {

// One rule with the source an alert can quote, e.g.
// {"honour a withdrawal within 10 business days", "FCC order 24-24"}.
struct PolicyClause {
  std::string rule;
  std::string source;
};

// How long after a withdrawal or objection a message may still go out. Exactly one of the two
// applies: business days when business_days > 0, else calendar time (0: honour at once).
struct HonouringWindow {
  Duration calendar_time{0};
  // The window closes at local midnight ending the n-th business day after the decision's local
  // date, counted with the policy's calendar in its time_zone (calendar/business_days.h).
  int business_days = 0;

  static HonouringWindow Immediate() { return {}; }
  static HonouringWindow CalendarTime(Duration d) { return {.calendar_time = d}; }
  static HonouringWindow BusinessDays(int n) { return {.business_days = n}; }
  bool immediate() const { return business_days == 0 && calendar_time == Duration(0); }
  bool operator==(const HonouringWindow&) const = default;
};

struct Policy {
  // Every clause carries its kind, so evidence says honestly whether it is law, regulator
  // guidance, a provider's policy or consentry's own policy (design section 2); a tenant's own
  // limit (its frequency caps) is the tenant's policy.
  enum class ClauseKind { kLaw, kGuidance, kProviderPolicy, kConsentryPolicy, kTenantPolicy };
  // "law", "guidance", "provider_policy", "consentry_policy", "tenant_policy": the evidence
  // field clause_kind.
  static constexpr std::string_view KindName(ClauseKind kind) {
    switch (kind) {
      case ClauseKind::kLaw: return "law";
      case ClauseKind::kGuidance: return "guidance";
      case ClauseKind::kProviderPolicy: return "provider_policy";
      case ClauseKind::kConsentryPolicy: return "consentry_policy";
      case ClauseKind::kTenantPolicy: return "tenant_policy";
    }
    return "consentry_policy";
  }
  // The inverse of KindName; nullopt for any other word.
  static std::optional<ClauseKind> ParseKind(std::string_view name);
  struct CitedClause {
    PolicyClause clause;
    ClauseKind kind = ClauseKind::kConsentryPolicy;
  };

  // Whether marketing on one channel needs prior consent here, and why.
  struct ChannelConsent {
    bool required = true;
    CitedClause clause;
    // Legal bases that are never consent on this channel: a grant resting on one of them counts
    // as no consent (US texts and autodialed calls: every basis but consent, 47 CFR
    // 64.1200(a)(2)-(3), (f)(5)). The clause says why; not_a_consent_basis_clause_by_basis
    // overrides it for one basis (US: the existing business relationship cites (f)(5)).
    // A grant with no legal_basis counts as consent: the field is optional and a grant that
    // does not name its basis is taken to be what it records, consent.
    std::vector<LegalBasis> not_a_consent_basis;
    CitedClause not_a_consent_basis_clause;
    std::map<LegalBasis, CitedClause> not_a_consent_basis_clause_by_basis;
  };
  // "Revoke-all": for messages on `channels` sent at or after `from`, a withdrawal of this
  // tenant on any of `channels` covers every purpose that needs consent on all of them.
  struct RevokeAll {
    std::optional<Timestamp> from;  // nullopt: never
    std::vector<Channel> channels;
    CitedClause clause;
  };
  // Implied consent lapses (CASL s. 10(9)(a), 10(10)): a grant on one of `implied_bases` with a
  // relationship expires `purchase_months` after a purchase, `inquiry_months` after an inquiry,
  // counted from relationship.at (recorded_at when absent). Express consent never expires.
  struct ImpliedConsentExpiry {
    bool enabled = false;
    std::vector<LegalBasis> implied_bases{LegalBasis::kExistingRelationship,
                                          LegalBasis::kSoftOptIn};
    int purchase_months = 24;
    int inquiry_months = 6;
    CitedClause clause;
  };
  // Consent collected by a third party (source "third_party:<name>") counts only when its
  // named_senders include the message's tenant.
  struct ThirdPartyConsent {
    bool must_name_sender = true;
    CitedClause clause{{"consent collected by a third party must name this sender",
                        "consentry policy (conservative; after the UK ICO guidance on indirect "
                        "consent under PECR reg. 22)"}};
  };

  std::string name;  // a jurisdiction key: "default", "EU", "US", "US-FL", "DK", ...
  HonouringWindow withdrawal_window;                            // immediate by default
  std::map<Channel, HonouringWindow> withdrawal_window_by_channel;  // overrides the above
  CitedClause withdrawal_clause;
  std::map<Channel, CitedClause> withdrawal_clause_by_channel;  // overrides withdrawal_clause
  // Marketing needs prior consent on every channel not in consent_by_channel, for this reason.
  CitedClause consent_clause;
  std::map<Channel, ChannelConsent> consent_by_channel;
  // The holiday calendar (built-in or from the config) and the IANA zone business-day windows
  // are counted in. A business-day window needs a calendar.
  std::string calendar;
  std::string time_zone = "UTC";
  RevokeAll revoke_all;
  ImpliedConsentExpiry implied_consent_expiry;
  ThirdPartyConsent third_party;

  HonouringWindow WithdrawalWindow(Channel channel) const;
  const CitedClause& WithdrawalClause(Channel channel) const;
  bool ConsentRequired(Channel channel) const;
  const CitedClause& ConsentClause(Channel channel) const;
  // The clause saying why `basis` is not consent on `channel`, or nullptr when it is.
  const CitedClause* NotAConsentBasis(Channel channel, std::optional<LegalBasis> basis) const;
  // True when revoke-all covers messages on `channel` sent at `sent_at`.
  bool RevokeAllApplies(Channel channel, Timestamp sent_at) const;

  // ---- Campaign, content and suppression rules (purpose.mismatch, purpose.undeclared,
  // data_source.unconsented, ai.undisclosed, unsubscribe.missing, suppression.hit). Each clause
  // carries its kind, so evidence says honestly whether it is law or consentry's own policy.
  // The member defaults are consentry-policy wording, so a policy defined in a config without
  // these keys still cites something true; PolicySet::Default() sets the legal clauses per
  // jurisdiction.
  // (ClauseKind, KindName and CitedClause are declared at the top of Policy.)
  // purpose.mismatch: the message's purpose and channel lie within its campaign's declaration.
  CitedClause campaign_scope_clause{
      {"a campaign's messages stay within the purposes and channels it declared",
       "consentry policy (campaign declarations)"}};
  // purpose.undeclared: a message goes out under a campaign declaration in force.
  CitedClause campaign_declared_clause{
      {"messages go out only under a campaign declaration in force when they are sent",
       "consentry policy (campaign declarations)"}};
  // data_source.unconsented: targeting uses only the data sources the declaration allows.
  CitedClause data_source_clause{
      {"targeting uses only the data sources the campaign declared",
       "consentry policy (campaign declarations)"}};
  // ai.undisclosed: judged only when required, for messages sent at or after ai_disclosure_from
  // (instant, UTC). Which clause applies depends on the channel: whatsapp and in_app are chat
  // (an AI conversational agent), voice is a synthetic voice, every other channel is text.
  bool ai_disclosure_required = true;
  Timestamp ai_disclosure_from = std::chrono::sys_days{std::chrono::year{2026} / 8 / 2};
  CitedClause ai_text_clause{{"tell people when AI wrote a message to them",
                              "consentry transparency policy (not law)"}};
  CitedClause ai_agent_clause{{"tell people when an AI agent is talking to them",
                               "consentry transparency policy (not law)"}};
  CitedClause ai_voice_clause{{"tell people when the voice talking to them is AI-generated",
                               "consentry transparency policy (not law)"}};
  // A consent rule for AI voice that consent.missing judges; ai.undisclosed only quotes it in
  // evidence. Empty rule: none.
  CitedClause ai_voice_consent_clause;
  // unsubscribe.missing: every marketing email carries an unsubscribe mechanism.
  CitedClause unsubscribe_clause{
      {"every marketing email carries an unsubscribe mechanism",
       "consentry policy where no jurisdiction applies (the US, the EU and Canada require it "
       "by law)"}};
  // suppression.hit: the clause for a `dnc` entry on these channels, else suppression_clause.
  CitedClause suppression_clause{
      {"do not contact a person while they are on a do-not-contact list",
       "consentry policy (the tenant's suppression lists)"}};
  std::map<Channel, CitedClause> dnc_clause_by_channel;
  // ---- end of campaign, content and suppression rules

  // ---- Quiet hours (quiet_hours). Marketing on `channels` may go out only inside the local
  // window [from_minute, to_minute) of the recipient's clock, in minutes after local midnight:
  // {480, 1260} is 08:00-21:00, so 08:00:00 and 20:59:59 are permitted, 07:59:59 and 21:00:00
  // are not. No window crosses midnight (0 <= from_minute < to_minute <= 1440). A channel no
  // entry names is left to the next policy of the jurisdiction chain (see
  // PolicySet::QuietHoursPolicy); where no policy of the chain names it, it is not judged. An
  // entry with in_force_from applies to messages sent at or after it; earlier ones go down the
  // chain too.
  struct QuietHours {
    std::vector<Channel> channels;
    int from_minute = 8 * 60;
    int to_minute = 21 * 60;
    std::optional<Timestamp> in_force_from;  // nullopt: always
    CitedClause clause;
  };
  std::vector<QuietHours> quiet_hours;  // empty: none (the "default" policy ships none)
  // The entry for `channel` in force at `sent_at`, or nullptr.
  const QuietHours* QuietHoursFor(Channel channel, Timestamp sent_at) const;
  // ---- end of quiet hours
};

// ---- frequency.cap (detectors/frequency_cap/frequency_cap.h). A cap on how many messages one
// tenant sends one person in a sliding window of event time: a message exceeds it when, counting
// itself, more than `max` messages in the cap's scope were sent to the same person by the same
// tenant with sent_at in (t - window, t] (t: its sent_at truncated to the second). Counted per
// tenant and recipient whatever sender or number sent them. Caps belong to a jurisdiction
// (statutes, PolicySet::SetJurisdictionFrequencyCaps) or to a tenant (its own limits,
// PolicySet::AddTenantFrequencyCap).
struct FrequencyCap {
  std::string name;  // unique per jurisdiction or tenant, e.g. "US-FL 3 per 24 h"
  int64_t max = 3;   // allowed in the window; the next one exceeds
  Duration window = std::chrono::hours(24);  // whole seconds, 1 s to kMaxWindow
  std::vector<Channel> channels;             // counted together; empty: every channel
  // Purposes in scope (taxonomy paths; a parent covers its children). Messages of other purposes
  // are neither judged nor counted.
  std::vector<std::string> purposes{"marketing"};
  // Count each subject matter apart ("on the same subject matter"): the purpose, without a last
  // segment that names a channel (marketing.communications.sms and .voice are one subject
  // matter, marketing.advertising another).
  bool per_purpose = false;
  std::optional<Timestamp> in_force_from;  // applies to messages sent at or after it
  Policy::CitedClause clause;
  // Set by PolicySet: the jurisdiction key or the tenant the cap belongs to (one of them).
  std::string jurisdiction;
  TenantId tenant;

  static constexpr Duration kMaxWindow = std::chrono::hours(24 * 90);
  bool InForce(Timestamp sent_at) const { return !in_force_from || sent_at >= *in_force_from; }
  bool Covers(Channel channel) const;
  // Whether `purpose` is in scope (one of `purposes` covers it).
  bool CoversPurpose(std::string_view purpose) const;
  // The subject-matter key of `purpose` for per_purpose counting.
  static std::string_view SubjectMatter(std::string_view purpose);
  // A window as people say it: "24 hours", "6 days", "90 minutes", "45 seconds".
  static std::string WindowText(Duration window);
};
// ---- end of frequency.cap

class PolicySet {
 public:
  // InvalidArgument for an empty name, a duplicate name, a negative window, a business-day
  // window outside 1..366 or without a known calendar (add custom calendars first), an unknown
  // calendar or time zone, or implied-consent periods below 1 month; or quiet hours without
  // channels, a rule or a source, outside 00:00-24:00, with from_minute >= to_minute, or naming
  // a channel twice in force from the same instant.
  [[nodiscard]] Status Add(Policy policy);

  // Adds a calendar policies can name. InvalidArgument when the name is empty, already added or
  // the name of a built-in calendar (calendar/calendars.h).
  [[nodiscard]] Status AddCalendar(HolidayCalendar calendar);

  // The calendar called `name`: one added with AddCalendar, else a built-in; nullptr if none.
  const HolidayCalendar* Calendar(std::string_view name) const;

  // The instant `policy`'s honouring window for `channel` closes after a decision recorded at
  // `decided_at`: decided_at + calendar time, or the business-day deadline, counted in `zone`
  // (the recipient's, when known) or else the policy's time_zone. A message sent at or after it
  // is late. NotFound for a policy that was never validated by Add (unknown calendar or zone)
  // and for a `zone` the tz database does not know.
  StatusOr<Timestamp> WithdrawalDeadline(const Policy& policy, Channel channel,
                                         Timestamp decided_at, std::string_view zone = {}) const;

  // Declares that each of `members` belongs to `region` ("EU" -> {"DK", "DE", ...}). A member
  // may belong to several regions; they are tried in the order they were added.
  void AddRegion(std::string region, std::vector<std::string> members);

  // The lookup chain for `jurisdiction`, most specific first, always ending in "default":
  //   "US-FL" -> {"US-FL", "US", "default"}; "DK" -> {"DK", "EU", "default"}; "" -> {"default"}.
  // A subdivision's country's regions are included too ("FR-75" -> {"FR-75", "FR", "EU", ...}).
  std::vector<std::string> Chain(std::string_view jurisdiction) const;

  // The first policy of Chain(jurisdiction) that exists. A set that passed Validate() always
  // finds one; if a caller skipped Validate() and no "default" exists, a built-in strict
  // default (withdrawal honoured immediately) is returned rather than crashing the pipeline.
  const Policy& For(std::string_view jurisdiction) const;

  // FailedPrecondition when no "default" policy exists. The config loader calls it once after
  // the last Add, and refuses to start on failure.
  [[nodiscard]] Status Validate() const;

  const std::map<std::string, Policy, std::less<>>& policies() const { return policies_; }

  // ---- Quiet hours: the most specific policy of Chain(jurisdiction) with a quiet-hours entry
  // for `channel` in force at `sent_at` (Policy::QuietHoursFor), or nullptr when none has one.
  // Unlike For(), this skips policies that say nothing about quiet hours.
  const Policy* QuietHoursPolicy(std::string_view jurisdiction, Channel channel,
                                 Timestamp sent_at) const;
  // ---- end of quiet hours

  // The shipped defaults (design section 2): default, EU (with the EEA), US, CA, and US-FL,
  // US-MD, US-OK (copies of US with their states' quiet hours).
  static PolicySet Default();

  // ---- frequency.cap. Replaces the caps of jurisdiction key `jurisdiction` ("US-FL"). The caps of
  // the most specific key of a message's Chain() that has any apply (a state's caps replace the
  // country's). InvalidArgument for an empty name or one used twice, max below 1 or above 10^6, a
  // window that is not whole seconds from 1 s to FrequencyCap::kMaxWindow, no purposes, or a
  // clause without a rule or a source.
  [[nodiscard]] Status SetJurisdictionFrequencyCaps(std::string jurisdiction,
                                                    std::vector<FrequencyCap> caps);
  // Adds a cap of `tenant`'s own; the same checks.
  [[nodiscard]] Status AddTenantFrequencyCap(TenantId tenant, FrequencyCap cap);
  // The caps that apply to a message of `tenant` in `jurisdiction`: the jurisdiction's (most
  // specific key with caps), then the tenant's, each in the order added. In force or not.
  std::vector<const FrequencyCap*> FrequencyCapsFor(std::string_view jurisdiction,
                                                    const TenantId& tenant) const;
  // The longest window of every cap (0 when there is none): how far back frequency buckets must
  // be kept (state/windows_filter.h).
  Duration LongestFrequencyWindow() const;
  const std::map<std::string, std::vector<FrequencyCap>, std::less<>>& jurisdiction_caps() const {
    return jurisdiction_caps_;
  }
  const std::map<TenantId, std::vector<FrequencyCap>>& tenant_caps() const { return tenant_caps_; }
  // ---- end of frequency.cap

  static constexpr std::string_view kDefault = "default";

 private:
  std::map<std::string, Policy, std::less<>> policies_;
  std::map<std::string, std::vector<std::string>, std::less<>> regions_of_;  // member -> regions
  std::map<std::string, HolidayCalendar, std::less<>> calendars_;  // added by AddCalendar
  // ---- frequency.cap
  std::map<std::string, std::vector<FrequencyCap>, std::less<>> jurisdiction_caps_;
  std::map<TenantId, std::vector<FrequencyCap>> tenant_caps_;
};

}  // namespace consentry
