#include "app/engine_board.h"

#include <algorithm>

namespace consentry {

EngineBoard::EngineBoard(int engines)
    : snapshots_(static_cast<size_t>(std::max(engines, 1))),
      idle_(static_cast<size_t>(std::max(engines, 1)), false),
      finished_(static_cast<size_t>(std::max(engines, 1))) {
  for (Snapshot& s : snapshots_) s.not_ready = "starting";
}

std::shared_ptr<const Config> EngineBoard::Rules(ConfigReloader& reloader, RunMetrics& metrics) {
  const std::lock_guard lock(mu_);
  bool refused = false;
  const std::shared_ptr<const Config> fresh = reloader.Poll(&refused);
  if (refused) metrics.NoteReload(false);
  if (fresh != nullptr) metrics.NoteReload(true);
  return reloader.in_force();
}

void EngineBoard::Publish(int engine, Snapshot snapshot) {
  const std::lock_guard lock(mu_);
  snapshots_.at(static_cast<size_t>(engine)) = std::move(snapshot);
}

EngineBoard::Snapshot EngineBoard::Merged() const {
  const std::lock_guard lock(mu_);
  Snapshot out;
  for (size_t i = 0; i < snapshots_.size(); ++i) {
    const Snapshot& s = snapshots_[i];
    out.figures += s.figures;
    if (out.not_ready.empty() && !s.not_ready.empty()) {
      out.not_ready = snapshots_.size() == 1
                          ? s.not_ready
                          : "engine " + std::to_string(i + 1) + ": " + s.not_ready;
    }
  }
  return out;
}

void EngineBoard::SetIdle(int engine, bool idle) {
  const std::lock_guard lock(mu_);
  idle_.at(static_cast<size_t>(engine)) = idle;
  if (std::all_of(idle_.begin(), idle_.end(), [](bool b) { return b; })) all_idle_ = true;
}

bool EngineBoard::AllIdle() const {
  const std::lock_guard lock(mu_);
  return all_idle_;
}

void EngineBoard::Finished(int engine, RunReport::Totals totals) {
  const std::lock_guard lock(mu_);
  finished_.at(static_cast<size_t>(engine)) = std::move(totals);
}

std::optional<RunReport::Totals> EngineBoard::Total() const {
  const std::lock_guard lock(mu_);
  std::optional<RunReport::Totals> total;
  for (const auto& totals : finished_) {
    if (!totals) continue;
    if (total) {
      *total += *totals;
    } else {
      total = totals;
    }
  }
  return total;
}

}  // namespace consentry
