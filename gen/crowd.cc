#include <algorithm>
#include <utility>

#include "gen/kit.h"

namespace consentry::gen_internal {

Crowd::Crowd(Stream& stream, std::vector<SenderLabel>& labels, Rng& rng, std::string scenario,
             std::string prefix)
    : stream_(stream),
      labels_(labels),
      rng_(rng),
      scenario_(std::move(scenario)),
      prefix_(std::move(prefix)) {}

std::string Crowd::Subject(int n) const { return prefix_ + "-r" + std::to_string(n); }

std::string Crowd::Send(Message m, const std::string& subject, Expected expected) {
  if (m.purpose.empty()) m.purpose = "marketing.communications." + m.channel;
  if (m.campaign.empty()) m.campaign = "camp-" + m.tenant + "-" + m.channel;
  if (m.jurisdiction.empty()) m.jurisdiction = "-";
  if (m.event_id.empty()) m.event_id = prefix_ + "-m" + std::to_string(next_++);
  GenLabel label;
  label.event_id = m.event_id;
  for (std::string_view d : expected) label.expected.emplace_back(d);
  std::sort(label.expected.begin(), label.expected.end());
  label.expected.erase(std::unique(label.expected.begin(), label.expected.end()),
                       label.expected.end());
  label.scenario = scenario_;
  std::string id = m.event_id;
  stream_.AddMessage(m.at, m, subject, std::move(label), /*states_spam_rules=*/false);
  return id;
}

void Crowd::Grant(const std::string& tenant, const std::string& subject, std::string channel,
                  std::string purpose, Timestamp at) {
  Decision d{.channels = {std::move(channel)}, .purposes = {std::move(purpose)}, .at = at,
             .tenant = tenant, .event_id = prefix_ + "-c" + std::to_string(next_++)};
  stream_.Add(at, ToJson(d, subject));
}

void Crowd::Give(Feedback f, const std::string& subject) {
  const std::string id = prefix_ + "-f" + std::to_string(next_++);
  stream_.Add(f.at, ToJson(f, id, subject));
}

void Crowd::Label(std::string_view detector, std::string tenant, std::string entity,
                  Timestamp from, Timestamp to, bool positive) {
  labels_.push_back({.detector = std::string(detector), .tenant = std::move(tenant),
                     .entity = std::move(entity), .from = from, .to = to, .positive = positive,
                     .scenario = scenario_});
}

}  // namespace consentry::gen_internal
