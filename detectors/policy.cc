#include "detectors/policy.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace consentry {
namespace {

constexpr Duration Days(int n) {
  return std::chrono::duration_cast<Duration>(std::chrono::days(n));
}

// Used only when a set without "default" reaches For(): honour withdrawals at once.
const Policy& StrictFallback() {
  static const Policy* const policy = new Policy{
      .name = "default",
      .withdrawal_window = Duration(0),
      .withdrawal_clause = {"honour a withdrawal without undue delay", "GDPR art. 7(3)"},
      .consent_clause = {"marketing messages need prior consent", "GDPR art. 6, 7"},
  };
  return *policy;
}

}  // namespace

Duration Policy::WithdrawalWindow(Channel channel) const {
  const auto it = withdrawal_window_by_channel.find(channel);
  return it == withdrawal_window_by_channel.end() ? withdrawal_window : it->second;
}

const PolicyClause& Policy::WithdrawalClause(Channel channel) const {
  const auto it = withdrawal_clause_by_channel.find(channel);
  return it == withdrawal_clause_by_channel.end() ? withdrawal_clause : it->second;
}

Status PolicySet::Add(Policy policy) {
  if (policy.name.empty()) return InvalidArgument("a policy needs a name (a jurisdiction key)");
  if (policies_.find(policy.name) != policies_.end()) {
    return InvalidArgument("policy \"" + policy.name + "\" is defined twice; keep one");
  }
  bool negative = policy.withdrawal_window < Duration(0);
  for (const auto& [channel, window] : policy.withdrawal_window_by_channel) {
    negative = negative || window < Duration(0);
  }
  if (negative) {
    return InvalidArgument("policy \"" + policy.name +
                           "\" has a negative withdrawal window; use 0 or more");
  }
  std::string name = policy.name;
  policies_.emplace(std::move(name), std::move(policy));
  return Status::Ok();
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
  const PolicyClause gdpr_consent{"marketing messages need prior consent", "GDPR art. 6, 7"};

  // Where no specific policy applies: honour a withdrawal at once.
  Policy base{.name = "default",
              .withdrawal_window = Duration(0),
              .withdrawal_clause = {"honour a withdrawal without undue delay", "GDPR art. 7(3)"},
              .consent_clause = gdpr_consent};

  // EU/EEA: no statutory number of days. Withdrawal must be as easy as giving consent and an
  // objection to direct marketing is absolute; art. 12(3) caps any request at one month. We
  // allow a 2-day grace for messages already queued when the decision was made, which is far
  // inside that cap and matches what regulators accept as "without undue delay" for suppression.
  Policy eu{.name = "EU",
            .withdrawal_window = Days(2),
            .withdrawal_clause = {"honour a withdrawal or objection to direct marketing without "
                                  "undue delay (2-day grace)",
                                  "GDPR art. 7(3), 21(3)"},
            .consent_clause = {"marketing messages need prior consent",
                               "ePrivacy Directive art. 13; GDPR art. 6, 7"}};

  // US: 10 business days for texts and calls (from 2025-04-11) and for email opt-outs. Counted
  // as calendar days until the holiday calendar lands, which is stricter than the law.
  const PolicyClause fcc{"honour a revocation of consent within 10 business days",
                         "FCC order 24-24"};
  const PolicyClause can_spam{"honour an email opt-out within 10 business days",
                              "CAN-SPAM 15 U.S.C. 7704"};
  Policy us{.name = "US",
            .withdrawal_window = Days(10),
            .withdrawal_window_by_channel = {{Channel::kSms, Days(10)},
                                             {Channel::kMms, Days(10)},
                                             {Channel::kVoice, Days(10)},
                                             {Channel::kEmail, Days(10)}},
            .withdrawal_clause = {"honour an opt-out within 10 business days",
                                  "FCC order 24-24; CAN-SPAM 15 U.S.C. 7704"},
            .withdrawal_clause_by_channel = {{Channel::kSms, fcc},
                                             {Channel::kMms, fcc},
                                             {Channel::kVoice, fcc},
                                             {Channel::kEmail, can_spam}},
            .consent_clause = {"autodialed or prerecorded marketing calls and texts need prior "
                               "express written consent",
                               "47 CFR 64.1200(a)(2) (TCPA)"}};

  Policy ca{.name = "CA",
            .withdrawal_window = Days(10),
            .withdrawal_clause = {"honour an unsubscribe within 10 business days",
                                  "CASL s. 11(3)"},
            .consent_clause = {"commercial electronic messages need express or implied consent",
                               "CASL s. 6(1)"}};

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
