#pragma once
// Small helpers the benchmark programs share.

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/status.h"

namespace consentry::bench {

// Benchmarks stop at the first failure: a figure measured after an error means nothing.
inline void Die(const Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
  std::exit(1);
}

inline double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace consentry::bench
