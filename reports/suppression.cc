#include "reports/suppression.h"

#include <algorithm>

namespace consentry {
namespace {

bool Hide(Figure* f, int64_t* count) {
  if (f->hidden) return false;
  f->hidden = true;
  ++*count;
  return true;
}

// One pass over one group; true when it hid something.
bool Protect(const FigureGroup& g, int64_t min_cell, int64_t* count) {
  bool changed = false;
  for (Figure* f : g.parts) {
    if (f->value > 0 && f->value < min_cell) changed |= Hide(f, count);
  }
  if (g.total->value > 0 && g.total->value < min_cell) changed |= Hide(g.total, count);
  if (g.total->hidden) {
    // A hidden total whose parts are all shown is their sum: hide one of them as well.
    if (!g.parts_hideable) return changed;
    Figure* smallest = nullptr;
    for (Figure* f : g.parts) {
      if (f->hidden) return changed;
      if (f->value > 0 && (smallest == nullptr || f->value < smallest->value)) smallest = f;
    }
    if (smallest != nullptr) changed |= Hide(smallest, count);
    return changed;
  }
  int64_t hidden_sum = 0;
  bool any_hidden = false;
  for (const Figure* f : g.parts) {
    if (f->hidden) {
      hidden_sum += f->value;
      any_hidden = true;
    }
  }
  if (!any_hidden || hidden_sum >= min_cell) return changed;
  if (g.parts_hideable) {
    std::vector<Figure*> shown;
    for (Figure* f : g.parts) {
      if (!f->hidden && f->value > 0) shown.push_back(f);
    }
    std::sort(shown.begin(), shown.end(),
              [](const Figure* a, const Figure* b) { return a->value < b->value; });
    for (Figure* f : shown) {
      if (hidden_sum >= min_cell) break;
      hidden_sum += f->value;
      changed |= Hide(f, count);
    }
  }
  if (hidden_sum < min_cell) changed |= Hide(g.total, count);
  return changed;
}

}  // namespace

int64_t Suppress(const std::vector<FigureGroup>& groups, int64_t min_cell) {
  int64_t count = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (const FigureGroup& g : groups) changed |= Protect(g, min_cell, &count);
  }
  return count;
}

}  // namespace consentry
