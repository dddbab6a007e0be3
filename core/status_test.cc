#include "core/status.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd");
  return x / 2;
}

Status Quarter(int x, int& out) {
  CONSENTRY_ASSIGN_OR_RETURN(int h, Half(x));
  CONSENTRY_ASSIGN_OR_RETURN(out, Half(h));
  return Status::Ok();
}

TEST(StatusTest, OkAndErrorsPrintTheirCode) {
  EXPECT_TRUE(Status::Ok().ok());
  EXPECT_EQ(Status::Ok().ToString(), "OK");
  const Status s = Unavailable("broker down");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "UNAVAILABLE: broker down");
  EXPECT_EQ(s.WithContext("producing").ToString(), "UNAVAILABLE: producing: broker down");
}

TEST(StatusTest, AssignOrReturnPropagates) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, out).ok());
  EXPECT_EQ(out, 2);
  const Status s = Quarter(6, out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

TEST(StatusTest, StatusOrFromOkStatusIsAnInternalError) {
  StatusOr<int> v(Status::Ok());
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInternal);
}

TEST(StatusDeathTest, ValueOfFailedStatusOrAborts) {
  StatusOr<int> v(NotFound("x"));
  EXPECT_DEATH((void)v.value(), "failed StatusOr");
}

}  // namespace
}  // namespace consentry
