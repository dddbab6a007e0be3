#pragma once
// What the engines of one `run` share (processing.engines: each on its own thread, with its own
// consumer, producer and partitions, over one store): the rules in force, each engine's latest
// figures for /metrics and /readyz, whether each is idle (--until-idle stops the job once all
// are), and each one's summary when it stops.
//
//   EngineBoard board(2);
//   engine thread i:  rules = board.Rules(reloader, metrics);      // before each batch
//                     board.Publish(i, snapshot);                   // after batches
//                     board.SetIdle(i, idle); if (board.AllIdle()) stop;
//   /metrics:         board.Merged()
//
// Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/config_reload.h"
#include "app/run_metrics.h"
#include "app/run_report.h"

namespace consentry {

class EngineBoard {
 public:
  // What one engine reports of its current life.
  struct Snapshot {
    RunMetricsView figures;  // its store_size is left out
    std::string not_ready;   // empty: ready
  };

  explicit EngineBoard(int engines);

  int engines() const { return static_cast<int>(snapshots_.size()); }

  // The rules to judge with: the reloader is polled (a new config, once due and accepted,
  // counts once in `metrics`), and every engine sees what it holds in force.
  std::shared_ptr<const Config> Rules(ConfigReloader& reloader, RunMetrics& metrics);

  void Publish(int engine, Snapshot snapshot);
  // Every engine's latest snapshot added up; not ready while any engine is not (its reason,
  // naming the engine when there are several).
  Snapshot Merged() const;

  // --until-idle: whether `engine` has nothing to do (an engine assigned no partition has
  // nothing to do). Once every engine was idle at the same time the job is done, for good.
  void SetIdle(int engine, bool idle);
  bool AllIdle() const;

  // An engine's summary as its life ends (a rebuilt engine's last life replaces the ones before);
  // Total adds up every engine's, to print once all have stopped (nullopt: none ended).
  void Finished(int engine, RunReport::Totals totals);
  std::optional<RunReport::Totals> Total() const;

 private:
  mutable std::mutex mu_;
  std::vector<Snapshot> snapshots_;
  std::vector<bool> idle_;
  bool all_idle_ = false;
  std::vector<std::optional<RunReport::Totals>> finished_;
};

}  // namespace consentry
