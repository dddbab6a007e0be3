#include "server/query.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(ParseQueryTest, DecodesNamesAndValues) {
  using Map = std::map<std::string, std::string>;
  EXPECT_EQ(ParseQuery("/api/incidents"), Map{});
  EXPECT_EQ(ParseQuery("/x?state=open&limit=20&&flag"),
            (Map{{"state", "open"}, {"limit", "20"}, {"flag", ""}}));
  EXPECT_EQ(ParseQuery("/x?tenant=a%20b+c&d=%2F%zz&d=2"),
            (Map{{"tenant", "a b c"}, {"d", "2"}}));
  EXPECT_EQ(ParseQuery("/x?e=%4"), (Map{{"e", "%4"}}));  // a cut escape stays as it is
}

}  // namespace
}  // namespace consentry
