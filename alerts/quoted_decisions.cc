#include "alerts/quoted_decisions.h"

#include <simdjson.h>

#include <set>
#include <utility>

namespace consentry {
namespace {

namespace dom = simdjson::dom;

// Evidence nests a few levels at most; deeper input is not walked (bounded stack).
constexpr int kMaxDepth = 32;

void Walk(dom::element e, int depth, std::set<std::pair<std::string, std::string>>& seen,
          std::vector<QuotedDecision>& out) {
  if (depth > kMaxDepth) return;
  if (dom::array array; e.get_array().get(array) == simdjson::SUCCESS) {
    for (dom::element item : array) Walk(item, depth + 1, seen, out);
    return;
  }
  dom::object object;
  if (e.get_object().get(object) != simdjson::SUCCESS) return;
  std::string_view recorded_at, action, event_id;
  if (object["recorded_at"].get_string().get(recorded_at) == simdjson::SUCCESS &&
      object["action"].get_string().get(action) == simdjson::SUCCESS) {
    if (object["event_id"].get_string().get(event_id) != simdjson::SUCCESS) event_id = {};
    if (seen.emplace(std::string(event_id), std::string(recorded_at)).second) {
      out.push_back({std::string(event_id), std::string(recorded_at), simdjson::minify(object)});
    }
    return;  // a decision object quotes no other decision
  }
  for (dom::key_value_pair field : object) Walk(field.value, depth + 1, seen, out);
}

}  // namespace

StatusOr<std::vector<QuotedDecision>> QuotedDecisions(std::string_view evidence_json) {
  dom::parser parser;
  dom::element root;
  if (parser.parse(evidence_json.data(), evidence_json.size()).get(root) != simdjson::SUCCESS) {
    return InvalidArgument("the evidence is not JSON");
  }
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<QuotedDecision> out;
  Walk(root, 0, seen, out);
  return out;
}

}  // namespace consentry
