#include "app/run_metrics.h"

#include <algorithm>
#include <iterator>

#include "ingest/dlq_record.h"
#include "server/prometheus.h"

namespace consentry {

void RunMetrics::NoteBatch(std::string_view stage, const std::vector<InputRecord>& records,
                           double seconds) {
  const std::lock_guard lock(mu_);
  // A poll returns runs of one partition's records: one search per run, not per record.
  for (size_t i = 0; i < records.size();) {
    const std::string& topic = records[i].topic;
    size_t end = i + 1;
    while (end < records.size() && records[end].topic == topic) ++end;
    auto it = std::find_if(records_by_topic_.begin(), records_by_topic_.end(),
                           [&](const auto& entry) { return entry.first == topic; });
    if (it == records_by_topic_.end()) {
      records_by_topic_.emplace_back(topic, 0);
      it = std::prev(records_by_topic_.end());
    }
    it->second += static_cast<int64_t>(end - i);
    i = end;
  }
  auto histogram = batch_seconds_.find(stage);
  if (histogram == batch_seconds_.end()) {
    histogram = batch_seconds_.emplace(std::string(stage), Histogram::LatencyBounds()).first;
  }
  histogram->second.Observe(seconds);
}

RunMetricsView& RunMetricsView::operator+=(const RunMetricsView& o) {
  engine += o.engine;
  AddSenderStats(sender, o.sender);
  held += o.held;
  lag.insert(o.lag.begin(), o.lag.end());
  reads += o.reads;
  degraded = degraded || o.degraded;
  return *this;
}

std::string RunMetrics::Render(const RunMetricsView& view) const {
  const std::lock_guard lock(mu_);
  const EngineStats& engine = view.engine;
  PrometheusWriter out;
  out.Counter("consentry_records_total", "Input records read, by topic.");
  for (const auto& [topic, n] : records_by_topic_) out.Sample({{"topic", topic}}, n);
  out.Gauge("consentry_consumer_lag_records",
            "Records between the consumer's position and the end of each assigned partition, as "
            "the latest fetch saw it.");
  for (const auto& [tp, lag] : view.lag) {
    out.Sample({{"topic", tp.first}, {"partition", std::to_string(tp.second)}}, lag);
  }
  out.Histogram("consentry_batch_seconds", "Time to process one polled batch, by stage.");
  for (const auto& [stage, histogram] : batch_seconds_) out.Sample({{"stage", stage}}, histogram);
  out.Histogram("consentry_event_to_verdict_seconds",
                "From a message's sent_at to its verdict (since the last rebuild).")
      .Sample({}, engine.verdict_delay);
  out.Gauge("consentry_held_messages", "Messages waiting for their partition's watermark.")
      .Sample(static_cast<double>(view.held));
  out.Counter("consentry_judged_total", "Messages judged (since the last rebuild).")
      .Sample(engine.judged);
  std::map<std::string, int64_t> alerts = engine.alerts_by_detector;
  if (view.sender) {
    for (const auto& [detector, n] : view.sender->alerts_by_detector) alerts[detector] += n;
  }
  out.Counter("consentry_alerts_total", "Alerts raised, by detector (since the last rebuild).");
  for (const auto& [detector, n] : alerts) out.Sample({{"detector", detector}}, n);
  out.Counter("consentry_retractions_total",
              "Alerts withdrawn after a late input (since the last rebuild).")
      .Sample(engine.retractions);
  std::map<std::string, int64_t> dlq = engine.dlq_by_reason;
  if (view.sender && view.sender->malformed > 0) {
    dlq[std::string(dlq_code::kBadSenderRecord)] += view.sender->malformed;
  }
  out.Counter("consentry_dlq_total",
              "Records sent to the dead-letter topic, by reason (since the last rebuild).");
  for (const auto& [reason, n] : dlq) out.Sample({{"reason", reason}}, n);
  out.Gauge("consentry_state_table_bytes", "RocksDB's live table files, every family.")
      .Sample(static_cast<double>(view.store_size.table_bytes));
  out.Gauge("consentry_state_memtable_bytes", "RocksDB's memtables, every family.")
      .Sample(static_cast<double>(view.store_size.memtable_bytes));
  out.Counter("consentry_block_cache_hits_total",
              "RocksDB block reads served by the block cache (the engine threads').")
      .Sample(static_cast<double>(view.reads.block_cache_hits));
  out.Counter("consentry_block_reads_total",
              "RocksDB blocks read from table files (the engine threads').")
      .Sample(static_cast<double>(view.reads.block_reads));
  const uint64_t lookups = view.reads.block_cache_hits + view.reads.block_reads;
  out.Gauge("consentry_block_cache_hit_ratio", "Block cache hits over block lookups so far.")
      .Sample(lookups == 0 ? 0.0 : static_cast<double>(view.reads.block_cache_hits) / lookups);
  out.Gauge("consentry_degraded", "1 while batches fail or the broker is away.")
      .Sample(view.degraded ? 1 : 0);
  out.Counter("consentry_rebuilds_total", "Times the job rebuilt itself after a failed batch.")
      .Sample(static_cast<double>(rebuilds_));
  out.Counter("consentry_config_reloads_total",
              "Config reloads (SIGHUP or a changed file), applied or refused.");
  out.Sample({{"result", "applied"}}, static_cast<double>(reloads_applied_));
  out.Sample({{"result", "refused"}}, static_cast<double>(reloads_refused_));
  return out.Take();
}

}  // namespace consentry
