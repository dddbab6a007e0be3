#pragma once
// Writes metrics in the Prometheus text exposition format (version 0.0.4): one `# HELP` and
// `# TYPE` line per family, then its samples, label values escaped. The caller names families
// `consentry_...`, with `_total` on counters and the unit (`_seconds`, `_bytes`) in the name.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/histogram.h"

namespace consentry {

class PrometheusWriter {
 public:
  using Labels = std::vector<std::pair<std::string_view, std::string>>;

  // Starts a family; its samples follow.
  PrometheusWriter& Counter(std::string_view name, std::string_view help);
  PrometheusWriter& Gauge(std::string_view name, std::string_view help);
  PrometheusWriter& Histogram(std::string_view name, std::string_view help);

  // One sample of the current counter or gauge family.
  PrometheusWriter& Sample(const Labels& labels, double value);
  PrometheusWriter& Sample(double value) { return Sample({}, value); }
  // The `_bucket`, `_sum` and `_count` samples of the current histogram family.
  PrometheusWriter& Sample(const Labels& labels, const consentry::Histogram& histogram);

  std::string Take() { return std::move(out_); }

 private:
  void Family(std::string_view name, std::string_view help, std::string_view type);
  void Line(std::string_view suffix, const Labels& labels, double value);

  std::string out_;
  std::string family_;
};

}  // namespace consentry
