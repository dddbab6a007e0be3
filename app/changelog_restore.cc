#include "app/changelog_restore.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "kafka/topic_reader.h"
#include "state/changelog.h"

namespace consentry {
namespace {

constexpr size_t kWriteEvery = 10000;  // records per RocksDB write
constexpr auto kProgressEvery = std::chrono::seconds(5);
// How long a partition may wait for a transaction left open on it (by a process that died
// mid-batch) to be aborted by the broker: beyond the producers' transaction timeout.
constexpr auto kOpenTransactionWait = std::chrono::minutes(2);

}  // namespace

StatusOr<RestoreStats> RestoreFromChangelog(Store& store, const kafka::Settings& kafka,
                                            const std::string& topic, int32_t partitions,
                                            const std::vector<int32_t>& which) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  RestoreStats stats;
  for (int32_t partition : which) {
    CONSENTRY_ASSIGN_OR_RETURN(const int64_t from, store.ReadChangelogOffset(topic, partition));
    StoreBatch batch;
    int64_t next = from;
    int64_t records = 0;
    auto last_log = Clock::now();
    const auto visit = [&](const kafka::Record& r) -> Status {
      CONSENTRY_RETURN_IF_ERROR(ApplyChangelogRecord(r.key, r.null_value ? nullptr : &r.value,
                                                     partition, partitions, batch));
      ++records;
      next = r.offset + 1;
      if (batch.size() >= kWriteEvery) {
        batch.PutChangelogOffset(topic, partition, next);
        CONSENTRY_RETURN_IF_ERROR(store.Write(batch));
        batch.Clear();
      }
      return Status::Ok();
    };
    int64_t high_watermark = 0;  // when the latest read started
    const auto progress = [&](int64_t offset, int64_t end) {
      high_watermark = end;
      if (Clock::now() - last_log < kProgressEvery) return;
      last_log = Clock::now();
      std::fprintf(stderr, "consentry: restoring %s/%d: offset %lld of %lld, %lld records\n",
                   topic.c_str(), partition, static_cast<long long>(offset),
                   static_cast<long long>(end), static_cast<long long>(records));
    };
    // A read_committed read ends where the first open transaction begins. One open here was
    // left by a process that died mid-batch (this partition's owner commits before giving it
    // up): what other owners committed after it stays hidden until the broker aborts it, so the
    // restore waits for that instead of stopping short.
    const auto wait_until = Clock::now() + kOpenTransactionWait;
    int64_t end = from;
    for (bool warned = false;; std::this_thread::sleep_for(std::chrono::milliseconds(500))) {
      CONSENTRY_ASSIGN_OR_RETURN(
          end, kafka::ReadPartition(kafka, topic, partition, end, visit, progress));
      if (end >= high_watermark) break;
      if (Clock::now() > wait_until) {
        return Unavailable(topic + "/" + std::to_string(partition) +
                           ": a transaction is still open at offset " + std::to_string(end) +
                           " after " + std::to_string(kOpenTransactionWait.count()) +
                           " minutes; the restore is retried");
      }
      if (!warned) {
        std::fprintf(stderr,
                     "consentry: %s/%d has a transaction open since offset %lld (a process died "
                     "mid-batch); waiting for the broker to abort it\n",
                     topic.c_str(), partition, static_cast<long long>(end));
        warned = true;
      }
    }
    batch.PutChangelogOffset(topic, partition, std::max(next, end));
    CONSENTRY_RETURN_IF_ERROR(store.Write(batch));
    stats.records += records;
    if (records > 0) {
      std::fprintf(stderr, "consentry: restored %s/%d: %lld records from offset %lld\n",
                   topic.c_str(), partition, static_cast<long long>(records),
                   static_cast<long long>(from));
    }
  }
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return stats;
}

}  // namespace consentry
