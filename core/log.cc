#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <date/date.h>

#include "core/json_writer.h"

namespace consentry::log {
namespace {

spdlog::level::level_enum ToSpdlog(Level level) {
  switch (level) {
    case Level::kDebug:
      return spdlog::level::debug;
    case Level::kInfo:
      return spdlog::level::info;
    case Level::kWarn:
      return spdlog::level::warn;
    case Level::kError:
      return spdlog::level::err;
    case Level::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

std::string_view LevelName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::warn:
      return "warn";
    case spdlog::level::err:
    case spdlog::level::critical:
      return "error";
    default:
      return "info";
  }
}

// Writes each line in the chosen format; the component is the spdlog logger's name.
class LineFormatter final : public spdlog::formatter {
 public:
  explicit LineFormatter(Format format) : format_(format) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string_view component(msg.logger_name.data(), msg.logger_name.size());
    const std::string_view message(msg.payload.data(), msg.payload.size());
    std::string line;
    if (format_ == Format::kJson) {
      JsonWriter w;
      w.BeginObject();
      w.Field("time", date::format("%FT%TZ", std::chrono::floor<std::chrono::milliseconds>(
                                                    msg.time)));
      w.Field("level", LevelName(msg.level));
      w.Field("component", component.empty() ? std::string_view("consentry") : component);
      w.Field("message", message);
      w.EndObject();
      line = w.Take();
    } else {
      line = "consentry";
      if (!component.empty()) line.append(" ").append(component);
      line += ": ";
      if (msg.level >= spdlog::level::err) {
        line += "error: ";
      } else if (msg.level == spdlog::level::warn) {
        line += "warning: ";
      } else if (msg.level <= spdlog::level::debug) {
        line += "debug: ";
      }
      line += message;
    }
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(format_);
  }

 private:
  Format format_;
};

// Every component's logger, sharing one stderr sink.
class Registry {
 public:
  Registry() : sink_(std::make_shared<spdlog::sinks::stderr_sink_mt>()) {
    std::string problems;
    if (const char* env = std::getenv("CONSENTRY_LOG_LEVEL"); env && *env) {
      if (auto level = ParseLevel(env); level.ok()) {
        level_ = *level;
      } else {
        problems += "CONSENTRY_LOG_LEVEL: " + level.status().message();
      }
    }
    if (const char* env = std::getenv("CONSENTRY_LOG_FORMAT"); env && *env) {
      if (auto format = ParseFormat(env); format.ok()) {
        format_ = *format;
      } else {
        problems += (problems.empty() ? "" : "; ") + std::string("CONSENTRY_LOG_FORMAT: ") +
                    format.status().message();
      }
    }
    sink_->set_formatter(std::make_unique<LineFormatter>(format_));
    if (!problems.empty()) Get("")->warn("{}; ignored", problems);
  }

  void Configure(Level level, Format format) {
    std::lock_guard lock(mu_);
    level_ = level;
    format_ = format;
    sink_->set_formatter(std::make_unique<LineFormatter>(format));
    for (auto& [name, logger] : loggers_) logger->set_level(ToSpdlog(level));
  }

  Level level() {
    std::lock_guard lock(mu_);
    return level_;
  }
  Format format() {
    std::lock_guard lock(mu_);
    return format_;
  }

  std::shared_ptr<spdlog::logger> Get(std::string_view component) {
    std::lock_guard lock(mu_);
    auto it = loggers_.find(component);
    if (it == loggers_.end()) {
      // Not in spdlog's global registry: these loggers are ours alone.
      auto logger = std::make_shared<spdlog::logger>(std::string(component), sink_);
      logger->set_level(ToSpdlog(level_));
      logger->flush_on(spdlog::level::trace);  // stderr, line by line, as before
      it = loggers_.emplace(std::string(component), std::move(logger)).first;
    }
    return it->second;
  }

 private:
  std::mutex mu_;
  std::shared_ptr<spdlog::sinks::stderr_sink_mt> sink_;
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers_;
  Level level_ = Level::kInfo;
  Format format_ = Format::kText;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed: logging works during exit
  return *registry;
}

}  // namespace

StatusOr<Level> ParseLevel(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "info") return Level::kInfo;
  if (name == "warn" || name == "warning") return Level::kWarn;
  if (name == "error") return Level::kError;
  if (name == "off") return Level::kOff;
  return InvalidArgument("unknown log level; use debug, info, warn, error or off");
}

StatusOr<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  return InvalidArgument("unknown log format; use text or json");
}

void Configure(Level level, Format format) { TheRegistry().Configure(level, format); }

Level CurrentLevel() { return TheRegistry().level(); }
Format CurrentFormat() { return TheRegistry().format(); }

void Write(Level level, std::string_view component, std::string_view message) {
  if (level == Level::kOff) return;
  // The message is passed as an argument, never as a format string: braces in it are text.
  TheRegistry().Get(component)->log(ToSpdlog(level), "{}", message);
}

}  // namespace consentry::log
