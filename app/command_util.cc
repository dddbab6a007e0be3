#include "app/command_util.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/log.h"
#include "ingest/line_reader.h"

namespace consentry {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};

// ForEachLine's longest line: far above any record or alert, far below a worker's memory.
constexpr size_t kMaxLineBytes = 64 * 1024 * 1024;

void OnSignal(int) { g_stop.store(true); }
void OnReloadSignal(int) { g_reload.store(true); }

}  // namespace

int Fail(std::string_view command, const Status& status, bool usage) {
  log::Error(command, status.message());
  return usage ? 2 : 1;
}

Flag ConfigFlag() {
  return Flag{.name = "config",
              .value_name = "FILE",
              .help = "the configuration file (configs/consentry.yaml is a commented example)",
              .required = true};
}

Flag BootstrapFlag() {
  return Flag{.name = "bootstrap",
              .value_name = "HOST:PORT",
              .help =
                  "the Kafka brokers to start from, comma-separated; overrides "
                  "$CONSENTRY_BOOTSTRAP and the config's kafka.bootstrap.servers"};
}

Flag ProgressFlag() {
  return {.name = "progress",
          .type = FlagType::kInt,
          .value_name = "SECONDS",
          .help = "a progress line every this many seconds; 0: none",
          .default_value = "5"};
}

Flag StateDirFlag(const std::string& help) {
  return Flag{.name = "state-dir", .value_name = "DIR", .help = help};
}

StatusOr<Config> ReadConfigFromFlags(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(std::string path, flags.Required("config"));
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  std::string bootstrap = flags.Has("bootstrap") ? flags.Get("bootstrap") : "";
  if (bootstrap.empty()) {
    if (const char* env = std::getenv("CONSENTRY_BOOTSTRAP")) bootstrap = env;
  }
  if (!bootstrap.empty()) config.kafka["bootstrap.servers"] = bootstrap;
  if (flags.Has("state-dir")) config.state_dir = flags.Get("state-dir");
  return config;
}

void ApplyLogSettings(const Config& config) {
  // The file's logging section; CONSENTRY_LOG_LEVEL and CONSENTRY_LOG_FORMAT win over it.
  log::Level level = log::CurrentLevel();
  log::Format format = log::CurrentFormat();
  if (config.log_level && std::getenv("CONSENTRY_LOG_LEVEL") == nullptr) level = *config.log_level;
  if (config.log_format && std::getenv("CONSENTRY_LOG_FORMAT") == nullptr) {
    format = *config.log_format;
  }
  log::Configure(level, format);
}

StatusOr<Config> LoadConfigFromFlags(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, ReadConfigFromFlags(flags));
  ApplyLogSettings(config);
  return config;
}

Status ForEachLine(const std::string& path,
                   const std::function<Status(std::string_view line, int64_t number)>& visit) {
  CONSENTRY_ASSIGN_OR_RETURN(LineReader reader,
                             LineReader::Open(path, {.max_line_bytes = kMaxLineBytes}));
  Line line;
  while (true) {
    CONSENTRY_ASSIGN_OR_RETURN(const bool more, reader.Next(line));
    if (!more) return Status::Ok();
    if (line.cut()) {
      return InvalidArgument("line " + std::to_string(line.number + 1) + " of " + path + " is " +
                             std::to_string(line.bytes) + " bytes long, more than the " +
                             std::to_string(kMaxLineBytes) + " this command reads");
    }
    CONSENTRY_RETURN_IF_ERROR(visit(line.text, line.number));
  }
}

const std::atomic<bool>& InstallStopSignals() {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  return g_stop;
}

std::atomic<bool>& InstallReloadSignal() {
  std::signal(SIGHUP, OnReloadSignal);
  return g_reload;
}

EngineOptions EngineOptionsFor(const Config& config) {
  EngineOptions options;
  options.allowed_lateness = config.allowed_lateness;
  options.idle_timeout = config.idle_timeout;
  options.max_future_skew = config.max_future_skew;
  options.correction_horizon = config.correction_horizon;
  options.cache_bytes = config.state_cache_bytes;
  options.refuse_misrouted = config.refuse_misrouted;
  options.decode_limits = config.decode_limits;
  options.topics.outbound = config.topics.outbound;
  options.topics.consent = config.topics.consent;
  options.topics.campaigns = config.topics.campaigns;
  options.topics.feedback = config.topics.feedback;
  options.topics.suppression = config.topics.suppression;
  return options;
}

StatusOr<std::unique_ptr<Store>> OpenStateBesideWriter(const std::string& dir) {
  StoreOptions options;
  options.block_cache_mb = 8;
  options.read_only = true;
  auto store = Store::Open(dir, options);
  for (int retry = 0; retry < 2 && !store.ok() && std::filesystem::is_directory(dir); ++retry) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    store = Store::Open(dir, options);
  }
  return store;
}

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace consentry
