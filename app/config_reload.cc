#include "app/config_reload.h"

#include "core/log.h"

namespace consentry {

ConfigReloader::ConfigReloader(std::string path, std::function<StatusOr<Config>()> load,
                               std::atomic<bool>& requested, std::shared_ptr<const Config> in_force)
    : path_(std::move(path)),
      load_(std::move(load)),
      requested_(requested),
      in_force_(std::move(in_force)),
      checked_(std::chrono::steady_clock::now()) {
  seen_ok_ = ::stat(path_.c_str(), &seen_) == 0;
}

bool ConfigReloader::FileChanged() {
  const auto now = std::chrono::steady_clock::now();
  if (now - checked_ < std::chrono::seconds(1)) return false;
  checked_ = now;
  struct stat st {};
  const bool ok = ::stat(path_.c_str(), &st) == 0;
  // A file being replaced may be missing for a moment: wait until it is back.
  if (!ok) return false;
  const bool changed = !seen_ok_ || st.st_size != seen_.st_size || st.st_ino != seen_.st_ino ||
                       st.st_mtim.tv_sec != seen_.st_mtim.tv_sec ||
                       st.st_mtim.tv_nsec != seen_.st_mtim.tv_nsec;
  seen_ = st;
  seen_ok_ = true;
  return changed;
}

std::shared_ptr<const Config> ConfigReloader::Poll(bool* refused) {
  const bool signalled = requested_.exchange(false);
  if (!FileChanged() && !signalled) return nullptr;
  const auto refuse = [&](const std::string& why) -> std::shared_ptr<const Config> {
    log::Error("run", "config reload refused, the rules in force stay (config " +
                          in_force_->sha256.substr(0, 12) + "): " + why);
    if (refused != nullptr) *refused = true;
    return nullptr;
  };
  auto fresh = load_();
  if (!fresh.ok()) return refuse(fresh.status().message());
  if (fresh->sha256 == in_force_->sha256) {
    if (signalled) log::Info("run", "config reload: " + path_ + " is unchanged");
    return nullptr;
  }
  if (auto detectors = MakeDetectors(*fresh); !detectors.ok()) {
    return refuse(detectors.status().message());
  }
  if (auto sender = MakeSenderDetectors(*fresh); !sender.ok()) {
    return refuse(sender.status().message());
  }
  const std::vector<std::string> restart_only = RestartOnlyDifferences(*in_force_, *fresh);
  if (!restart_only.empty()) {
    std::string names;
    for (const auto& n : restart_only) names += (names.empty() ? "" : ", ") + n;
    return refuse(path_ + " changes " + names +
                  ", which run reads only when it starts; restart run to apply them (a reload "
                  "changes detectors, taxonomy, policies, regions, calendars, frequency caps "
                  "and logging)");
  }
  log::Info("run", "config reloaded from " + path_ + " (config " + fresh->sha256.substr(0, 12) +
                       ", was " + in_force_->sha256.substr(0, 12) +
                       "): the next batch is judged under it");
  in_force_ = std::make_shared<const Config>(std::move(*fresh));
  return in_force_;
}

}  // namespace consentry
