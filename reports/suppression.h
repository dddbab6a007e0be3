#pragma once
// Small-cell suppression for published counts. A count under the minimum (and not 0) is hidden,
// and so is whatever else would let a reader get it back by subtracting published figures from a
// published total: for every total still shown, the parts hidden under it must add up to at
// least the minimum, or more parts (the smallest first) or the total itself are hidden too.
// Zero is shown: it says nothing about a person.

#include <cstdint>
#include <vector>

namespace consentry {

struct Figure {
  int64_t value = 0;
  bool hidden = false;
};

// A published total and the published figures that add up to it. Parts not `hideable` (shown in
// another table that is protected on its own) are never hidden for this group's sake: the total
// is hidden instead.
struct FigureGroup {
  Figure* total = nullptr;
  std::vector<Figure*> parts;
  bool parts_hideable = true;
};

// Hides every figure of `groups` under `min_cell`, then more until no hidden figure can be
// recovered from a shown total; repeats over all groups until nothing changes (a figure may be in
// several groups). Returns how many figures it hid.
int64_t Suppress(const std::vector<FigureGroup>& groups, int64_t min_cell);

}  // namespace consentry
