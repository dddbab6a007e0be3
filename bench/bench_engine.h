#pragma once
// What the engine benchmarks (pipeline_bench, hotpath_bench) share: a sink that encodes and
// counts, Zipf sampling, the detector set, perf control and process figures.

#include <stdlib.h>
#include <time.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "bench/bench_util.h"
#include "detectors/registry.h"
#include "pipeline/sink.h"

namespace consentry::bench {

// Encodes every alert to its alert.v1 JSON, as the Kafka sink does before producing it, and
// keeps nothing but counts.
class CountingSink final : public Sink {
 public:
  Status Emit(const Alert& alert) override {
    ++alerts;
    alert_bytes += static_cast<int64_t>(ToJson(alert).size());
    return Status::Ok();
  }
  Status Emit(const DlqEntry&) override {
    ++dlq;
    return Status::Ok();
  }
  Status Emit(const SenderRecord&) override {
    ++sender;
    return Status::Ok();
  }
  Status Emit(const StatsRecord&) override { return Status::Ok(); }
  Status Commit(StoreBatch&, const std::map<TopicPartition, int64_t>&) override {
    ++flushes;
    return Status::Ok();
  }
  int64_t alerts = 0, alert_bytes = 0, dlq = 0, sender = 0, flushes = 0;
};

// Zipf(s) ranks 1..n by rejection-inversion (Hörmann and Derflinger, 1996): O(1) memory and time
// per draw, so 10M subjects cost no table.
class ZipfSampler {
 public:
  ZipfSampler(int64_t n, double s, uint64_t seed)
      : n_(static_cast<double>(n)), s_(s), rng_(seed) {
    h_x1_ = HIntegral(1.5) - 1.0;
    h_n_ = HIntegral(n_ + 0.5);
    sv_ = 2.0 - HIntegralInverse(HIntegral(2.5) - H(2.0));
  }
  // A rank in [1, n]; rank 1 is the most popular.
  int64_t Next() {
    for (;;) {
      const double u = h_n_ + unit_(rng_) * (h_x1_ - h_n_);
      const double x = HIntegralInverse(u);
      double k = std::floor(x + 0.5);
      k = std::clamp(k, 1.0, n_);
      if (k - x <= sv_ || u >= HIntegral(k + 0.5) - H(k)) return static_cast<int64_t>(k);
    }
  }

 private:
  double H(double x) const { return std::exp(-s_ * std::log(x)); }
  double HIntegral(double x) const {
    const double log_x = std::log(x);
    return Helper2((1.0 - s_) * log_x) * log_x;
  }
  double HIntegralInverse(double x) const {
    double t = x * (1.0 - s_);
    if (t < -1.0) t = -1.0;
    return std::exp(Helper1(t) * x);
  }
  static double Helper1(double x) {  // log1p(x) / x
    return std::abs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }
  static double Helper2(double x) {  // expm1(x) / x
    return std::abs(x) > 1e-8 ? std::expm1(x) / x
                              : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
  }

  double n_, s_;
  double h_x1_, h_n_, sv_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> unit_{0.0, 1.0};
};

// Every built-in detector with its default parameters, named on stdout.
inline std::vector<std::unique_ptr<Detector>> MakeDetectors(const DetectorEnv& env) {
  DetectorRegistry registry;
  RegisterBuiltinDetectors(registry);
  std::vector<std::unique_ptr<Detector>> detectors;
  std::printf("detectors:");
  for (const std::string& name : registry.Names()) {
    auto d = registry.Create(name, {}, env);
    Die(d.status(), name.c_str());
    detectors.push_back(std::move(*d));
    std::printf(" %s", name.c_str());
  }
  std::printf("\n");
  return detectors;
}

// Tells `perf record --control fifo:PATH` to enable or disable its events; no-op without a path.
inline void PerfControl(const std::string& fifo, const char* command) {
  if (fifo.empty()) return;
  std::FILE* ctl = std::fopen(fifo.c_str(), "w");
  if (ctl == nullptr) {
    std::fprintf(stderr, "cannot open --perf-ctl %s\n", fifo.c_str());
    std::exit(1);
  }
  std::fprintf(ctl, "%s\n", command);
  std::fclose(ctl);
}

inline std::string MakeTempDir(const char* prefix) {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    std::fprintf(stderr, "cannot create a temporary directory\n");
    std::exit(1);
  }
  return tmpl;
}

inline uint64_t DirBytes(const std::string& dir) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) bytes += e.file_size(ec);
  }
  return bytes;
}

// CPU time of the whole process (every thread: RocksDB's flushes and compactions included).
inline double ProcessCpuSeconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// A "Name:   123 kB" line of /proc/self/status, in bytes (0 when absent).
inline int64_t ProcStatusBytes(const char* name) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(name) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::atoll(line.c_str() + prefix.size()) * 1024;
  }
  return 0;
}

}  // namespace consentry::bench
