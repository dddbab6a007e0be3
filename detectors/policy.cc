#include "detectors/policy.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "detectors/calendar/business_days.h"
#include "detectors/default_policies.h"

namespace consentry {
namespace {

// Used only when a set without "default" reaches For(): honour withdrawals at once.
const Policy& StrictFallback() {
  static const Policy* const policy = new Policy(BuiltinDefaultPolicy());
  return *policy;
}

bool Contains(const std::vector<Channel>& channels, Channel c) {
  return std::find(channels.begin(), channels.end(), c) != channels.end();
}

// The checks of Add() on the windows, calendar and zone of `p`.
Status CheckWindows(const Policy& p, const PolicySet& set) {
  const std::string where = "policy \"" + p.name + "\"";
  bool business_days = false;
  std::vector<HonouringWindow> windows = {p.withdrawal_window};
  for (const auto& [channel, window] : p.withdrawal_window_by_channel) windows.push_back(window);
  for (const HonouringWindow& w : windows) {
    if (w.calendar_time < Duration(0) || w.business_days < 0) {
      return InvalidArgument(where + " has a negative withdrawal window; use 0 or more");
    }
    if (w.business_days > kMaxBusinessDays) {
      return InvalidArgument(where + " has a withdrawal window of " +
                             std::to_string(w.business_days) + " business days; use 1 to " +
                             std::to_string(kMaxBusinessDays));
    }
    business_days = business_days || w.business_days > 0;
  }
  if (business_days && p.calendar.empty()) {
    return InvalidArgument(where + " counts business days but names no calendar; set `calendar` "
                           "(US, CA, DK, DE, GB-EAW, weekends_only or one from `calendars:`)");
  }
  if (!p.calendar.empty() && set.Calendar(p.calendar) == nullptr) {
    return InvalidArgument(where + " names calendar \"" + p.calendar +
                           "\", which does not exist; use US, CA, DK, DE, GB-EAW, "
                           "weekends_only or one from `calendars:`");
  }
  const Status zone = CheckTimeZone(p.time_zone);
  if (!zone.ok()) return InvalidArgument(where + ": " + zone.message());
  return Status::Ok();
}

// ---- Quiet hours: the checks of Add() on quiet_hours.
Status CheckQuietHours(const Policy& p) {
  const std::string where = "policy \"" + p.name + "\" quiet_hours";
  for (size_t i = 0; i < p.quiet_hours.size(); ++i) {
    const Policy::QuietHours& q = p.quiet_hours[i];
    if (q.channels.empty()) return InvalidArgument(where + " has an entry without channels");
    if (q.from_minute < 0 || q.to_minute > 24 * 60 || q.from_minute >= q.to_minute) {
      return InvalidArgument(where + " has a window that is not within 00:00-24:00 with from "
                             "before to; a window across midnight is not supported");
    }
    if (q.clause.clause.rule.empty() || q.clause.clause.source.empty()) {
      return InvalidArgument(where + " has an entry without a clause; cite its rule and source");
    }
    for (size_t j = 0; j < i; ++j) {
      const Policy::QuietHours& other = p.quiet_hours[j];
      if (other.in_force_from != q.in_force_from) continue;
      for (Channel c : q.channels) {
        if (Contains(other.channels, c)) {
          return InvalidArgument(where + " names channel " + std::string(Name(c)) +
                                 " twice; give each channel one window");
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

// ---- Quiet hours. Entries with an in_force_from are tried latest first, so a later rule
// replaces an earlier one from its date on.
const Policy::QuietHours* Policy::QuietHoursFor(Channel channel, Timestamp sent_at) const {
  const QuietHours* best = nullptr;
  for (const QuietHours& q : quiet_hours) {
    if (!Contains(q.channels, channel)) continue;
    if (q.in_force_from && sent_at < *q.in_force_from) continue;
    if (best == nullptr || q.in_force_from.value_or(Timestamp::min()) >
                               best->in_force_from.value_or(Timestamp::min())) {
      best = &q;
    }
  }
  return best;
}

const Policy* PolicySet::QuietHoursPolicy(std::string_view jurisdiction, Channel channel,
                                          Timestamp sent_at) const {
  for (const std::string& key : Chain(jurisdiction)) {
    const auto it = policies_.find(key);
    if (it != policies_.end() && it->second.QuietHoursFor(channel, sent_at) != nullptr) {
      return &it->second;
    }
  }
  return nullptr;
}
// ---- end of quiet hours

// ---- frequency.cap
namespace {

// The checks of SetJurisdictionFrequencyCaps and AddTenantFrequencyCap on one cap.
Status CheckFrequencyCap(const FrequencyCap& cap, const std::string& owner) {
  const std::string where = "frequency cap \"" + cap.name + "\" of " + owner;
  if (cap.name.empty()) return InvalidArgument("a frequency cap of " + owner + " has no name");
  if (cap.max < 1 || cap.max > 1'000'000) {
    return InvalidArgument(where + " allows " + std::to_string(cap.max) +
                           " messages; use 1 to 1000000");
  }
  if (cap.window < std::chrono::seconds(1) || cap.window > FrequencyCap::kMaxWindow ||
      cap.window % std::chrono::seconds(1) != Duration(0)) {
    return InvalidArgument(where + " has a window that is not a whole number of seconds from 1s "
                           "to 90d");
  }
  if (cap.purposes.empty()) {
    return InvalidArgument(where + " names no purposes; use e.g. [marketing]");
  }
  for (const std::string& p : cap.purposes) {
    if (p.empty()) return InvalidArgument(where + " names an empty purpose");
  }
  if (cap.clause.clause.rule.empty() || cap.clause.clause.source.empty()) {
    return InvalidArgument(where + " has no clause; cite its rule and source");
  }
  return Status::Ok();
}

Status CheckFrequencyCaps(const std::vector<FrequencyCap>& caps, const std::string& owner) {
  for (size_t i = 0; i < caps.size(); ++i) {
    CONSENTRY_RETURN_IF_ERROR(CheckFrequencyCap(caps[i], owner));
    for (size_t j = 0; j < i; ++j) {
      if (caps[j].name == caps[i].name) {
        return InvalidArgument("frequency cap \"" + caps[i].name + "\" of " + owner +
                               " is defined twice; give each cap its own name");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

bool FrequencyCap::Covers(Channel channel) const {
  return channels.empty() || Contains(channels, channel);
}

bool FrequencyCap::CoversPurpose(std::string_view purpose) const {
  // Taxonomy::Covers, spelled out here: detectors/policy.h does not depend on the taxonomy.
  for (const std::string& p : purposes) {
    if (purpose == p || (purpose.size() > p.size() && purpose.starts_with(p) &&
                         purpose[p.size()] == '.')) {
      return true;
    }
  }
  return false;
}

std::string_view FrequencyCap::SubjectMatter(std::string_view purpose) {
  const size_t dot = purpose.rfind('.');
  if (dot == std::string_view::npos) return purpose;
  return ParseChannel(purpose.substr(dot + 1)) ? purpose.substr(0, dot) : purpose;
}

std::string FrequencyCap::WindowText(Duration d) {
  using namespace std::chrono;
  const auto plural = [](int64_t n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  if (d % days(1) == Duration(0) && d > hours(48)) return plural(d / days(1), "day");
  if (d % hours(1) == Duration(0)) return plural(d / hours(1), "hour");
  if (d % minutes(1) == Duration(0)) return plural(d / minutes(1), "minute");
  return plural(duration_cast<seconds>(d).count(), "second");
}

Status PolicySet::SetJurisdictionFrequencyCaps(std::string jurisdiction,
                                               std::vector<FrequencyCap> caps) {
  if (jurisdiction.empty()) return InvalidArgument("frequency caps need a jurisdiction key");
  CONSENTRY_RETURN_IF_ERROR(CheckFrequencyCaps(caps, "jurisdiction " + jurisdiction));
  for (FrequencyCap& cap : caps) {
    cap.jurisdiction = jurisdiction;
    cap.tenant = TenantId();
  }
  if (caps.empty()) {
    jurisdiction_caps_.erase(jurisdiction);
  } else {
    jurisdiction_caps_[std::move(jurisdiction)] = std::move(caps);
  }
  return Status::Ok();
}

Status PolicySet::AddTenantFrequencyCap(TenantId tenant, FrequencyCap cap) {
  if (tenant.empty()) return InvalidArgument("a tenant frequency cap needs a tenant");
  std::vector<FrequencyCap>& caps = tenant_caps_[tenant];
  caps.push_back(std::move(cap));
  Status s = CheckFrequencyCaps(caps, "tenant " + tenant.value());
  if (!s.ok()) {
    caps.pop_back();
    if (caps.empty()) tenant_caps_.erase(tenant);
    return s;
  }
  caps.back().jurisdiction.clear();
  caps.back().tenant = std::move(tenant);
  return Status::Ok();
}

std::vector<const FrequencyCap*> PolicySet::FrequencyCapsFor(std::string_view jurisdiction,
                                                             const TenantId& tenant) const {
  std::vector<const FrequencyCap*> out;
  for (const std::string& key : Chain(jurisdiction)) {
    const auto it = jurisdiction_caps_.find(key);
    if (it == jurisdiction_caps_.end()) continue;
    for (const FrequencyCap& cap : it->second) out.push_back(&cap);
    break;
  }
  if (const auto it = tenant_caps_.find(tenant); it != tenant_caps_.end()) {
    for (const FrequencyCap& cap : it->second) out.push_back(&cap);
  }
  return out;
}

Duration PolicySet::LongestFrequencyWindow() const {
  Duration longest{0};
  for (const auto& [key, caps] : jurisdiction_caps_) {
    for (const FrequencyCap& cap : caps) longest = std::max(longest, cap.window);
  }
  for (const auto& [tenant, caps] : tenant_caps_) {
    for (const FrequencyCap& cap : caps) longest = std::max(longest, cap.window);
  }
  return longest;
}
// ---- end of frequency.cap

std::optional<Policy::ClauseKind> Policy::ParseKind(std::string_view name) {
  for (ClauseKind k : {ClauseKind::kLaw, ClauseKind::kGuidance, ClauseKind::kProviderPolicy,
                       ClauseKind::kConsentryPolicy, ClauseKind::kTenantPolicy}) {
    if (KindName(k) == name) return k;
  }
  return std::nullopt;
}

HonouringWindow Policy::WithdrawalWindow(Channel channel) const {
  const auto it = withdrawal_window_by_channel.find(channel);
  return it == withdrawal_window_by_channel.end() ? withdrawal_window : it->second;
}

const Policy::CitedClause& Policy::WithdrawalClause(Channel channel) const {
  const auto it = withdrawal_clause_by_channel.find(channel);
  return it == withdrawal_clause_by_channel.end() ? withdrawal_clause : it->second;
}

bool Policy::ConsentRequired(Channel channel) const {
  const auto it = consent_by_channel.find(channel);
  return it == consent_by_channel.end() || it->second.required;
}

const Policy::CitedClause& Policy::ConsentClause(Channel channel) const {
  const auto it = consent_by_channel.find(channel);
  return it == consent_by_channel.end() ? consent_clause : it->second.clause;
}

const Policy::CitedClause* Policy::NotAConsentBasis(Channel channel,
                                                    std::optional<LegalBasis> basis) const {
  if (!basis) return nullptr;
  const auto it = consent_by_channel.find(channel);
  if (it == consent_by_channel.end()) return nullptr;
  const std::vector<LegalBasis>& never = it->second.not_a_consent_basis;
  if (std::find(never.begin(), never.end(), *basis) == never.end()) return nullptr;
  const auto by_basis = it->second.not_a_consent_basis_clause_by_basis.find(*basis);
  if (by_basis != it->second.not_a_consent_basis_clause_by_basis.end()) return &by_basis->second;
  return &it->second.not_a_consent_basis_clause;
}

bool Policy::RevokeAllApplies(Channel channel, Timestamp sent_at) const {
  return revoke_all.from && sent_at >= *revoke_all.from && Contains(revoke_all.channels, channel);
}

Status PolicySet::Add(Policy policy) {
  if (policy.name.empty()) return InvalidArgument("a policy needs a name (a jurisdiction key)");
  if (policies_.find(policy.name) != policies_.end()) {
    return InvalidArgument("policy \"" + policy.name + "\" is defined twice; keep one");
  }
  CONSENTRY_RETURN_IF_ERROR(CheckWindows(policy, *this));
  CONSENTRY_RETURN_IF_ERROR(CheckQuietHours(policy));
  const Policy::ImpliedConsentExpiry& implied = policy.implied_consent_expiry;
  if (implied.enabled && (implied.purchase_months < 1 || implied.inquiry_months < 1)) {
    return InvalidArgument("policy \"" + policy.name +
                           "\" has an implied-consent period below 1 month; use 1 or more");
  }
  std::string name = policy.name;
  policies_.emplace(std::move(name), std::move(policy));
  return Status::Ok();
}

Status PolicySet::AddCalendar(HolidayCalendar calendar) {
  if (calendar.name().empty()) return InvalidArgument("a calendar needs a name");
  if (FindBuiltinCalendar(calendar.name()) != nullptr ||
      calendars_.find(calendar.name()) != calendars_.end()) {
    return InvalidArgument("calendar \"" + calendar.name() +
                           "\" already exists (built-in or defined twice); choose another name");
  }
  std::string name = calendar.name();
  calendars_.emplace(std::move(name), std::move(calendar));
  return Status::Ok();
}

const HolidayCalendar* PolicySet::Calendar(std::string_view name) const {
  const auto it = calendars_.find(name);
  return it != calendars_.end() ? &it->second : FindBuiltinCalendar(name);
}

StatusOr<Timestamp> PolicySet::WithdrawalDeadline(const Policy& policy, Channel channel,
                                                  Timestamp decided_at,
                                                  std::string_view zone) const {
  const HonouringWindow window = policy.WithdrawalWindow(channel);
  if (window.business_days == 0) return decided_at + window.calendar_time;
  const HolidayCalendar* calendar = Calendar(policy.calendar);
  if (calendar == nullptr) {
    return NotFound("policy \"" + policy.name + "\" names unknown calendar \"" +
                    policy.calendar + "\"");
  }
  return BusinessDayDeadline(decided_at, window.business_days, *calendar,
                             zone.empty() ? std::string_view(policy.time_zone) : zone);
}

void PolicySet::AddRegion(std::string region, std::vector<std::string> members) {
  for (std::string& member : members) {
    auto& regions = regions_of_[std::move(member)];
    if (std::find(regions.begin(), regions.end(), region) == regions.end()) {
      regions.push_back(region);
    }
  }
}

std::vector<std::string> PolicySet::Chain(std::string_view jurisdiction) const {
  std::vector<std::string> chain;
  const auto push = [&chain](std::string_view key) {
    if (std::find(chain.begin(), chain.end(), key) == chain.end()) chain.emplace_back(key);
  };
  const auto push_regions = [&](std::string_view key) {
    const auto it = regions_of_.find(key);
    if (it == regions_of_.end()) return;
    for (const std::string& region : it->second) push(region);
  };
  if (!jurisdiction.empty()) {
    push(jurisdiction);
    push_regions(jurisdiction);
    const size_t dash = jurisdiction.find('-');  // ISO 3166-2: "US-FL" -> country "US"
    if (dash != std::string_view::npos && dash > 0) {
      const std::string_view country = jurisdiction.substr(0, dash);
      push(country);
      push_regions(country);
    }
  }
  push(kDefault);
  return chain;
}

const Policy& PolicySet::For(std::string_view jurisdiction) const {
  for (const std::string& key : Chain(jurisdiction)) {
    const auto it = policies_.find(key);
    if (it != policies_.end()) return it->second;
  }
  return StrictFallback();
}

Status PolicySet::Validate() const {
  if (policies_.find(kDefault) == policies_.end()) {
    return FailedPrecondition(
        "no \"default\" policy: add one so messages from unlisted jurisdictions are judged");
  }
  return Status::Ok();
}

PolicySet PolicySet::Default() {
  PolicySet set;
  // The consent, withdrawal and calendar clauses: detectors/default_policies.cc.
  Policy base = BuiltinDefaultPolicy();
  Policy eu = BuiltinEuPolicy();
  Policy us = BuiltinUsPolicy();
  Policy ca = BuiltinCaPolicy();

  // ---- Campaign, content and suppression rules (see the block at the end of struct Policy;
  // `base` keeps the member defaults, which are consentry policy).
  {
    using Kind = Policy::ClauseKind;
    const std::string in_support = "consentry policy (campaign declarations), in support of ";
    eu.campaign_scope_clause = {{base.campaign_scope_clause.clause.rule,
                                 in_support + "GDPR art. 5(1)(b) (purpose limitation)"},
                                Kind::kConsentryPolicy};
    eu.campaign_declared_clause = {{base.campaign_declared_clause.clause.rule,
                                    in_support + "GDPR art. 5(1)(b) (purpose limitation)"},
                                   Kind::kConsentryPolicy};
    eu.data_source_clause = {{base.data_source_clause.clause.rule,
                              in_support + "GDPR art. 5(1)(b) (purpose limitation) and art. 14 "
                                           "(telling people where their data came from)"},
                             Kind::kConsentryPolicy};
    // EU AI Act art. 50 applies from 2026-08-02 (the member default). It reaches AI systems that
    // interact with people (50(1)) and synthetic audio, image and video (50(4)); AI-drafted
    // marketing text stays consentry's transparency policy.
    eu.ai_text_clause = {{"tell people when AI wrote a message to them",
                          "consentry transparency policy (not law: EU AI Act art. 50 does not "
                          "cover AI-drafted marketing text)"},
                         Kind::kConsentryPolicy};
    // The message shows only its channel: no field says whether an AI system interacted with
    // the person (50(1)) or the audio is a deep fake (50(4)), so these stay consentry policy.
    eu.ai_agent_clause = {{"tell people they are interacting with an AI system, unless that is "
                           "obvious",
                           "consentry transparency policy, after EU AI Act (Regulation (EU) "
                           "2024/1689) art. 50(1), which applies only to AI systems that "
                           "interact with people; the message does not tell whether one did"},
                          Kind::kConsentryPolicy};
    eu.ai_voice_clause = {{"tell people the voice talking to them is AI-generated",
                           "consentry transparency policy, after EU AI Act (Regulation (EU) "
                           "2024/1689) art. 50(1), (4), which apply only to AI systems that "
                           "interact with people and to deep fakes; the message does not tell "
                           "whether the voice is either"},
                          Kind::kConsentryPolicy};
    us.ai_voice_consent_clause = {{"an AI-generated voice is an artificial voice: the call needs "
                                   "prior express consent (written, for telemarketing)",
                                   "FCC 24-17 (2024-02-08); 47 CFR 64.1200(a)"},
                                  Kind::kLaw};
    eu.unsubscribe_clause = {{"every direct-marketing email gives a valid way to opt out",
                              "ePrivacy Directive 2002/58/EC art. 13(2), (4)"},
                             Kind::kLaw};
    us.unsubscribe_clause = {{"every commercial email carries a working opt-out mechanism",
                              "CAN-SPAM 15 U.S.C. 7704(a)(3)"},
                             Kind::kLaw};
    ca.unsubscribe_clause = {{"every commercial electronic message carries an unsubscribe "
                              "mechanism",
                              "CASL s. 11"},
                             Kind::kLaw};
    const Policy::CitedClause do_not_call{
        {"no telephone solicitation to a number on the national do-not-call registry or on the "
         "caller's own do-not-call list",
         "47 CFR 64.1200(c)(2), (d) (TCPA)"},
        Kind::kLaw};
    us.dnc_clause_by_channel = {
        {Channel::kVoice, do_not_call}, {Channel::kSms, do_not_call}, {Channel::kMms, do_not_call}};
  }

  // ---- Quiet hours: US-FL, US-MD, US-OK are copies of the finished US policy (every clause
  // above included) with their own, stricter quiet hours (default_policies.h).
  for (Policy& state : BuiltinUsStatePolicies(us)) {
    const Status s = set.Add(std::move(state));
    CONSENTRY_CHECK(s.ok());
  }
  // ---- end of quiet hours
  // ---- frequency.cap: the statutory caps (default_policies.cc).
  for (auto& [jurisdiction, caps] : BuiltinFrequencyCaps()) {
    const Status s = set.SetJurisdictionFrequencyCaps(jurisdiction, std::move(caps));
    CONSENTRY_CHECK(s.ok());
  }
  // ---- end of frequency.cap
  for (Policy* p : {&base, &eu, &us, &ca}) {
    const Status s = set.Add(std::move(*p));
    CONSENTRY_CHECK(s.ok());
  }
  // The 27 EU member states and the three EEA states that apply the GDPR and ePrivacy rules.
  set.AddRegion("EU", {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR",
                       "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
                       "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"});
  return set;
}

}  // namespace consentry
