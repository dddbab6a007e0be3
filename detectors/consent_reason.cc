#include "detectors/consent_reason.h"

#include <chrono>

#include "detectors/serialize.h"

namespace consentry {

std::string DescribeMessage(const OutboundEvent& m) {
  std::string r(Name(m.channel));
  r += " message for ";
  r += Printable(m.purpose);
  r += " from tenant ";
  r += Printable(m.tenant.value());
  r += " at ";
  r += FormatRfc3339(m.sent_at);
  return r;
}

std::string WhereOf(const OutboundEvent& m) {
  return m.jurisdiction.empty() ? "the default policy (no jurisdiction given)"
                                : Printable(m.jurisdiction);
}

std::string QuoteClauseIn(const Policy::CitedClause& clause, const OutboundEvent& m) {
  return clause.clause.rule + " in " + WhereOf(m) + " (" + clause.clause.source + ").";
}

std::string HumanDuration(Duration d) {
  using namespace std::chrono;
  const auto plural = [](int64_t n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  if (d >= days(1)) return plural(duration_cast<days>(d).count(), "day");
  if (d >= hours(1)) return plural(duration_cast<hours>(d).count(), "hour");
  if (d >= minutes(1)) return plural(duration_cast<minutes>(d).count(), "minute");
  return plural(duration_cast<seconds>(d).count(), "second");
}

}  // namespace consentry
