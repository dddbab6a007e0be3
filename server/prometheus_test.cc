#include "server/prometheus.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(PrometheusWriterTest, WritesFamiliesWithEscapedLabels) {
  PrometheusWriter out;
  out.Counter("consentry_alerts_total", "Alerts raised, by detector.")
      .Sample({{"detector", "consent.missing"}}, 12)
      .Sample({{"detector", "a\"b\\c\nd"}}, 0.5);
  out.Gauge("consentry_held_messages", "Messages waiting.\nSecond line").Sample(3);
  EXPECT_EQ(out.Take(),
            "# HELP consentry_alerts_total Alerts raised, by detector.\n"
            "# TYPE consentry_alerts_total counter\n"
            "consentry_alerts_total{detector=\"consent.missing\"} 12\n"
            "consentry_alerts_total{detector=\"a\\\"b\\\\c\\nd\"} 0.5\n"
            "# HELP consentry_held_messages Messages waiting.\\nSecond line\n"
            "# TYPE consentry_held_messages gauge\n"
            "consentry_held_messages 3\n");
}

TEST(PrometheusWriterTest, WritesHistogramBucketsCumulatively) {
  Histogram h({0.01, 0.1, 1});
  for (double v : {0.005, 0.01, 0.05, 2.0}) h.Observe(v);
  PrometheusWriter out;
  out.Histogram("consentry_batch_seconds", "Batch time.").Sample({{"stage", "subject"}}, h);
  EXPECT_EQ(out.Take(),
            "# HELP consentry_batch_seconds Batch time.\n"
            "# TYPE consentry_batch_seconds histogram\n"
            "consentry_batch_seconds_bucket{stage=\"subject\",le=\"0.01\"} 2\n"
            "consentry_batch_seconds_bucket{stage=\"subject\",le=\"0.1\"} 3\n"
            "consentry_batch_seconds_bucket{stage=\"subject\",le=\"1\"} 3\n"
            "consentry_batch_seconds_bucket{stage=\"subject\",le=\"+Inf\"} 4\n"
            "consentry_batch_seconds_sum{stage=\"subject\"} 2.065\n"
            "consentry_batch_seconds_count{stage=\"subject\"} 4\n");
}

}  // namespace
}  // namespace consentry
