// Measures the hot-path read of consentry's state: BatchOverlay::Load (one RocksDB MultiGet per
// batch) over N subjects' consent ledgers, for batches of subjects drawn uniformly and with a
// Zipf(0.99) popularity.
//
//   state_bench [--subjects=1000000] [--batches=300] [--batch=1024] [--decisions=2]
//               [--dir=PATH [--skip_load]] [--cache_mb=256] [--no_compression]
//
// Without --dir the database goes to a fresh temporary directory that is removed at the end.
// Build with -DCMAKE_BUILD_TYPE=Release for meaningful figures.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_util.h"
#include "state/overlay.h"
#include "state/store.h"

namespace consentry {
namespace {

struct Flags {
  int64_t subjects = 1'000'000;
  int64_t batches = 300;
  int64_t batch = 1024;
  int64_t decisions = 2;
  int64_t cache_mb = 256;
  bool no_compression = false;
  bool skip_load = false;  // reuse the ledgers already in --dir
  std::string dir;
};

bool ParseInt(std::string_view arg, std::string_view name, int64_t* out) {
  if (!arg.starts_with(name) || arg.size() <= name.size()) return false;
  *out = std::strtoll(std::string(arg.substr(name.size())).c_str(), nullptr, 10);
  return true;
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (ParseInt(a, "--subjects=", &f.subjects) || ParseInt(a, "--batches=", &f.batches) ||
        ParseInt(a, "--batch=", &f.batch) || ParseInt(a, "--decisions=", &f.decisions) ||
        ParseInt(a, "--cache_mb=", &f.cache_mb)) {
      continue;
    }
    if (a == "--no_compression") {
      f.no_compression = true;
    } else if (a == "--skip_load") {
      f.skip_load = true;
    } else if (a.starts_with("--dir=")) {
      f.dir = std::string(a.substr(6));
    } else {
      std::fprintf(stderr, "unknown flag %s (see the comment at the top of state_bench.cc)\n",
                   argv[i]);
      std::exit(2);
    }
  }
  if (f.subjects < 1 || f.batch < 1 || f.batches < 1 || f.decisions < 0) {
    std::fprintf(stderr, "--subjects, --batch and --batches must be positive\n");
    std::exit(2);
  }
  return f;
}

SubjectId SubjectAt(int64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "subj-%010lld", static_cast<long long>(i));
  return SubjectId(buf);
}

ConsentEvent Decision(const SubjectId& subject, int64_t i, int64_t k) {
  ConsentEvent e;
  e.event_id = EventId("evt-" + std::to_string(i) + "-" + std::to_string(k));
  e.recorded_at = FromMicros(1'700'000'000'000'000 + k * 86'400'000'000 + i);
  e.tenant = TenantId("acme");
  e.subject = subject;
  e.action = k % 3 == 2 ? ConsentAction::kWithdraw : ConsentAction::kGrant;
  e.channels.channels = {Channel::kEmail, Channel::kSms};
  e.purposes = {"marketing.communications.email", "marketing.communications.sms"};
  e.legal_basis = LegalBasis::kConsent;
  e.method = ConsentMethod::kDoubleOptIn;
  e.evidence_receipt_id = "rcpt-" + std::to_string(i);
  e.evidence_notice_version = "2026-01";
  return e;
}

using bench::Die;
using bench::Seconds;

void Load(Store& store, const Flags& f) {
  const auto start = std::chrono::steady_clock::now();
  StoreBatch batch;
  size_t bytes = 0;
  for (int64_t i = 0; i < f.subjects; ++i) {
    const SubjectId s = SubjectAt(i);
    ConsentLedger ledger;
    for (int64_t k = 0; k < f.decisions; ++k) (void)ledger.Insert(Decision(s, i, k));
    const std::string value = ledger.Encode();
    bytes += value.size();
    batch.Put(Family::kConsent, ConsentKey(s), value);
    if (batch.size() == 1000 || i + 1 == f.subjects) {
      Die(store.Write(batch), "write");
      batch.Clear();
    }
  }
  Die(store.FlushMemTables(), "flush");
  const double secs = Seconds(start);
  std::printf("loaded %lld ledgers (%.0f bytes each) in %.2f s: %.0f ledgers/s\n",
              static_cast<long long>(f.subjects), static_cast<double>(bytes) / f.subjects, secs,
              f.subjects / secs);
}

// Draws subject indices; Zipf ranks are mapped through a permutation so hot subjects are spread
// over the key space rather than clustered at its start.
class Picker {
 public:
  Picker(int64_t n, double zipf_s, uint64_t seed) : rng_(seed), uniform_(0, n - 1) {
    if (zipf_s <= 0) return;
    cdf_.resize(n);
    double sum = 0;
    for (int64_t r = 0; r < n; ++r) {
      sum += 1.0 / std::pow(static_cast<double>(r + 1), zipf_s);
      cdf_[r] = sum;
    }
    for (auto& c : cdf_) c /= sum;
    permutation_.resize(n);
    for (int64_t i = 0; i < n; ++i) permutation_[i] = i;
    std::shuffle(permutation_.begin(), permutation_.end(), rng_);
  }
  int64_t Next() {
    if (cdf_.empty()) return uniform_(rng_);
    const double u = unit_(rng_);
    const auto rank = std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin();
    return permutation_[std::min<int64_t>(rank, permutation_.size() - 1)];
  }

 private:
  std::mt19937_64 rng_;
  std::uniform_int_distribution<int64_t> uniform_;
  std::uniform_real_distribution<double> unit_{0.0, 1.0};
  std::vector<double> cdf_;
  std::vector<int64_t> permutation_;
};

// The same lookups straight through Store::MultiGet, without decoding: the RocksDB share.
void MeasureRaw(Store& store, const Flags& f) {
  Picker picker(f.subjects, 0, 7);
  std::vector<std::vector<std::string>> batches(f.batches);
  for (auto& b : batches) {
    for (int64_t i = 0; i < f.batch; ++i) b.push_back(ConsentKey(SubjectAt(picker.Next())));
  }
  std::vector<std::optional<std::string>> values;
  int64_t hits = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& b : batches) {
    Die(store.MultiGet(Family::kConsent, b, &values), "multiget");
    for (const auto& v : values) hits += v.has_value();
  }
  const double secs = Seconds(start);
  std::printf("raw      batches=%lld x %lld: %.0f keys/s (Store::MultiGet only), hits %lld\n",
              static_cast<long long>(f.batches), static_cast<long long>(f.batch),
              f.batches * f.batch / secs, static_cast<long long>(hits));
}

void Measure(Store& store, const Flags& f, const char* name, double zipf_s) {
  Picker picker(f.subjects, zipf_s, 42);
  BatchOverlay overlay;
  std::vector<std::vector<SubjectId>> batches(f.batches);
  for (auto& b : batches) {
    b.reserve(f.batch);
    for (int64_t i = 0; i < f.batch; ++i) b.push_back(SubjectAt(picker.Next()));
  }
  int64_t requested = 0, unique = 0, decisions = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& b : batches) {
    overlay.Clear();
    for (const SubjectId& s : b) overlay.WantLedger(s);
    Die(overlay.Load(store), "load");
    requested += static_cast<int64_t>(b.size());
    unique += static_cast<int64_t>(overlay.loaded_entries());
    decisions += static_cast<int64_t>(overlay.Ledger(b.front()).decisions().size());
  }
  const double secs = Seconds(start);
  std::printf(
      "%-8s batches=%lld x %lld: %.0f subjects/s, %.0f distinct keys/s (MultiGet+decode), "
      "%.1f distinct keys per batch, %.2f ms per batch\n",
      name, static_cast<long long>(f.batches), static_cast<long long>(f.batch), requested / secs,
      unique / secs, static_cast<double>(unique) / f.batches, 1e3 * secs / f.batches);
  if (decisions == 0 && f.decisions > 0) std::printf("  (warning: ledgers came back empty)\n");
}

int Main(int argc, char** argv) {
  const Flags f = ParseFlags(argc, argv);
  const bool temporary = f.dir.empty();
  const std::string dir =
      temporary ? (std::filesystem::temp_directory_path() /
                   ("consentry-state-bench-" + std::to_string(::getpid())))
                      .string()
                : f.dir;
  StoreOptions options;
  options.block_cache_mb = static_cast<size_t>(f.cache_mb);
  if (f.no_compression) options.hot_compression = StoreOptions::Compression::kNone;
  {
    auto opened = Store::Open(dir, options);
    Die(opened.status(), "open");
    std::unique_ptr<Store> store = std::move(opened).value();
    std::printf("store %s, hot compression %s, block cache %lld MiB\n", dir.c_str(),
                store->hot_compression() == StoreOptions::Compression::kLz4 ? "lz4" : "none",
                static_cast<long long>(f.cache_mb));
    if (!f.skip_load) Load(*store, f);
    // Warm-up pass (fills the block cache the way a running instance would have it).
    Measure(*store, f, "warmup", 0);
    MeasureRaw(*store, f);
    Measure(*store, f, "uniform", 0);
    Measure(*store, f, "zipf0.99", 0.99);
  }
  if (temporary) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace consentry

int main(int argc, char** argv) { return consentry::Main(argc, argv); }
