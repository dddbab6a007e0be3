#pragma once
// Another arrival order for a generated JSONL stream, for the test that a run and a replay give
// the same net alerts whatever the order inside the correction horizon.

#include <string>
#include <vector>

namespace consentry::testing {

// `lines` in another order: campaign declarations first (a global table, read before anything
// is judged), then every run of records whose event times lie within a day of the run's first
// shuffled. Records that do not decode, and those whose (tenant, event id) appears more
// than once, keep their place: which copy of a reused id counts depends on arrival order.
std::vector<std::string> ShuffledWithinADay(const std::vector<std::string>& lines);

}  // namespace consentry::testing
