#pragma once
// A shadow run (`consentry replay --config new.yaml --baseline-config live.yaml --input F`):
// the same input judged under the proposed config and under the baseline, each from empty
// state, with nothing written anywhere; then what the proposed config adds, removes and changes
// (the same alert id with another severity), per detector, with samples. An alert whose reason
// sentence alone differs (it quotes the config's clauses and windows) is counted as reworded,
// not as a change. Alerts are
// compared net of their retractions, by alert id: an id hashes the detector, its rule version
// (the code's, not the config's), the tenant and the event, so one finding has one id under
// both configs.

#include <map>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "app/config.h"
#include "app/replay_pass.h"
#include "pipeline/sink.h"

namespace consentry {

// What a shadow run keeps of each standing alert (not its evidence: a large input may have
// millions).
struct ShadowAlert {
  std::string detector;
  std::string tenant;
  std::string about;  // the event id, or a sender-level alert's entity
  Timestamp at;       // the event time, or the window's start
  std::string severity;
  std::string reason;
};

// The standing alerts of a pass, by alert id: an alert, less its retraction. Dead letters are
// counted; a sender record never reaches a replay's sink (FailedPrecondition).
class NetAlertSink final : public Sink {
 public:
  Status Emit(const Alert& alert) override;
  Status Emit(const DlqEntry& entry) override;
  Status Emit(const SenderRecord& record) override;
  // A shadow run publishes nothing: report aggregates are dropped.
  Status Emit(const StatsRecord&) override { return Status::Ok(); }
  Status Commit(StoreBatch& writes, const std::map<TopicPartition, int64_t>& next) override;

  const std::map<std::string, ShadowAlert>& alerts() const { return alerts_; }
  int64_t dead_letters() const { return dead_letters_; }

 private:
  std::map<std::string, ShadowAlert> alerts_;
  int64_t dead_letters_ = 0;
};

struct DetectorDiff {
  std::vector<std::pair<std::string, ShadowAlert>> added, removed;  // (alert id, alert)
  std::vector<std::pair<std::string, std::pair<ShadowAlert, ShadowAlert>>> changed;  // (was, is)
  int64_t unchanged = 0;  // reworded ones included
  int64_t reworded = 0;   // the same severity, another reason sentence
};

struct ShadowDiff {
  std::map<std::string, DetectorDiff> by_detector;
  int64_t baseline_alerts = 0, proposed_alerts = 0;
  bool changed() const;
};

ShadowDiff DiffAlerts(const std::map<std::string, ShadowAlert>& baseline,
                      const std::map<std::string, ShadowAlert>& proposed);

// The report: totals, then per detector the counts and up to `samples` of each kind of change;
// unchanged detectors on one line.
std::string RenderShadowDiff(const ShadowDiff& diff, size_t samples);

// Every change as JSON lines, one per alert: {"change": "added"|"removed"|"changed", "alert_id",
// "detector", "tenant", "about", "at", "severity", "reason"} (a changed alert as it is now, with
// "was_severity").
Status WriteShadowDiff(const ShadowDiff& diff, const std::string& path);

// Both passes over `pass.input` (each in a scratch state), baseline first.
StatusOr<ShadowDiff> RunShadow(const Config& proposed, const Config& baseline,
                               const ReplayPass& pass);

}  // namespace consentry
