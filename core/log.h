#pragma once
// The process log: one line per event on stderr, through spdlog, as text for people or as JSON
// lines for a log collector. Every message of a long-running command (run, produce, dump, restore)
// and librdkafka's own log lines go through here; a command's final error or usage text and the
// run report (`--progress`) do too, at info level.
//
// What may be logged: never message content, consent evidence or a raw subject id at info level
// or above (design: privacy). Anything that came from input is passed through Printable() by the
// caller (core/utf8.h); the JSON format escapes what it writes.
//
// Thread safety: Configure() once, early, from the main thread; the Log functions from any thread.

#include <string_view>

#include "core/status.h"

namespace consentry::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };
enum class Format {
  kText,  // consentry run: assigned 4 partitions      (warn and error say so: "warning: ...")
  kJson,  // {"time":"2026-12-06T22:50:01.123Z","level":"info","component":"run","message":"..."}
};

// "debug", "info", "warn", "error" or "off"; InvalidArgument naming the accepted values otherwise.
StatusOr<Level> ParseLevel(std::string_view name);
// "text" or "json"; InvalidArgument naming the accepted values otherwise.
StatusOr<Format> ParseFormat(std::string_view name);

// Sets the level and format of every log line from now on. The defaults are info and text, or
// what the environment says: CONSENTRY_LOG_LEVEL and CONSENTRY_LOG_FORMAT (read on first use, so
// that every command honours them; a bad value there is reported once and ignored).
void Configure(Level level, Format format);
Level CurrentLevel();
Format CurrentFormat();

// One line from `component` ("run", "restore", "kafka", ...; empty for the process itself).
void Write(Level level, std::string_view component, std::string_view message);

inline void Debug(std::string_view component, std::string_view message) {
  Write(Level::kDebug, component, message);
}
inline void Info(std::string_view component, std::string_view message) {
  Write(Level::kInfo, component, message);
}
inline void Warn(std::string_view component, std::string_view message) {
  Write(Level::kWarn, component, message);
}
inline void Error(std::string_view component, std::string_view message) {
  Write(Level::kError, component, message);
}

}  // namespace consentry::log
