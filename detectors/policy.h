#pragma once
// Jurisdiction policies: how long a withdrawal may take to be honoured, and which clause (with
// its legal source) a finding quotes. Policies are looked up along a jurisdiction chain, most
// specific first: "US-FL" -> {"US-FL", "US", "default"}, "DK" -> {"DK", "EU", "default"}.
//
// Thread safety: const methods are safe to call concurrently; Add and AddRegion are not.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/status.h"
#include "core/time.h"

namespace consentry {

// One rule with the source an alert can quote, e.g.
// {"honour a withdrawal within 10 business days", "FCC order 24-24"}.
struct PolicyClause {
  std::string rule;
  std::string source;
};

struct Policy {
  std::string name;  // a jurisdiction key: "default", "EU", "US", "US-FL", "DK", ...
  // How long after a withdrawal or objection a message may still go out. Calendar time for
  // now: business days (weekends, holidays) come with the holiday calendar.
  Duration withdrawal_window{0};
  std::map<Channel, Duration> withdrawal_window_by_channel;  // overrides withdrawal_window
  PolicyClause withdrawal_clause;
  std::map<Channel, PolicyClause> withdrawal_clause_by_channel;  // overrides withdrawal_clause
  PolicyClause consent_clause;  // why a marketing message needs prior consent here

  Duration WithdrawalWindow(Channel channel) const;
  const PolicyClause& WithdrawalClause(Channel channel) const;
};

class PolicySet {
 public:
  // InvalidArgument for an empty name, a duplicate name or a negative window.
  [[nodiscard]] Status Add(Policy policy);

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

  // The shipped defaults (design section 2): default, EU (with the EEA), US, CA.
  static PolicySet Default();

  static constexpr std::string_view kDefault = "default";

 private:
  std::map<std::string, Policy, std::less<>> policies_;
  std::map<std::string, std::vector<std::string>, std::less<>> regions_of_;  // member -> regions
};

}  // namespace consentry
