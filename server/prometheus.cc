#include "server/prometheus.h"

#include <fmt/format.h>

#include <cmath>

namespace consentry {
namespace {

void AppendEscaped(std::string& out, std::string_view value, bool quote) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// Integers without a fraction, others with as many digits as it takes to read them back.
std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<int64_t>(value));
  }
  return fmt::format("{}", value);
}

}  // namespace

void PrometheusWriter::Family(std::string_view name, std::string_view help,
                              std::string_view type) {
  family_ = std::string(name);
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  AppendEscaped(out_, help, false);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

PrometheusWriter& PrometheusWriter::Counter(std::string_view name, std::string_view help) {
  Family(name, help, "counter");
  return *this;
}
PrometheusWriter& PrometheusWriter::Gauge(std::string_view name, std::string_view help) {
  Family(name, help, "gauge");
  return *this;
}
PrometheusWriter& PrometheusWriter::Histogram(std::string_view name, std::string_view help) {
  Family(name, help, "histogram");
  return *this;
}

void PrometheusWriter::Line(std::string_view suffix, const Labels& labels, double value) {
  out_ += family_;
  out_ += suffix;
  if (!labels.empty()) {
    out_ += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += labels[i].first;
      out_ += "=\"";
      AppendEscaped(out_, labels[i].second, true);
      out_ += '"';
    }
    out_ += '}';
  }
  out_ += ' ';
  out_ += Number(value);
  out_ += '\n';
}

PrometheusWriter& PrometheusWriter::Sample(const Labels& labels, double value) {
  Line("", labels, value);
  return *this;
}

PrometheusWriter& PrometheusWriter::Sample(const Labels& labels,
                                           const consentry::Histogram& histogram) {
  const std::vector<int64_t> cumulative = histogram.Cumulative();
  Labels with_le = labels;
  with_le.emplace_back("le", "");
  for (size_t i = 0; i < cumulative.size(); ++i) {
    with_le.back().second =
        i < histogram.bounds().size() ? Number(histogram.bounds()[i]) : std::string("+Inf");
    Line("_bucket", with_le, static_cast<double>(cumulative[i]));
  }
  Line("_sum", labels, histogram.sum());
  Line("_count", labels, static_cast<double>(histogram.count()));
  return *this;
}

}  // namespace consentry
