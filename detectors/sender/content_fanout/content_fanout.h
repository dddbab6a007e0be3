#pragma once
// content.fanout (rule version 1): the same or near-same content goes, in one window, to many
// distinct recipients of whom a large share lack consent, or comes from many senders at once.
//
// Per tenant, across every sender and every by-sender partition of this instance, in epoch-
// aligned tumbling windows of `window` (default 1h). For each (partition, tenant, window,
// content fingerprint) the detector keeps a message count, HyperLogLogs of the recipients, of
// the recipients of messages that lacked consent and of the senders, and an exact sample of up
// to 32 senders with their counts (hyperloglog.h, fanout_state.h). Messages without a
// fingerprint are ignored.
//
// When the window closes: the entries of all partitions are merged per (tenant, fingerprint);
// fingerprints within Hamming distance `k` (default 3) are clustered (transitively: k + 1 bands
// of the 64 bits, so two fingerprints within distance k share at least one band; only those are
// compared; union-find). The cluster id is its smallest fingerprint. A cluster fires when
//   (a) distinct recipients >= min_recipients (1000) and the unconsented share (distinct
//       recipients without consent / distinct recipients) >= unconsented_share (0.5), or
//   (b) distinct senders >= min_senders (20), distinct recipients >=
//       min_recipients_many_senders (200) and the unconsented share >=
//       many_senders_unconsented_share (0.2).
// A common template that many senders send to consented recipients does not fire.
// The window's entries are then dropped.
//
// Only the partitions assigned to this instance are seen: with several instances, each judges
// its share of a tenant's traffic (the alert id is the same, the counts are per instance).
//
// Parameters: severity (high), window (1h), k (3, 0..7), min_recipients (1000),
// unconsented_share (0.5), min_senders (20), min_recipients_many_senders (200),
// many_senders_unconsented_share (0.2), precision (HyperLogLog precision, 12, 4..16).

#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "detectors/registry.h"
#include "detectors/sender/content_fanout/fanout_state.h"
#include "detectors/sender/sender_detector.h"
#include "detectors/sender/sender_params.h"

namespace consentry {

class ContentFanoutDetector final : public SenderDetector {
 public:
  static constexpr std::string_view kName = "content.fanout";
  static constexpr std::string_view kRuleVersion = "1";

  struct Options {
    Severity severity = Severity::kHigh;
    Duration window = std::chrono::hours(1);
    int k = 3;
    int64_t min_recipients = 1000;
    Ratio unconsented_share{5, 10};
    int64_t min_senders = 20;
    int64_t min_recipients_many_senders = 200;
    Ratio many_senders_unconsented_share{2, 10};
    int precision = HyperLogLog::kDefaultPrecision;
  };

  static StatusOr<std::unique_ptr<SenderDetector>> Create(const DetectorParams& params);

  explicit ContentFanoutDetector(Options options) : options_(options) {}

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
  // (window index, tenant, fingerprint, partition): a window's entries are adjacent, and within
  // it one tenant's, ordered by fingerprint.
  using Key = std::tuple<int64_t, TenantId, uint64_t, int32_t>;
  struct Merged {
    uint64_t fingerprint;
    FanoutEntry entry;
  };

  // Clusters one tenant's merged fingerprints of window `w` and appends the findings.
  void Judge(int64_t w, const TenantId& tenant, std::vector<Merged>& merged,
             std::vector<SenderFinding>& findings) const;
  void Fire(int64_t w, const TenantId& tenant, const std::vector<uint64_t>& fingerprints,
            const FanoutEntry& cluster, std::vector<SenderFinding>& findings) const;

  Options options_;
  std::map<Key, FanoutEntry> entries_;
  std::set<Key> dirty_;
  Timestamp closed_until_ = Timestamp::min();
};

}  // namespace consentry
