#include "gen/spam_oracle.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <tuple>

#include "core/status.h"

namespace consentry::gen_internal {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

// The states with a policy of their own: 08:00-20:00 and at most 3 in 24 h (Fla. Stat.
// 501.616(6), Md. Com. Law 14-4501 ff., 15 O.S. 775C.1 ff.).
bool IsCapState(std::string_view j) { return j == "US-FL" || j == "US-MD" || j == "US-OK"; }

bool IsUs(std::string_view j) { return j == "US" || j.starts_with("US-"); }

bool IsMarketing(std::string_view purpose) {
  return purpose == "marketing" || purpose.starts_with("marketing.");
}

bool IsCallOrText(std::string_view channel) {
  return channel == "voice" || channel == "sms" || channel == "mms";
}

// The principal zone of each subdivision the generator writes (the tz database's descriptions:
// "Eastern (most areas)", "Central (most areas)").
std::string_view SubdivisionZone(std::string_view j) {
  if (j == "US-NY" || j == "US-FL" || j == "US-MD") return "America/New_York";
  if (j == "US-TX" || j == "US-OK") return "America/Chicago";
  CONSENTRY_CHECK(false && "a subdivision the oracle does not know");
  return {};
}

const date::time_zone* Zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    CONSENTRY_CHECK(false && "an unknown zone in the generator");
    return nullptr;
  }
}

bool Outside(Timestamp t, std::string_view zone, Duration end) {
  const Duration local = LocalTimeOfDay(t, zone);
  return local < hours(8) || local >= end;
}

}  // namespace

Duration LocalTimeOfDay(Timestamp t, std::string_view zone) {
  const auto local = Zone(zone)->to_local(std::chrono::floor<seconds>(t));
  return std::chrono::duration_cast<Duration>(local - std::chrono::floor<date::days>(local));
}

Timestamp AtLocal(std::string_view zone, std::chrono::sys_days day, Duration time_of_day) {
  const date::local_time<Duration> local{day.time_since_epoch() + time_of_day};
  return Zone(zone)->to_sys(local, date::choose::earliest);
}

std::string_view SubjectMatter(std::string_view purpose) {
  static constexpr std::string_view kChannels[] = {"email", "sms",      "mms",    "push",
                                                   "voice", "whatsapp", "letter", "in_app"};
  const size_t dot = purpose.rfind('.');
  if (dot == std::string_view::npos) return purpose;
  const std::string_view last = purpose.substr(dot + 1);
  const bool names_channel =
      std::find(std::begin(kChannels), std::end(kChannels), last) != std::end(kChannels);
  return names_channel ? purpose.substr(0, dot) : purpose;
}

bool BreaksQuietHours(const MessageFacts& m) {
  if (!IsMarketing(m.purpose) || !IsCallOrText(m.channel) || !IsUs(m.jurisdiction)) return false;
  const Duration end = std::chrono::duration_cast<Duration>(
      IsCapState(m.jurisdiction) ? hours(20) : hours(21));
  if (!m.recipient_tz.empty()) return Outside(m.sent_at, m.recipient_tz, end);
  if (m.jurisdiction != "US") return Outside(m.sent_at, SubdivisionZone(m.jurisdiction), end);
  return std::all_of(std::begin(kUsZones), std::end(kUsZones),
                     [&](std::string_view zone) { return Outside(m.sent_at, zone, end); });
}

std::vector<bool> BreaksFrequencyCap(const std::vector<MessageFacts>& messages) {
  // Every counted message's second, by scope (tenant, recipient, subject matter).
  using Scope = std::tuple<std::string_view, std::string_view, std::string_view>;
  std::map<Scope, std::vector<int64_t>> seconds_by_scope;
  auto second_of = [](const MessageFacts& m) {
    return std::chrono::floor<seconds>(m.sent_at).time_since_epoch().count();
  };
  for (const MessageFacts& m : messages) {
    if (!IsMarketing(m.purpose) || !IsCallOrText(m.channel)) continue;
    seconds_by_scope[{m.tenant, m.subject, SubjectMatter(m.purpose)}].push_back(second_of(m));
  }
  for (auto& [scope, secs] : seconds_by_scope) std::sort(secs.begin(), secs.end());

  constexpr int64_t kWindow = 24 * 3600;
  std::vector<bool> out(messages.size(), false);
  for (size_t i = 0; i < messages.size(); ++i) {
    const MessageFacts& m = messages[i];
    if (!IsCapState(m.jurisdiction) || !IsMarketing(m.purpose) || !IsCallOrText(m.channel)) {
      continue;
    }
    const std::vector<int64_t>& secs =
        seconds_by_scope.at({m.tenant, m.subject, SubjectMatter(m.purpose)});
    const int64_t t = second_of(m);
    const auto from = std::upper_bound(secs.begin(), secs.end(), t - kWindow);
    const auto to = std::upper_bound(secs.begin(), secs.end(), t);
    out[i] = to - from > 3;
  }
  return out;
}

}  // namespace consentry::gen_internal
