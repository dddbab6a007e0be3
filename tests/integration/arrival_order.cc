#include "tests/integration/arrival_order.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <random>

#include "ingest/decoder.h"
#include "pipeline/inputs.h"

namespace consentry::testing {

std::vector<std::string> ShuffledWithinADay(const std::vector<std::string>& lines) {
  Decoder decoder;
  std::vector<std::string> campaigns, out;
  std::vector<std::optional<Timestamp>> times;
  std::map<std::string, int> ids;
  std::vector<std::string> id_of;
  for (const auto& line : lines) {
    auto decoded = decoder.Decode(line);
    std::optional<Timestamp> time;
    std::string id;
    if (auto* event = std::get_if<Event>(&decoded)) {
      if (std::holds_alternative<CampaignDeclaration>(*event)) {
        campaigns.push_back(line);
        continue;
      }
      time = EventTime(*event);
      std::visit([&](const auto& e) {
        if constexpr (requires { e.event_id; }) id = e.tenant.value() + "/" + e.event_id.value();
      }, *event);
    }
    out.push_back(line);
    times.push_back(time);
    id_of.push_back(id);
    if (!id.empty()) ++ids[id];
  }
  std::mt19937_64 rng(11);
  size_t start = 0;
  while (start < out.size()) {
    size_t end = start + 1;
    const auto within_a_day = [&](size_t i) {
      const auto gap = *times[i] - *times[start];
      return gap < std::chrono::hours(24) && gap > -std::chrono::hours(24);
    };
    while (times[start] && end < out.size() && (!times[end] || within_a_day(end))) ++end;
    std::vector<size_t> movable;
    for (size_t i = start; i < end; ++i) {
      if (times[i] && (id_of[i].empty() || ids[id_of[i]] == 1)) movable.push_back(i);
    }
    std::vector<std::string> picked;
    for (size_t i : movable) picked.push_back(out[i]);
    std::shuffle(picked.begin(), picked.end(), rng);
    for (size_t k = 0; k < movable.size(); ++k) out[movable[k]] = picked[k];
    start = end;
  }
  campaigns.insert(campaigns.end(), out.begin(), out.end());
  return campaigns;
}

}  // namespace consentry::testing
