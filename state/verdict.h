#pragma once
// A judged message kept for the correction horizon (family `verdicts`, one key per message,
// state/keys.h VerdictKey): the message and the rules that fired on it. When an input arrives
// later than the allowed lateness, the engine judges the subject's kept messages again and
// corrects the difference (a retraction for an alert that no longer holds, a late alert for a
// new one).

#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/status.h"

namespace consentry {

struct FiredRule {
  std::string detector;
  std::string rule_version;
  friend auto operator<=>(const FiredRule&, const FiredRule&) = default;
};

struct Verdict {
  OutboundEvent message;
  std::vector<FiredRule> fired;  // sorted

  std::string Encode() const;
  static StatusOr<Verdict> Decode(std::string_view bytes);
};

}  // namespace consentry
