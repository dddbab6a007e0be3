#pragma once
// sender.velocity (rule version 1): a sender or a campaign of a tenant suddenly sends far above
// its own baseline (a compromised account, a runaway job), or a campaign sends past the volume
// it declared.
//
// Two epoch-aligned tumbling windows per entity: `window` (default 1m) and `long_window`
// (default 10m), decided independently, in window order, once the stage watermark passes their
// end. Only windows with messages are decided; the empty windows between two of them count as
// zeros in the baseline (the EWMA decayed in closed form), so decisions depend only on the
// messages, never on how Close calls were split.
//
// Observed count of a window: its messages, less the messages of campaigns with a declared
// expected_volume as long as that campaign's running total (its messages in this entity's
// decided windows of this length, this window included) stays within
// expected_volume * (1 + volume_tolerance); the excess counts. So a declared 15,000-message
// campaign does not make its sender's account look hijacked; sending past the declaration does.
//
// A sender fires when all hold (and, with campaign_baseline: true, a campaign with no declared
// volume in the window too; off by default, since a burst within a campaign is a burst of its
// sender, flagged once there, and a campaign starting its send from zero is not a burst):
//   - warmed up: its first message since it (re)started is at least `warmup` (30m) before the
//     window start (a new sender is never judged: it has no baseline yet);
//   - observed >= min_volume (100 for the short window; long_min_volume, by default min_volume
//     scaled by long_window / window, i.e. 1,000, for the long one);
//   - observed > mean + z * sd (z = 6) and observed > ratio * mean (ratio = 5), mean and sd the
//     EWMA (alpha = 0.1) of the entity's observed counts per window and of their variance.
// The long window catches a slower ramp: it stays quiet when a short window starting inside it
// already fired (same burst, and often the same window start, hence the same alert id).
// A campaign with a declared volume in the window is judged only against it, in the short
// window: it fires once, on the window where its running total passes the limit.
// The baseline starts at the first decided window's count (variance 0) and is updated with every
// decided window's observed count, after the decision. After 30 days without a message the
// entity starts again (warm-up, baseline), and its state entry expires.
//
// Campaign totals are counted per by-sender partition (a campaign sent by several senders on
// several partitions is judged per partition); a campaign finding names no sender.
//
// Parameters: severity (high), window (1m), long_window (10m, a multiple of window), warmup
// (30m), alpha (0.1, in (0, 1]), z (6), ratio (5), min_volume (100), long_min_volume,
// volume_tolerance (0.1), campaign_baseline (false).

#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "detectors/registry.h"
#include "detectors/sender/sender_detector.h"
#include "detectors/sender/sender_velocity/velocity_state.h"

namespace consentry {

class SenderVelocityDetector final : public SenderDetector {
 public:
  static constexpr std::string_view kName = "sender.velocity";
  static constexpr std::string_view kRuleVersion = "1";
  // Silence after which an entity starts again and its state expires.
  static constexpr Duration kIdleExpiry = std::chrono::hours(24 * 30);

  struct Options {
    Severity severity = Severity::kHigh;
    Duration window = std::chrono::minutes(1);
    Duration long_window = std::chrono::minutes(10);
    Duration warmup = std::chrono::minutes(30);
    double alpha = 0.1;
    double z = 6;
    double ratio = 5;
    int64_t min_volume = 100;
    int64_t long_min_volume = 1000;
    double volume_tolerance = 0.1;
    bool campaign_baseline = false;
  };

  static StatusOr<std::unique_ptr<SenderDetector>> Create(const DetectorParams& params);

  explicit SenderVelocityDetector(Options options) : options_(options) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  void Add(int32_t partition, const SenderMessage& message) override;
  void Add(int32_t partition, const SenderFeedback& feedback) override {}
  void Close(Timestamp watermark, std::vector<SenderFinding>& findings) override;
  void TakeChanges(std::vector<SenderStateChange>& changes) override;
  [[nodiscard]] Status Restore(int32_t partition, std::string_view key,
                               std::string_view value) override;
  void Forget(int32_t partition) override;

 private:
  using Key = std::pair<int32_t, VelocityKey>;

  void AddTo(const Key& key, const SenderMessage& message);
  VelocityEntity Fresh() const;
  // Decides window `w` of lane `lane_index` of the entity, appending findings.
  // Returns whether the baseline rule fired.
  bool Decide(const VelocityKey& key, VelocityLane& lane, int lane_index, int64_t w,
              const WindowTally& tally, std::vector<SenderFinding>& findings) const;
  SenderFinding MakeFinding(const VelocityKey& key, Timestamp start, Timestamp end) const;

  Options options_;
  std::map<Key, VelocityEntity> entities_;
  std::set<Key> dirty_;
  // The highest watermark closed so far: inputs before it break the stage's contract.
  Timestamp closed_until_ = Timestamp::min();
};

}  // namespace consentry
