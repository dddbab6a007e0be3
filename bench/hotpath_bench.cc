// The engine's hot path over a RocksDB that already holds the state of many subjects: no Kafka,
// every built-in detector, outbound messages (and a share of consent decisions) whose subjects
// are drawn uniformly or with Zipf(s) popularity from all the preloaded subjects.
//
//   hotpath_bench --dir=PATH [--subjects=1000000] [--records=1000000] [--zipf=S]
//                 [--batch=5000] [--event-rate=1000] [--seed=42] [--cache-mb=N]
//                 [--block-cache-mb=N] [--hot-compression=lz4|none]
//                 [--perf-ctl=FIFO]
//
// Preload (once per --dir and --subjects into DIR/base, reused by later runs, each of which
// measures on a fresh copy in DIR/run): a consent ledger for every subject "subj-1".."subj-N"
// (a grant of email, sms and push marketing for tenant acme; every fiftieth subject withdrew it
// later), written in large batches, flushed and compacted, so the measured part reads a settled
// database as a long-running instance would.
//
// Measured: each batch is generated (not timed), then Engine::Process runs it (timed). Figures:
//   records/s       records / wall time inside Process (one engine thread)
//   records/s/core  records / CPU time: the engine thread inside Process plus every other
//                   thread of the process (RocksDB flushes and compactions) over the whole run
//   peak RSS        VmHWM of the process (the preload runs in a child, so it does not count)
//   read bytes/rec  RocksDB block bytes read from table files per record (perf context)
//   block cache     hit rate of RocksDB's block cache
//   subject cache   share of the subject keys a batch wanted that the engine's cache held
// and, last, one line: RESULT name=value ...
//
// --event-rate is how many records one second of event time holds: with the default 1,000 and
// batches of 5,000 most messages are judged in the batch that brought them (5 s of allowed
// lateness); raise it to see the cost of messages held past their batch.

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_engine.h"
#include "core/events.h"
#include "pipeline/engine.h"
#include "state/consent_ledger.h"
#include "state/keys.h"
#include "state/store.h"

namespace consentry {
namespace {

struct Flags {
  std::string dir;
  int64_t subjects = 1'000'000;
  int64_t records = 1'000'000;
  double zipf = 0;  // 0: uniform
  int64_t batch = 5000;
  int64_t event_rate = 1000;
  int64_t seed = 42;
  int64_t cache_mb = static_cast<int64_t>(EngineOptions{}.cache_bytes >> 20);
  int64_t block_cache_mb = static_cast<int64_t>(StoreOptions{}.block_cache_mb);
  // Of the tables the measured run writes; the preloaded ones keep theirs until compacted.
  StoreOptions::Compression hot_compression = StoreOptions{}.hot_compression;
  std::string perf_ctl;
};

[[noreturn]] void Usage(const std::string& why) {
  std::fprintf(stderr, "hotpath_bench: %s (see the comment at the top of hotpath_bench.cc)\n",
               why.c_str());
  std::exit(2);
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const size_t eq = arg.find('=');
    if (arg.substr(0, 2) != "--" || eq == std::string_view::npos) {
      Usage("flags are --name=value, not " + std::string(arg));
    }
    const std::string name(arg.substr(2, eq - 2));
    const std::string value(arg.substr(eq + 1));
    char* end = nullptr;
    if (name == "dir") {
      f.dir = value;
      continue;
    }
    if (name == "perf-ctl") {
      f.perf_ctl = value;
      continue;
    }
    if (name == "hot-compression") {
      if (value != "lz4" && value != "none") Usage("--hot-compression is lz4 or none");
      f.hot_compression =
          value == "lz4" ? StoreOptions::Compression::kLz4 : StoreOptions::Compression::kNone;
      continue;
    }
    if (name == "zipf") {
      f.zipf = std::strtod(value.c_str(), &end);
    } else {
      const int64_t n = std::strtoll(value.c_str(), &end, 10);
      if (name == "subjects") {
        f.subjects = n;
      } else if (name == "records") {
        f.records = n;
      } else if (name == "batch") {
        f.batch = n;
      } else if (name == "event-rate") {
        f.event_rate = n;
      } else if (name == "seed") {
        f.seed = n;
      } else if (name == "cache-mb") {
        f.cache_mb = n;
      } else if (name == "block-cache-mb") {
        f.block_cache_mb = n;
      } else {
        Usage("unknown flag --" + name);
      }
    }
    if (end == value.c_str() || *end != '\0') Usage("bad value for --" + name);
  }
  if (f.dir.empty()) Usage("--dir is required (the preloaded state is kept there)");
  if (f.subjects < 1 || f.records < 1 || f.batch < 1 || f.event_rate < 1 || f.zipf < 0 ||
      f.cache_mb < 0 || f.block_cache_mb < 1) {
    Usage("--subjects, --records, --batch, --event-rate and --block-cache-mb must be positive, "
          "--zipf and --cache-mb >= 0");
  }
  return f;
}

// 2026-06-01T00:00:00Z: preloaded decisions lie before it, messages after it.
constexpr int64_t kStartMicros = 1'780'272'000'000'000LL;
constexpr int64_t kDayMicros = 86'400'000'000LL;

std::string SubjectName(int64_t rank) { return "subj-" + std::to_string(rank); }

ConsentEvent Decision(const std::string& subject, int64_t micros, ConsentAction action) {
  ConsentEvent e;
  e.event_id = EventId("c-" + subject + "-" + std::to_string(micros));
  e.recorded_at = FromMicros(micros);
  e.tenant = TenantId("acme");
  e.subject = SubjectId(subject);
  e.action = action;
  e.channels.channels = {Channel::kEmail, Channel::kSms, Channel::kPush};
  e.purposes = {"marketing.communications"};
  e.legal_basis = LegalBasis::kConsent;
  e.method = ConsentMethod::kWebForm;
  return e;
}

std::filesystem::path BaseDir(const Flags& f) { return std::filesystem::path(f.dir) / "base"; }
std::filesystem::path RunDir(const Flags& f) { return std::filesystem::path(f.dir) / "run"; }

// Writes every subject's ledger into DIR/base unless it already holds this preload.
void Preload(const Flags& f) {
  const std::filesystem::path marker =
      std::filesystem::path(f.dir) / ("preloaded-v2-" + std::to_string(f.subjects));
  if (std::filesystem::exists(marker)) {
    std::printf("preload: reusing %s\n", BaseDir(f).c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(f.dir, ec);
  std::filesystem::create_directories(f.dir);
  const auto start = std::chrono::steady_clock::now();
  auto store = Store::Open(BaseDir(f), StoreOptions{});
  bench::Die(store.status(), "open store");
  StoreBatch writes;
  for (int64_t rank = 1; rank <= f.subjects; ++rank) {
    const std::string subject = SubjectName(rank);
    ConsentLedger ledger;
    const int64_t granted = kStartMicros - (30 + rank % 300) * kDayMicros;
    ledger.Insert(Decision(subject, granted, ConsentAction::kGrant));
    if (rank % 50 == 0) {
      ledger.Insert(Decision(subject, granted + 20 * kDayMicros, ConsentAction::kWithdraw));
    }
    writes.Put(Family::kConsent, ConsentKey(SubjectId(subject)), ledger.Encode());
    if (rank % 100'000 == 0 || rank == f.subjects) {
      bench::Die((*store)->Write(writes), "preload write");
      writes = StoreBatch();
      if (rank % 1'000'000 == 0) {
        std::fprintf(stderr, "preload: %lld subjects written\n", static_cast<long long>(rank));
      }
    }
  }
  bench::Die((*store)->FlushMemTables(), "preload flush");
  bench::Die((*store)->CompactFamily(Family::kConsent), "preload compaction");
  store->reset();
  std::FILE* m = std::fopen(marker.c_str(), "w");
  if (m != nullptr) std::fclose(m);
  std::printf("preload: %lld subjects' ledgers in %.1f s, %.0f MB on disk\n",
              static_cast<long long>(f.subjects), bench::Seconds(start),
              static_cast<double>(bench::DirBytes(BaseDir(f))) / 1e6);
}

// DIR/run: a copy of the preloaded store for one measured run (whose writes must not reach the
// next run). Table files are immutable, so they are hard links; the rest is copied.
void FreshRunDir(const Flags& f) {
  std::error_code ec;
  std::filesystem::remove_all(RunDir(f), ec);
  std::filesystem::create_directories(RunDir(f));
  for (const auto& e : std::filesystem::directory_iterator(BaseDir(f))) {
    const std::filesystem::path to = RunDir(f) / e.path().filename();
    if (e.path().extension() == ".sst") {
      std::filesystem::create_hard_link(e.path(), to);
    } else {
      std::filesystem::copy_file(e.path(), to);
    }
  }
}

// One batch of records: outbound messages to subjects drawn with the bench's popularity, every
// 20th record a consent decision of a uniformly drawn subject; first, the declarations of the
// campaigns the messages belong to. Channels, purposes and jurisdictions rotate so that every
// detector has work; event time moves by 1/event_rate s per record.
class Traffic {
 public:
  Traffic(const Flags& f) : f_(f), zipf_(f.subjects, f.zipf > 0 ? f.zipf : 1.0, f.seed) {}

  std::vector<InputRecord> Next(int64_t count) {
    std::vector<InputRecord> out;
    out.reserve(static_cast<size_t>(count));
    if (seq_ == 0) {
      // Every campaign declares what it sends, as a real tenant's do (the global table).
      for (int c = 0; c < kCampaigns; ++c) {
        out.push_back(InputRecord{
            "", 0, -1 - c, "",
            "{\"schema\":\"campaign.v1\",\"campaign_id\":\"camp-" + std::to_string(c) +
                "\",\"tenant\":\"acme\",\"declared_purposes\":[\"marketing.communications\","
                "\"essential.service.transactional\"],\"allowed_data_sources\":[\"first_party\"]}",
            std::nullopt});
      }
    }
    for (int64_t i = 0; i < count; ++i, ++seq_) {
      const bool decision = seq_ % 20 == 19;
      // Popularity is about receiving messages: a person's consent decisions are few whatever
      // they receive, so decisions go to uniformly drawn subjects. (Zipf-drawn decisions give the
      // hottest subjects ledgers of thousands of decisions, each scanned per message.)
      const std::string subject = SubjectName(decision ? PickUniform() : Pick());
      const int64_t micros = kStartMicros + seq_ * 1'000'000 / f_.event_rate;
      const std::string time = FormatRfc3339(FromMicros(micros));
      std::string line;
      if (decision) {
        const bool grant = seq_ % 40 == 19;
        line = "{\"schema\":\"consent.v1\",\"event_id\":\"c-" + std::to_string(seq_) +
               "\",\"recorded_at\":\"" + time + "\",\"tenant\":\"acme\",\"subject\":\"" +
               subject + "\",\"action\":\"" + (grant ? "grant" : "withdraw") +
               "\",\"channels\":[\"" + kChannels[seq_ % 3] +
               "\"],\"purposes\":[\"marketing\"],\"legal_basis\":\"consent\","
               "\"method\":\"web_form\",\"source\":\"first_party\"}";
      } else {
        const char* channel = kChannels[seq_ % 3];
        const bool marketing = seq_ % 10 < 8;
        line = "{\"schema\":\"outbound.v1\",\"event_id\":\"m-" + std::to_string(seq_) +
               "\",\"sent_at\":\"" + time + "\",\"tenant\":\"acme\",\"subject\":\"" + subject +
               "\",\"channel\":\"" + channel + "\",\"purpose\":\"" +
               (marketing ? std::string("marketing.communications.") + channel
                          : std::string("essential.service.transactional")) +
               "\",\"sender_id\":\"sender-" + std::to_string(seq_ % 16) +
               "\",\"campaign_id\":\"camp-" + std::to_string(seq_ % kCampaigns) +
               "\",\"jurisdiction\":\"" + kJurisdictions[seq_ % 5] +
               "\",\"content\":{\"fingerprint\":\"" + Fingerprint() +
               "\",\"template_id\":\"t-" + std::to_string(seq_ % 40) +
               "\",\"has_unsubscribe\":true,\"ai_generated\":false,\"length\":180},"
               "\"targeting\":{\"data_sources\":[\"first_party\"]}}";
      }
      out.push_back(InputRecord{"", 0, seq_, "", std::move(line), std::nullopt});
    }
    return out;
  }

 private:
  static constexpr int kCampaigns = 40;
  static constexpr const char* kChannels[] = {"email", "sms", "push"};
  static constexpr const char* kJurisdictions[] = {"DK", "US", "US-FL", "CA", "DE"};

  int64_t Pick() { return f_.zipf > 0 ? zipf_.Next() : PickUniform(); }
  int64_t PickUniform() {
    return 1 + static_cast<int64_t>(rng_() % static_cast<uint64_t>(f_.subjects));
  }
  std::string Fingerprint() {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(rng_()));
    return hex;
  }

  const Flags& f_;
  bench::ZipfSampler zipf_;
  std::mt19937_64 rng_{12345};
  int64_t seq_ = 0;
};

double ThreadCpuSeconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int Measure(const Flags& f) {
  FreshRunDir(f);
  auto store =
      Store::Open(RunDir(f), StoreOptions{.block_cache_mb = static_cast<size_t>(f.block_cache_mb),
                                          .hot_compression = f.hot_compression});
  bench::Die(store.status(), "open store");
  const Taxonomy taxonomy = Taxonomy::Default();
  const PolicySet policies = PolicySet::Default();
  const DetectorEnv env{taxonomy, policies};
  bench::CountingSink sink;
  SystemClock clock;
  EngineOptions options;
  options.replay = true;
  options.env = &env;
  options.cache_bytes = static_cast<size_t>(f.cache_mb) << 20;
  Engine engine(**store, bench::MakeDetectors(env), sink, clock, options);
  bench::Die(engine.Assign({{"", 0}}).status(), "assign");
  Traffic traffic(f);

  const ReadCounters reads_before = (*store)->ReadCountersOfThisThread();
  const int64_t rss_before = bench::ProcStatusBytes("VmRSS");
  double wall = 0, engine_cpu = 0;
  const double process_cpu_start = bench::ProcessCpuSeconds();
  const double thread_cpu_start = ThreadCpuSeconds();
  bench::PerfControl(f.perf_ctl, "enable");
  for (int64_t done = 0; done < f.records; done += f.batch) {
    const std::vector<InputRecord> batch = traffic.Next(std::min(f.batch, f.records - done));
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuSeconds();
    bench::Die(engine.Process(batch).status(), "process");
    engine_cpu += ThreadCpuSeconds() - cpu_start;
    wall += bench::Seconds(start);
  }
  {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuSeconds();
    bench::Die(engine.ReleaseAll(), "release");
    engine_cpu += ThreadCpuSeconds() - cpu_start;
    wall += bench::Seconds(start);
  }
  bench::PerfControl(f.perf_ctl, "disable");
  const double background_cpu = (bench::ProcessCpuSeconds() - process_cpu_start) -
                                (ThreadCpuSeconds() - thread_cpu_start);
  const ReadCounters reads = (*store)->ReadCountersOfThisThread() - reads_before;
  const EngineStats& s = engine.stats();
  const double records = static_cast<double>(s.records);
  const double per_core = records / (engine_cpu + background_cpu);
  const double read_per_record = static_cast<double>(reads.block_read_bytes) / records;
  const double block_hit =
      reads.block_cache_hits + reads.block_reads == 0
          ? 0
          : static_cast<double>(reads.block_cache_hits) /
                static_cast<double>(reads.block_cache_hits + reads.block_reads);
  const BatchOverlay::CacheStats cache = engine.cache_stats();
  const double cache_hit =
      cache.wanted == 0 ? 0 : static_cast<double>(cache.held) / static_cast<double>(cache.wanted);
  const int64_t peak_rss = bench::ProcStatusBytes("VmHWM");

  std::printf("workload     %lld subjects preloaded, %s, %lld records in batches of %lld, "
              "%lld records per event-time second\n",
              static_cast<long long>(f.subjects),
              f.zipf > 0 ? ("zipf " + std::to_string(f.zipf)).c_str() : "uniform",
              static_cast<long long>(s.records), static_cast<long long>(f.batch),
              static_cast<long long>(f.event_rate));
  std::printf("records/s    %.0f (wall, one engine thread)\n", records / wall);
  std::printf("per core     %.0f records per CPU second (engine %.2f s + background %.2f s)\n",
              per_core, engine_cpu, background_cpu);
  std::printf("judged       %lld messages, %lld alerts (%.1f MB of alert JSON), %lld held at end\n",
              static_cast<long long>(s.judged), static_cast<long long>(s.alerts),
              static_cast<double>(sink.alert_bytes) / 1e6, static_cast<long long>(engine.held()));
  for (const auto& [name, n] : s.alerts_by_detector) {
    std::printf("  alerts %-26s %lld\n", name.c_str(), static_cast<long long>(n));
  }
  std::printf("rocksdb      %.0f block bytes read per record, block cache hit rate %.3f\n",
              read_per_record, block_hit);
  std::printf("cache        %.3f of wanted subject keys held (%lld of %lld), %.0f MB held at "
              "the end (budget %lld MB)\n",
              cache_hit, static_cast<long long>(cache.held), static_cast<long long>(cache.wanted),
              static_cast<double>(cache.bytes) / 1e6, static_cast<long long>(f.cache_mb));
  std::printf("memory       peak RSS %.0f MB (%.0f MB after opening the store)\n",
              static_cast<double>(peak_rss) / 1e6, static_cast<double>(rss_before) / 1e6);
  std::printf("RESULT subjects=%lld zipf=%.2f records=%lld rate=%.0f rate_per_core=%.0f "
              "peak_rss_bytes=%lld read_bytes_per_record=%.0f block_cache_hit_rate=%.3f "
              "subject_cache_hit_rate=%.3f\n",
              static_cast<long long>(f.subjects), f.zipf, static_cast<long long>(s.records),
              records / wall, per_core, static_cast<long long>(peak_rss), read_per_record,
              block_hit, cache_hit);
  if (s.dlq != 0) {
    std::fprintf(stderr, "bench bug: %lld records went to the DLQ\n",
                 static_cast<long long>(s.dlq));
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace consentry

int main(int argc, char** argv) {
  const consentry::Flags f = consentry::ParseFlags(argc, argv);
  // The preload runs in a child process so that its memory does not count in the peak RSS.
  std::fflush(stdout);
  const pid_t child = ::fork();
  if (child == 0) {
    consentry::Preload(f);
    std::fflush(stdout);
    std::_Exit(0);
  }
  int status = 0;
  if (child < 0 || ::waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "hotpath_bench: the preload failed\n");
    return 1;
  }
  return consentry::Measure(f);
}
