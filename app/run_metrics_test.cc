#include "app/run_metrics.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

// The lines of `text` that start with `prefix`.
std::vector<std::string> Lines(const std::string& text, std::string_view prefix) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = text.find('\n', at);
    const std::string line = text.substr(at, end - at);
    if (line.starts_with(prefix)) out.push_back(line);
    at = end == std::string::npos ? text.size() : end + 1;
  }
  return out;
}

InputRecord Record(const char* topic) { return InputRecord{topic, 0, 0, "", ""}; }

TEST(RunMetricsTest, RendersWhatTheLoopAndTheStagesCounted) {
  RunMetrics metrics;
  metrics.NoteBatch("subject", {Record("out"), Record("consent"), Record("out")}, 0.004);
  metrics.NoteBatch("subject", {Record("out")}, 0.2);
  metrics.NoteBatch("sender", {Record("by-sender")}, 0.0005);
  metrics.NoteRebuild();
  metrics.NoteReload(true);
  metrics.NoteReload(false);
  metrics.NoteReload(false);
  EngineStats engine;
  engine.judged = 3;
  engine.alerts_by_detector = {{"consent.missing", 2}};
  engine.dlq_by_reason = {{"invalid_json", 1}};
  engine.verdict_delay.Observe(0.03);
  SenderStageStats sender;
  sender.alerts_by_detector = {{"sender.velocity", 1}, {"consent.missing", 0}};
  sender.malformed = 2;
  const RunMetricsView view{engine, sender, 5, {{{"out", 1}, 7}}, {1000, 200}, {30, 10, 0}, true};
  const std::string text = metrics.Render(view);
  EXPECT_EQ(Lines(text, "consentry_records_total{"),
            (std::vector<std::string>{"consentry_records_total{topic=\"out\"} 3",
                                      "consentry_records_total{topic=\"consent\"} 1",
                                      "consentry_records_total{topic=\"by-sender\"} 1"}));
  EXPECT_EQ(Lines(text, "consentry_consumer_lag_records{"),
            (std::vector<std::string>{
                "consentry_consumer_lag_records{topic=\"out\",partition=\"1\"} 7"}));
  EXPECT_EQ(Lines(text, "consentry_batch_seconds_count"),
            (std::vector<std::string>{"consentry_batch_seconds_count{stage=\"sender\"} 1",
                                      "consentry_batch_seconds_count{stage=\"subject\"} 2"}));
  EXPECT_EQ(Lines(text, "consentry_batch_seconds_bucket{stage=\"subject\",le=\"0.005\"}"),
            (std::vector<std::string>{
                "consentry_batch_seconds_bucket{stage=\"subject\",le=\"0.005\"} 1"}));
  EXPECT_EQ(Lines(text, "consentry_event_to_verdict_seconds_bucket{le=\"0.05\"}"),
            (std::vector<std::string>{"consentry_event_to_verdict_seconds_bucket{le=\"0.05\"} 1"}));
  EXPECT_EQ(Lines(text, "consentry_held_messages "),
            (std::vector<std::string>{"consentry_held_messages 5"}));
  EXPECT_EQ(Lines(text, "consentry_alerts_total{"),
            (std::vector<std::string>{"consentry_alerts_total{detector=\"consent.missing\"} 2",
                                      "consentry_alerts_total{detector=\"sender.velocity\"} 1"}));
  EXPECT_EQ(Lines(text, "consentry_dlq_total{"),
            (std::vector<std::string>{"consentry_dlq_total{reason=\"bad_sender_record\"} 2",
                                      "consentry_dlq_total{reason=\"invalid_json\"} 1"}));
  EXPECT_EQ(Lines(text, "consentry_state_table_bytes "),
            (std::vector<std::string>{"consentry_state_table_bytes 1000"}));
  EXPECT_EQ(Lines(text, "consentry_block_cache_hit_ratio "),
            (std::vector<std::string>{"consentry_block_cache_hit_ratio 0.75"}));
  EXPECT_EQ(Lines(text, "consentry_degraded "), (std::vector<std::string>{"consentry_degraded 1"}));
  EXPECT_EQ(Lines(text, "consentry_rebuilds_total "),
            (std::vector<std::string>{"consentry_rebuilds_total 1"}));
  EXPECT_EQ(Lines(text, "consentry_config_reloads_total{"),
            (std::vector<std::string>{"consentry_config_reloads_total{result=\"applied\"} 1",
                                      "consentry_config_reloads_total{result=\"refused\"} 2"}));
  // Every family has its HELP and TYPE lines.
  EXPECT_EQ(Lines(text, "# HELP").size(), Lines(text, "# TYPE").size());
  EXPECT_EQ(Lines(text, "# TYPE").size(), 17u);
}

}  // namespace
}  // namespace consentry
