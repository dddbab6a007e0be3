#pragma once
// Status assertions for the kafka/ tests that print the failing status.

#include <gtest/gtest.h>

#include "core/status.h"

#ifndef CONSENTRY_ASSERT_OK
#define CONSENTRY_ASSERT_OK(expr)                             \
  do {                                                        \
    const ::consentry::Status s_ = (expr);                    \
    ASSERT_TRUE(s_.ok()) << #expr << ": " << s_.ToString();   \
  } while (0)
#endif
#ifndef CONSENTRY_EXPECT_OK
#define CONSENTRY_EXPECT_OK(expr)                             \
  do {                                                        \
    const ::consentry::Status s_ = (expr);                    \
    EXPECT_TRUE(s_.ok()) << #expr << ": " << s_.ToString();   \
  } while (0)
#endif
