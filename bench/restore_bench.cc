// Restore from the changelog, measured: the consent state of N subjects (one ledger of two
// decisions each, about 150 bytes, as the subject stage mirrors it) is written to a changelog
// topic on a real broker, then restored into an empty store the way a new owner of the
// partitions does (app/changelog_restore.h). Prints the write and restore rates and, last,
//   RESULT restore_seconds=... restore_rate=... records=... peak_rss_bytes=...
//
//   CONSENTRY_BOOTSTRAP=127.0.0.1:PORT build/bench/restore_bench [SUBJECTS] [STATE_DIR]
// (bench/restore.sh starts a broker and runs it with 10M subjects.)

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/changelog_restore.h"
#include "bench/bench_util.h"
#include "core/partitioner.h"
#include "kafka/admin.h"
#include "kafka/producer.h"
#include "state/changelog.h"
#include "state/consent_ledger.h"
#include "state/keys.h"
#include "state/store.h"

namespace consentry {
namespace {

constexpr int32_t kPartitions = 4;

ConsentEvent Decision(const std::string& subject, int i, ConsentAction action) {
  ConsentEvent e;
  e.event_id = EventId("c-" + subject + "-" + std::to_string(i));
  e.recorded_at = FromMicros(1'772'409'600'000'000LL + i * 86'400'000'000LL);
  e.tenant = TenantId("acme");
  e.subject = SubjectId(subject);
  e.action = action;
  e.channels.all = true;
  e.purposes = {"marketing.communications"};
  e.method = ConsentMethod::kWebForm;
  return e;
}

int Main(int argc, char** argv) {
  const int64_t subjects = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  const std::string dir = argc > 2 ? argv[2] : "/tmp/consentry-restore-bench";
  const char* bootstrap = std::getenv("CONSENTRY_BOOTSTRAP");
  if (bootstrap == nullptr) {
    std::fprintf(stderr, "restore_bench: set CONSENTRY_BOOTSTRAP (bench/restore.sh does)\n");
    return 2;
  }
  const kafka::Settings settings = {{"bootstrap.servers", bootstrap}};
  const std::string topic = "restore-bench.changelog";
  bench::Die(kafka::CreateTopics(settings, {{topic, kPartitions, true}}), "create topic");

  auto producer = kafka::Producer::Create(settings);
  bench::Die(producer.status(), "producer");
  const auto write_start = std::chrono::steady_clock::now();
  int64_t bytes = 0;
  for (int64_t n = 0; n < subjects; ++n) {
    const std::string subject = "subject-" + std::to_string(n);
    ConsentLedger ledger;
    ledger.Insert(Decision(subject, 0, ConsentAction::kGrant));
    ledger.Insert(Decision(subject, 1, n % 5 == 0 ? ConsentAction::kWithdraw : ConsentAction::kGrant));
    const std::string key = ChangelogKey(Family::kConsent, ConsentKey(SubjectId(subject)));
    const std::string value = ledger.Encode();
    bytes += static_cast<int64_t>(key.size() + value.size());
    bench::Die((*producer)->Produce(topic, KafkaPartition(subject, kPartitions), key, value),
               "produce");
    if (n > 0 && n % 1'000'000 == 0) {
      std::fprintf(stderr, "restore_bench: %lld records written\n", static_cast<long long>(n));
    }
  }
  bench::Die((*producer)->Flush(std::chrono::minutes(5)), "flush");
  const double write_s = bench::Seconds(write_start);
  std::printf("write:   %lld records (%.0f bytes each) in %.1f s (%.0f records/s)\n",
              static_cast<long long>(subjects), static_cast<double>(bytes) / subjects, write_s,
              subjects / write_s);

  std::filesystem::remove_all(dir);
  auto store = Store::Open(dir, StoreOptions{});
  bench::Die(store.status(), "open store");
  std::vector<int32_t> all;
  for (int32_t p = 0; p < kPartitions; ++p) all.push_back(p);
  auto stats = RestoreFromChangelog(**store, settings, topic, kPartitions, all);
  bench::Die(stats.status(), "restore");
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  const int64_t rss = static_cast<int64_t>(usage.ru_maxrss) * 1024;
  std::printf("restore: %lld records in %.1f s (%.0f records/s), peak RSS %.0f MB\n",
              static_cast<long long>(stats->records), stats->seconds,
              stats->records / stats->seconds, rss / 1e6);
  std::printf("RESULT restore_seconds=%.1f restore_rate=%.0f records=%lld peak_rss_bytes=%lld\n",
              stats->seconds, stats->records / stats->seconds,
              static_cast<long long>(stats->records), static_cast<long long>(rss));
  std::filesystem::remove_all(dir);
  return stats->records == subjects ? 0 : 1;
}

}  // namespace
}  // namespace consentry

int main(int argc, char** argv) { return consentry::Main(argc, argv); }
