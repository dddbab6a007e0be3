#pragma once
// How `consentry score` judges sender-level alerts (sender.velocity, content.fanout,
// complaint.rate): they name no message but an entity and a window, so they are matched to the
// generator's sender labels (gen/traffic.h, SenderLabel) instead of event ids.
//
// An alert matches a label when the detector and tenant are the same, the entities match
// ("sender:<id>" and "campaign:<id>" exactly; "content:<hex>" when the two 64-bit fingerprints
// are within Hamming distance 3) and the alert's window [window_start, window_end) overlaps the
// label's [from, to). Per detector: recall = positive labels matched by at least one alert /
// positive labels; precision = alerts matching some positive label / alerts; and the alerts
// matching a negative label, which must be none.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace consentry {

struct SenderLabelRow {
  std::string detector, tenant, entity, scenario;
  Timestamp from, to;
  bool positive = true;
};

struct SenderAlert {
  std::string alert_id, detector, tenant, entity;
  std::optional<Timestamp> window_start, window_end;  // absent: matches no label
};

// Within Hamming distance 3 for two "content:<1-16 hex digits>"; equal strings otherwise.
bool EntitiesMatch(std::string_view label_entity, std::string_view alert_entity);
bool Matches(const SenderLabelRow& label, const SenderAlert& alert);

struct SenderScore {
  std::string detector;
  int64_t positives = 0;    // positive labels
  int64_t found = 0;        // positive labels matched by an alert
  int64_t alerts = 0;       // net alerts of the detector
  int64_t on_positive = 0;  // alerts matching a positive label
  int64_t on_negative = 0;  // alerts matching a negative label
  double Precision() const { return alerts == 0 ? 1.0 : static_cast<double>(on_positive) / alerts; }
  double Recall() const { return positives == 0 ? 1.0 : static_cast<double>(found) / positives; }
};

// One row per detector named by a label or an alert, sorted by detector.
std::vector<SenderScore> ScoreSenders(const std::vector<SenderLabelRow>& labels,
                                      const std::vector<SenderAlert>& alerts);

}  // namespace consentry
