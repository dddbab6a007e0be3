// Decoder throughput: decodes N synthetic outbound.v1 records of about 350 bytes (the typical
// size of a real one) and prints records/s and MB/s.
//
//   decode_bench [records]    (default 1000000; build with -DCMAKE_BUILD_TYPE=Release)

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

#include "ingest/decoder.h"

namespace {

constexpr size_t kRecordBytes = 350;

// A realistic record: the fields a sender usually fills in, ids varying per record, padded to
// kRecordBytes through template_id.
std::string MakeRecord(int i) {
  char buf[512];
  const int n = std::snprintf(
      buf, sizeof buf,
      R"({"schema":"outbound.v1","event_id":"e%08d","sent_at":"2026-03-01T09:%02d:%02dZ",)"
      R"("tenant":"acme","subject":"s%07d","channel":"%s",)"
      R"("purpose":"marketing.communications.email","sender_id":"crm-%03d",)"
      R"("campaign_id":"spring","jurisdiction":"US-FL","content":{"fingerprint":"%016llx",)"
      R"("template_id":"t","has_unsubscribe":true,"length":%d}})",
      i, (i / 60) % 60, i % 60, i % 5000000, i % 3 == 0 ? "sms" : "email", i % 100,
      static_cast<unsigned long long>(i) * 0x9E3779B97F4A7C15ULL, 100 + i % 900);
  std::string record(buf, n);
  if (record.size() < kRecordBytes) {
    record.insert(record.find(R"("t",)") + 2, kRecordBytes - record.size(), 'x');
  }
  return record;
}

}  // namespace

int main(int argc, char** argv) {
  const long records = argc > 1 ? std::atol(argv[1]) : 1000000;
  if (records <= 0) {
    std::fprintf(stderr, "usage: decode_bench [records > 0]\n");
    return 2;
  }
  // A pool of distinct records, cycled, so the input is not one hot cache line.
  constexpr int kPool = 4096;
  std::vector<std::string> pool;
  size_t pool_bytes = 0;
  for (int i = 0; i < kPool; ++i) {
    pool.push_back(MakeRecord(i));
    pool_bytes += pool.back().size();
  }

  consentry::Decoder decoder;
  long decoded = 0;
  size_t bytes = 0;
  for (int i = 0; i < kPool; ++i) decoded += decoder.Decode(pool[i]).index() == 0;  // warm-up
  if (decoded != kPool) {
    std::fprintf(stderr, "bench bug: a synthetic record was rejected\n");
    return 1;
  }
  decoded = 0;
  // CPU time too: on a shared machine wall time also counts other processes' turns.
  const std::clock_t cpu_start = std::clock();
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < records; ++i) {
    const std::string& record = pool[i % kPool];
    bytes += record.size();
    decoded += decoder.Decode(record, consentry::kOutboundSchema).index() == 0;
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const double seconds = elapsed.count();
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf("decoded %ld of %ld records (avg %.0f bytes)\n", decoded, records,
              static_cast<double>(pool_bytes) / kPool);
  std::printf("wall %.3f s: %.0f records/s, %.1f MB/s\n", seconds, records / seconds,
              bytes / seconds / 1e6);
  std::printf("cpu  %.3f s: %.0f records/s, %.1f MB/s, %.0f ns/record\n", cpu_seconds,
              records / cpu_seconds, bytes / cpu_seconds / 1e6, cpu_seconds * 1e9 / records);
  return decoded == records ? 0 : 1;
}
