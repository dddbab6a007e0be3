// The whole engine hot path without Kafka: Engine::Process in replay mode over a fresh RocksDB,
// with every built-in detector, fed GenerateTraffic's mixed stream in batches, and a sink that
// only counts. Prints records/s, messages judged/s and the engine's stats.
//
//   pipeline_bench [--subjects=200000] [--messages-per-subject=3] [--batch=5000] [--zipf=S]
//                  [--seed=42] [--dir=PATH] [--perf-ctl=FIFO]
//
// Flags also take their value as the next argument (--zipf 0.99). Without --zipf each subject
// has its own scenario (the generator's layout, every subject equally busy). With --zipf the
// subject of every outbound message is re-drawn from a Zipf(S) popularity over the subjects
// (the "subject" field of the JSON is rewritten; expected verdicts no longer hold, the load
// does). Without --dir the database goes to a fresh temporary directory removed at the end.
// Build with -DCMAKE_BUILD_TYPE=Release for meaningful figures.
//
// To profile only the timed part (not the generator): mkfifo /tmp/ctl, then
//   perf record -g -D -1 --control fifo:/tmp/ctl -- pipeline_bench --perf-ctl=/tmp/ctl
// The bench writes "enable" to FIFO when timing starts and "disable" when it stops.

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_engine.h"
#include "gen/traffic.h"
#include "kafka/record.h"
#include "pipeline/engine.h"
#include "pipeline/sink.h"
#include "state/store.h"

namespace consentry {
namespace {

struct Flags {
  int64_t subjects = 200'000;
  int64_t messages_per_subject = 3;
  int64_t batch = 5000;
  double zipf = 0;  // 0: the generator's uniform layout
  int64_t seed = 42;
  std::string dir;
  std::string perf_ctl;  // perf record --control fifo
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr, "%s (see the comment at the top of pipeline_bench.cc)\n", why);
  std::exit(2);
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string name(arg), value;
    if (const size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = std::string(arg.substr(0, eq));
      value = std::string(arg.substr(eq + 1));
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      Usage(("flag " + name + " needs a value").c_str());
    }
    char* end = nullptr;
    if (name == "--subjects") {
      f.subjects = std::strtoll(value.c_str(), &end, 10);
    } else if (name == "--messages-per-subject") {
      f.messages_per_subject = std::strtoll(value.c_str(), &end, 10);
    } else if (name == "--batch") {
      f.batch = std::strtoll(value.c_str(), &end, 10);
    } else if (name == "--zipf") {
      f.zipf = std::strtod(value.c_str(), &end);
    } else if (name == "--seed") {
      f.seed = std::strtoll(value.c_str(), &end, 10);
    } else if (name == "--dir") {
      f.dir = value;
      continue;
    } else if (name == "--perf-ctl") {
      f.perf_ctl = value;
      continue;
    } else {
      Usage(("unknown flag " + name).c_str());
    }
    if (end == value.c_str() || *end != '\0') Usage(("bad value for " + name).c_str());
  }
  if (f.subjects < 1 || f.subjects > 2'000'000'000 || f.messages_per_subject < 0 ||
      f.batch < 1 || f.zipf < 0) {
    Usage("--subjects and --batch must be positive, --messages-per-subject and --zipf >= 0");
  }
  return f;
}

using bench::Die;
using bench::Seconds;

double CpuSeconds(std::clock_t since) {
  return static_cast<double>(std::clock() - since) / CLOCKS_PER_SEC;
}

// Rewrites the subject of every outbound.v1 line; returns how many distinct subjects remain.
int64_t RedrawSubjects(std::vector<std::string>& lines, const Flags& f) {
  constexpr std::string_view kOutbound = R"("schema":"outbound.v1")";
  constexpr std::string_view kSubject = R"("subject":")";
  bench::ZipfSampler picker(f.subjects, f.zipf, static_cast<uint64_t>(f.seed) + 1);
  std::vector<bool> seen(f.subjects);
  int64_t distinct = 0;
  for (std::string& line : lines) {
    if (line.find(kOutbound) == std::string::npos) continue;
    const size_t at = line.find(kSubject);
    if (at == std::string::npos) continue;  // a malformed line: leave it as it is
    const size_t begin = at + kSubject.size();
    const size_t end = line.find('"', begin);
    if (end == std::string::npos) continue;
    const int64_t subject = picker.Next() - 1;
    distinct += !seen[subject];
    seen[subject] = true;
    line.replace(begin, end - begin, "subj-" + std::to_string(subject));
  }
  return distinct;
}

int Run(const Flags& f) {
  // Input, outside the timed part.
  auto start = std::chrono::steady_clock::now();
  GenOptions gen;
  gen.seed = static_cast<uint64_t>(f.seed);
  gen.subjects = static_cast<int>(f.subjects);
  gen.messages_per_subject = static_cast<int>(f.messages_per_subject);
  GeneratedTraffic traffic = GenerateTraffic(gen);
  size_t bytes = 0;
  for (const std::string& line : traffic.lines) bytes += line.size();
  std::printf("input: %zu lines (%zu labelled), avg %.0f bytes, generated in %.2f s\n",
              traffic.lines.size(), traffic.labels.size(),
              static_cast<double>(bytes) / std::max<size_t>(traffic.lines.size(), 1),
              Seconds(start));
  if (f.zipf > 0) {
    const int64_t distinct = RedrawSubjects(traffic.lines, f);
    std::printf("zipf %.2f: outbound subjects re-drawn, %lld distinct of %lld\n", f.zipf,
                static_cast<long long>(distinct), static_cast<long long>(f.subjects));
  } else {
    std::printf("uniform: the generator's one scenario per subject\n");
  }
  std::vector<std::vector<InputRecord>> batches;
  const int64_t records = static_cast<int64_t>(traffic.lines.size());
  for (int64_t i = 0; i < records; ++i) {
    if (i % f.batch == 0) {
      batches.emplace_back();
      batches.back().reserve(static_cast<size_t>(std::min(f.batch, records - i)));
    }
    batches.back().push_back(InputRecord{"", 0, i, "", std::move(traffic.lines[i]), std::nullopt});
  }
  traffic = {};

  const bool temp = f.dir.empty();
  const std::string dir = temp ? bench::MakeTempDir("pipeline_bench") : f.dir;
  int rc = 0;
  {
    auto store = Store::Open(dir, StoreOptions{});
    Die(store.status(), "open store");
    const Taxonomy taxonomy = Taxonomy::Default();
    const PolicySet policies = PolicySet::Default();
    bench::CountingSink sink;
    SystemClock clock;
    const DetectorEnv env{taxonomy, policies};
    EngineOptions options;
    options.replay = true;
    options.env = &env;  // count honouring delays, as `run` and `replay` do
    Engine engine(**store, bench::MakeDetectors(env), sink, clock, options);
    Die(engine.Assign({{"", 0}}).status(), "assign");

    // The timed part: every batch, then the end-of-input release.
    bench::PerfControl(f.perf_ctl, "enable");
    start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    for (const auto& batch : batches) Die(engine.Process(batch).status(), "process");
    const double process_s = Seconds(start);
    const int64_t judged_in_process = engine.stats().judged;
    const size_t held_at_end = engine.held();
    Die(engine.ReleaseAll(), "release");
    const double wall = Seconds(start);
    const double cpu = CpuSeconds(cpu_start);
    bench::PerfControl(f.perf_ctl, "disable");

    const EngineStats& s = engine.stats();
    std::printf("records      %lld in %zu batches of %lld\n", static_cast<long long>(records),
                batches.size(), static_cast<long long>(f.batch));
    std::printf("seconds      wall %.3f (Process %.3f, ReleaseAll %.3f), cpu %.3f\n", wall,
                process_s, wall - process_s, cpu);
    std::printf("records/s    %.0f wall, %.0f cpu\n", records / wall, records / cpu);
    std::printf("judged/s     %.0f wall, %.0f cpu (%lld judged, %lld of them in Process)\n",
                s.judged / wall, s.judged / cpu, static_cast<long long>(s.judged),
                static_cast<long long>(judged_in_process));
    std::printf("alerts       %lld (sink %lld), dlq %lld (sink %lld), flushes %lld\n",
                static_cast<long long>(s.alerts), static_cast<long long>(sink.alerts),
                static_cast<long long>(s.dlq), static_cast<long long>(sink.dlq),
                static_cast<long long>(sink.flushes));
    std::printf("stats        records=%lld outbound=%lld consent=%lld campaigns=%lld dlq=%lld "
                "judged=%lld alerts=%lld held_before_release=%zu held_after=%zu\n",
                static_cast<long long>(s.records), static_cast<long long>(s.outbound),
                static_cast<long long>(s.consent), static_cast<long long>(s.campaigns),
                static_cast<long long>(s.dlq), static_cast<long long>(s.judged),
                static_cast<long long>(s.alerts), held_at_end, engine.held());
    for (const auto& [name, n] : s.alerts_by_detector) {
      std::printf("  alerts %-24s %lld\n", name.c_str(), static_cast<long long>(n));
    }
    for (const auto& [reason, n] : s.dlq_by_reason) {
      std::printf("  dlq    %-24s %lld\n", reason.c_str(), static_cast<long long>(n));
    }
    std::printf("state dir    %.1f MB on disk\n", static_cast<double>(bench::DirBytes(dir)) / 1e6);
    if (s.records != records) {
      std::fprintf(stderr, "bench bug: the engine saw %lld of %lld records\n",
                   static_cast<long long>(s.records), static_cast<long long>(records));
      rc = 1;
    }
  }
  if (temp) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return rc;
}

}  // namespace
}  // namespace consentry

int main(int argc, char** argv) { return consentry::Run(consentry::ParseFlags(argc, argv)); }
