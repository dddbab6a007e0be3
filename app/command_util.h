#pragma once
// Small pieces every subcommand shares: error exits, loading the config with command-line
// overrides, reading JSONL files, and a SIGINT/SIGTERM flag.

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "app/config.h"
#include "app/flags.h"
#include "core/status.h"
#include "pipeline/engine.h"
#include "state/store.h"

namespace consentry {

// Prints "consentry <command>: <status message>" and returns the exit code for it
// (2 for a usage error, 1 otherwise).
int Fail(std::string_view command, const Status& status, bool usage = false);

// The flags several commands share.
Flag ConfigFlag();                           // --config FILE, required
Flag BootstrapFlag();                        // --bootstrap HOST:PORT
Flag StateDirFlag(const std::string& help);  // --state-dir DIR
Flag ProgressFlag();                         // --progress SECONDS (default 5; 0: none)

// Loads --config and applies --bootstrap (or $CONSENTRY_BOOTSTRAP) and --state-dir, where the
// command has them, and the file's logging settings.
StatusOr<Config> LoadConfigFromFlags(const Flags& flags);
// The same without touching logging (a reload applies it only once the file is accepted).
StatusOr<Config> ReadConfigFromFlags(const Flags& flags);
// The config's logging section, unless CONSENTRY_LOG_LEVEL or CONSENTRY_LOG_FORMAT say otherwise.
void ApplyLogSettings(const Config& config);

// The engine settings the config gives (lateness, idle timeout, future skew, input topics,
// decoder limits).
EngineOptions EngineOptionsFor(const Config& config);

// Calls `visit` with each line of `path` (without its line end: "\n", "\r\n" or "\r"; a
// leading UTF-8 byte order mark skipped) and its 0-based number. A line over 64 MiB is an error.
// `replay` reads its input with a LineReader instead, to dead-letter long lines.
Status ForEachLine(const std::string& path,
                   const std::function<Status(std::string_view line, int64_t number)>& visit);

// Installs SIGINT/SIGTERM handlers that set the returned flag (the loop finishes its batch).
const std::atomic<bool>& InstallStopSignals();
// Installs a SIGHUP handler that sets the returned flag (run reloads its config).
std::atomic<bool>& InstallReloadSignal();

// A state directory opened read-only beside the job that writes it (explain, report): a small
// block cache, and up to two more tries 200 ms apart, since the open can race with the writer
// deleting a file it has just flushed or compacted.
StatusOr<std::unique_ptr<Store>> OpenStateBesideWriter(const std::string& dir);

// The whole of a small file (a key, an export); NotFound naming the path and the reason.
StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace consentry
