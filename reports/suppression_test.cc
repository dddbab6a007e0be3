#include "reports/suppression.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>

namespace consentry {
namespace {

// What a reader learns from a shown total: the sum of its hidden parts. It must be 0 (nothing
// hidden) or at least the minimum; a hidden total must not be the sum of shown parts alone.
void ExpectNothingRecoverable(const std::vector<FigureGroup>& groups, int64_t min_cell) {
  for (const FigureGroup& g : groups) {
    int64_t hidden = 0;
    bool any_hidden = false;
    for (const Figure* f : g.parts) {
      if (f->hidden) {
        hidden += f->value;
        any_hidden = true;
      }
      if (!f->hidden) EXPECT_FALSE(f->value > 0 && f->value < min_cell) << f->value << " shown";
    }
    if (g.total->hidden) {
      EXPECT_TRUE(any_hidden || !g.parts_hideable) << "a hidden total is the sum of shown parts";
    } else {
      EXPECT_FALSE(g.total->value > 0 && g.total->value < min_cell);
      EXPECT_TRUE(!any_hidden || hidden >= min_cell)
          << "total " << g.total->value << " less the shown parts gives " << hidden;
    }
  }
}

TEST(SuppressionTest, EveryCountFromOneToNineIsHiddenAndNoneRecoverable) {
  std::deque<Figure> figures;
  const auto add = [&](int64_t v) { return &figures.emplace_back(Figure{v}); };
  std::vector<FigureGroup> groups;
  // One group per small value: it beside a large and a medium part.
  for (int64_t small = 1; small <= 9; ++small) {
    Figure* a = add(small);
    Figure* b = add(40);
    Figure* c = add(12);
    groups.push_back({.total = add(small + 40 + 12), .parts = {a, b, c}});
  }
  // Two small parts that add up to 10 or more: both hidden, nothing else needed.
  groups.push_back({.total = add(3 + 8 + 50), .parts = {add(3), add(8), add(50)}});
  // A total that is itself small, and a group whose parts are all small.
  groups.push_back({.total = add(7), .parts = {add(3), add(4)}});
  groups.push_back({.total = add(12), .parts = {add(6), add(6)}});
  const int64_t hidden = Suppress(groups, 10);
  EXPECT_GT(hidden, 9);
  for (const Figure& f : figures) {
    if (f.value >= 1 && f.value <= 9) EXPECT_TRUE(f.hidden) << f.value << " shown";
  }
  ExpectNothingRecoverable(groups, 10);
  // The 3 and 8 of their group cover each other: the 50 stays.
  EXPECT_FALSE(groups[9].parts[2]->hidden);
  // 6 + 6 = 12 shown as a total is fine: both parts hidden, their sum is 12.
  EXPECT_FALSE(groups[11].total->hidden);
}

TEST(SuppressionTest, ZeroIsShownAndLargeCountsAreLeftAlone) {
  Figure total{100}, a{0}, b{100};
  const std::vector<FigureGroup> groups = {{.total = &total, .parts = {&a, &b}}};
  EXPECT_EQ(Suppress(groups, 10), 0);
  EXPECT_FALSE(a.hidden || b.hidden || total.hidden);
}

TEST(SuppressionTest, PartsThatMayNotBeHiddenHideTheTotal) {
  Figure total{25}, small{5}, other{20};
  const std::vector<FigureGroup> groups = {
      {.total = &total, .parts = {&small, &other}, .parts_hideable = false}};
  Suppress(groups, 10);
  EXPECT_TRUE(small.hidden);
  EXPECT_FALSE(other.hidden);
  EXPECT_TRUE(total.hidden);
}

// Nested tables (rows under per-detector totals under a grand total), random small and large
// counts: whatever the layout, nothing under the minimum shows and nothing can be recovered.
TEST(SuppressionTest, RandomNestedTablesLeaveNothingRecoverable) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::deque<Figure> figures;
    std::vector<FigureGroup> groups;
    FigureGroup top{.total = &figures.emplace_back()};
    const int detectors = 1 + static_cast<int>(rng() % 4);
    for (int d = 0; d < detectors; ++d) {
      FigureGroup rows{.total = &figures.emplace_back()};
      const int n = 1 + static_cast<int>(rng() % 5);
      for (int i = 0; i < n; ++i) {
        const int64_t v = rng() % 3 == 0 ? 1 + rng() % 9 : rng() % 60;
        rows.parts.push_back(&figures.emplace_back(Figure{v}));
        rows.total->value += v;
      }
      top.parts.push_back(rows.total);
      top.total->value += rows.total->value;
      groups.push_back(rows);
    }
    groups.push_back(top);
    Suppress(groups, 10);
    ExpectNothingRecoverable(groups, 10);
  }
}

}  // namespace
}  // namespace consentry
