#pragma once
// complaint.rate (rule version 1): a sender's spam-complaint rate over the last 24 hours passes
// the Gmail bulk-sender guideline: warn above 0.1 %, alert above 0.3 %.
//
// Per tenant and sender, hourly buckets (epoch-aligned) of messages sent, bounces and
// complaints. Each closed hour H is decided in order, on the sums over the `window` (24h) ending
// at H's end: rate = complaints / (sent - bounces), judged only when sent - bounces >=
// min_volume (1000). Level: alert when rate > alert_rate (0.003), warn when rate > warn_rate
// (0.001), else ok; comparisons are exact ("above" is strictly greater: 3 in 1,000 is warn).
// Unjudged hours (too little volume) are ok. A finding is emitted only when the level rises
// from the previous decided hour (ok -> warn, ok -> alert, warn -> alert): a sender whose rate
// stays high is reported once, and again after it came back down and rose again.
// Every hour is decided, also those without new inputs, since an old hour leaving the window
// can raise the rate; an hour whose window holds no input at all is ok.
//
// Feedback that names no tenant (feedback.v1's tenant is optional) counts for the sender's tenant
// when exactly one tenant has messages of that sender in the window, on the same partition;
// otherwise it counts for none. Only complaints and bounces count.
//
// Parameters: alert_severity (high), warn_severity (low), window (24h, whole hours),
// min_volume (1000), warn_rate ("0.001"), alert_rate ("0.003"; at least warn_rate).

#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "detectors/registry.h"
#include "detectors/sender/complaint_rate/complaint_state.h"
#include "detectors/sender/sender_detector.h"
#include "detectors/sender/sender_params.h"

namespace consentry {

class ComplaintRateDetector final : public SenderDetector {
 public:
  static constexpr std::string_view kName = "complaint.rate";
  static constexpr std::string_view kRuleVersion = "1";

  struct Options {
    Severity alert_severity = Severity::kHigh;
    Severity warn_severity = Severity::kLow;
    int64_t window_hours = 24;
    int64_t min_volume = 1000;
    Ratio warn_rate{1, 1000};
    Ratio alert_rate{3, 1000};
  };

  static StatusOr<std::unique_ptr<SenderDetector>> Create(const DetectorParams& params);

  explicit ComplaintRateDetector(Options options) : options_(options) {}

  std::string_view Name() const override { return kName; }
  std::string_view RuleVersion() const override { return kRuleVersion; }
  void Add(int32_t partition, const SenderMessage& message) override;
  void Add(int32_t partition, const SenderFeedback& feedback) override;
  void Close(Timestamp watermark, std::vector<SenderFinding>& findings) override;
  void TakeChanges(std::vector<SenderStateChange>& changes) override;
  [[nodiscard]] Status Restore(int32_t partition, std::string_view key,
                               std::string_view value) override;
  void Forget(int32_t partition) override;

 private:
  // (partition, sender, tenant): a sender's entries are adjacent, the one without a tenant first.
  using Key = std::tuple<int32_t, SenderId, TenantId>;

  HourCounts& Bucket(const Key& key, Timestamp at);
  // Decides the closed hours of `key` up to `last`, appending findings.
  void Decide(const Key& key, ComplaintEntity& e, int64_t last,
              std::vector<SenderFinding>& findings) const;
  // Whether `key`'s tenant is the only one with messages of its sender in the window ending at
  // hour `h` (so that feedback naming no tenant is its).
  bool SoleTenant(const Key& key, int64_t h) const;

  Options options_;
  std::map<Key, ComplaintEntity> entities_;
  std::set<Key> dirty_;
  Timestamp closed_until_ = Timestamp::min();
};

}  // namespace consentry
