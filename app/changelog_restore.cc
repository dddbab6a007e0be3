#include "app/changelog_restore.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "core/log.h"
#include "kafka/topic_reader.h"
#include "state/changelog.h"

namespace consentry {
namespace {

constexpr size_t kWriteEvery = 50000;  // records per RocksDB write
constexpr auto kProgressEvery = std::chrono::seconds(5);
// How long a partition may wait for a transaction left open on it (by a process that died
// mid-batch) to be aborted by the broker: beyond the producers' transaction timeout.
constexpr auto kOpenTransactionWait = std::chrono::minutes(2);

using SteadyClock = std::chrono::steady_clock;

// Restores one partition; returns how many records it applied.
StatusOr<int64_t> RestorePartition(Store& store, const kafka::Settings& kafka,
                                   const std::string& topic, int32_t partitions,
                                   int32_t partition) {
  CONSENTRY_ASSIGN_OR_RETURN(const int64_t from, store.ReadChangelogOffset(topic, partition));
  StoreBatch batch;
  int64_t next = from;
  int64_t records = 0;
  auto last_log = SteadyClock::now();
  const auto visit = [&](const kafka::Record& r) -> Status {
    CONSENTRY_RETURN_IF_ERROR(ApplyChangelogRecord(r.key, r.null_value ? nullptr : &r.value,
                                                   partition, partitions, batch));
    ++records;
    next = r.offset + 1;
    if (batch.size() >= kWriteEvery) {
      batch.PutChangelogOffset(topic, partition, next);
      CONSENTRY_RETURN_IF_ERROR(store.WriteUnlogged(batch));
      batch.Clear();
    }
    return Status::Ok();
  };
  int64_t high_watermark = 0;  // when the latest read started
  const auto progress = [&](int64_t offset, int64_t end) {
    high_watermark = end;
    if (SteadyClock::now() - last_log < kProgressEvery) return;
    last_log = SteadyClock::now();
    log::Info("restore", fmt::format("restoring {}/{}: offset {} of {}, {} records", topic,
                                     partition, offset, end, records));
  };
  // A read_committed read ends where the first open transaction begins. One open here was
  // left by a process that died mid-batch (this partition's owner commits before giving it
  // up): what other owners committed after it stays hidden until the broker aborts it, so the
  // restore waits for that instead of stopping short.
  const auto wait_until = SteadyClock::now() + kOpenTransactionWait;
  int64_t end = from;
  for (bool warned = false;; std::this_thread::sleep_for(std::chrono::milliseconds(500))) {
    CONSENTRY_ASSIGN_OR_RETURN(
        end, kafka::ReadPartition(kafka, topic, partition, end, visit, progress));
    if (end >= high_watermark) break;
    if (SteadyClock::now() > wait_until) {
      return Unavailable(topic + "/" + std::to_string(partition) +
                         ": a transaction is still open at offset " + std::to_string(end) +
                         " after " + std::to_string(kOpenTransactionWait.count()) +
                         " minutes; the restore is retried");
    }
    if (!warned) {
      log::Info("restore", fmt::format("{}/{} has a transaction open since offset {} (a process "
                                       "died mid-batch); waiting for the broker to abort it",
                                       topic, partition, end));
      warned = true;
    }
  }
  batch.PutChangelogOffset(topic, partition, std::max(next, end));
  CONSENTRY_RETURN_IF_ERROR(store.WriteUnlogged(batch));
  if (records > 0) {
    log::Info("restore", fmt::format("restored {}/{}: {} records from offset {}", topic,
                                     partition, records, from));
  }
  return records;
}

}  // namespace

StatusOr<RestoreStats> RestoreFromChangelog(Store& store, const kafka::Settings& kafka,
                                            const std::string& topic, int32_t partitions,
                                            const std::vector<int32_t>& which) {
  const auto start = SteadyClock::now();
  RestoreStats stats;
  Status failed;
  // Partitions are independent (each has its own keys): as many at once as there are cores.
  const size_t parallel = std::max(1u, std::thread::hardware_concurrency());
  for (size_t first = 0; first < which.size(); first += parallel) {
    const size_t n = std::min(parallel, which.size() - first);
    std::vector<StatusOr<int64_t>> results(n, StatusOr<int64_t>(int64_t{0}));
    std::vector<std::thread> threads;
    for (size_t i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        results[i] = RestorePartition(store, kafka, topic, partitions, which[first + i]);
      });
    }
    for (auto& t : threads) t.join();
    for (auto& r : results) {
      if (r.ok()) {
        stats.records += *r;
      } else if (failed.ok()) {
        failed = r.status();
      }
    }
    if (!failed.ok()) break;
  }
  // Durable before the first batch written with the log depends on it (also when a partition
  // failed: the others' writes stand).
  if (stats.records > 0) CONSENTRY_RETURN_IF_ERROR(store.FlushMemTables());
  CONSENTRY_RETURN_IF_ERROR(failed);
  stats.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  return stats;
}

}  // namespace consentry
