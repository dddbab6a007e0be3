#pragma once
// When `run` takes up a new config (docs/operations.md, "Reloading the config"): on SIGHUP, or
// when the file's size, time or inode changes (checked at most once a second between batches).
// The file is read and checked as at start, every detector built; a file that does not load, or
// that changes a setting `run` reads only at start (Config's RestartOnlyDifferences), is
// refused with the reason logged (file, line and fix) and the rules in force stay. A file whose
// bytes are those in force is no reload.
//
// Thread-compatible: the run loop polls it; the SIGHUP handler only sets `requested`.

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "app/config.h"

namespace consentry {

class ConfigReloader {
 public:
  // `load` reads the file as at start (with the command line's overrides); `requested` is set
  // by the SIGHUP handler.
  ConfigReloader(std::string path, std::function<StatusOr<Config>()> load,
                 std::atomic<bool>& requested, std::shared_ptr<const Config> in_force);

  // A new config to judge with from the next batch, once due and accepted; null otherwise.
  // `refused` (when given) is set when a reload was attempted and refused.
  std::shared_ptr<const Config> Poll(bool* refused = nullptr);

  const std::shared_ptr<const Config>& in_force() const { return in_force_; }

 private:
  bool FileChanged();

  const std::string path_;
  const std::function<StatusOr<Config>()> load_;
  std::atomic<bool>& requested_;
  std::shared_ptr<const Config> in_force_;
  struct stat seen_ {};
  bool seen_ok_ = false;
  std::chrono::steady_clock::time_point checked_;
};

}  // namespace consentry
